"""Email addresses ignore capitals: no two accounts may differ only by them.

Before the constraint is added, accounts that already clash are looked for. They are not merged
here (each may hold memberships, actions and history): the migration stops and names them, so a
superuser can merge or rename them in the admin and run it again.
"""

from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


class DuplicateEmailAddresses(Exception):
    pass


def clashing_addresses(user_model) -> list[str]:
    return sorted(
        user_model.objects.annotate(address=Lower("email"))
        .values("address")
        .annotate(accounts=Count("pk"))
        .filter(accounts__gt=1)
        .values_list("address", flat=True)
    )


def refuse_clashing_accounts(apps, schema_editor):
    clashes = clashing_addresses(apps.get_model("agencies", "User"))
    if clashes:
        raise DuplicateEmailAddresses(
            "These email addresses belong to more than one account, differing only in capitals: "
            + ", ".join(clashes)
            + ". Merge or rename those accounts in the admin, then run migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("agencies", "0004_backup_codes_hashed")]

    operations = [
        migrations.RunPython(refuse_clashing_accounts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message="Another person already has this email address",
            ),
        ),
    ]
