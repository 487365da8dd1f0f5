"""Remove, from text already stored, the characters a Word or Excel file cannot hold.

Before the forms cleaned what people type (`ui.text.clean_text`), one control character pasted
into a progress update made every export of its plan fail. This cleans the rows saved before then,
in the plan and in the inspection it answers. The pattern is copied here, not imported, so that
the migration keeps meaning what it meant when it was written. Frozen copies (submitted plans,
board reports) are left as they were sent.
"""

import re

from django.db import migrations

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

TEXT_FIELDS = {
    ("inspections", "Inspection"): ["title", "theme", "legal_basis", "letter_url"],
    ("inspections", "Finding"): ["reference", "text"],
    ("inspections", "Recommendation"): ["reference", "title", "text"],
    ("actionplans", "Action"): [
        "reference",
        "title",
        "description",
        "lead_name",
        "revised_reason",
        "success_measure",
    ],
    ("actionplans", "ProgressUpdate"): ["text"],
    ("actionplans", "Evidence"): ["description", "original_name", "url"],
    ("actionplans", "Measure"): ["name"],
    ("actionplans", "MeasureReading"): ["comment", "evidence_url"],
}


def clean_stored_text(apps, schema_editor):
    for (app_label, model_name), fields in TEXT_FIELDS.items():
        model = apps.get_model(app_label, model_name)
        changed = []
        for row in model.objects.only("pk", *fields).iterator(chunk_size=500):
            dirty = False
            for name in fields:
                value = getattr(row, name)
                if value and UNSAFE.search(value):
                    setattr(row, name, UNSAFE.sub("", value))
                    dirty = True
            if dirty:
                changed.append(row)
        model.objects.bulk_update(changed, fields, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0010_progress_update_internal"),
        ("inspections", "0002_history"),
    ]

    operations = [
        migrations.RunPython(clean_stored_text, migrations.RunPython.noop),
    ]
