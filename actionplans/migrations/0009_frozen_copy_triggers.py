"""Frozen copies (submitted plans, board reports) are protected by PostgreSQL itself: a trigger
refuses every UPDATE and DELETE of their rows, whatever code or console sends it.

The one way round is deliberate: a transaction that sets `jtai.remove_frozen_copies` to `on`
(`actionplans.submission.services.remove_frozen_copies`, used by the demo loader) may DELETE them;
nothing may UPDATE them. On SQLite (development, quick tests) this migration does nothing.
"""

from django.db import migrations

TABLES = ("actionplans_submittedplan", "actionplans_boardreport")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION jtai_refuse_change_to_frozen_copy() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('jtai.remove_frozen_copies', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% of a row of % refused: frozen copies are kept as produced',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # its "%" are PL/pgSQL's, not parameters
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_kept_as_produced BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION jtai_refuse_change_to_frozen_copy()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_kept_as_produced ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS jtai_refuse_change_to_frozen_copy()")


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0008_notifications_and_work_queues")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
