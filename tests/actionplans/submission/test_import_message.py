"""After an import the lead is told how many actions came in, in plain English."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.documents import spreadsheet
from actionplans.plans.models import ActionPlan
from actionplans.submission.models import PlanImport
from agencies.models import User
from demo.loader import load_demo
from inspections.models import Inspection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("rows", "said"), [(1, "1 action imported."), (2, "2 actions imported.")])
def test_the_count_of_imported_actions_reads_as_english(client, rows, said):
    load_demo()
    client.force_login(User.objects.get(email="lead@southampton.example"))
    source = ActionPlan.objects.get(inspection__regime__code="jtai")
    demo = source.inspection
    target = ActionPlan.objects.create(
        inspection=Inspection.objects.create(
            partnership=demo.partnership,
            title="An empty inspection",
            theme="Neglect",
            fieldwork_start=dt.date(2026, 5, 1),
            fieldwork_end=dt.date(2026, 5, 5),
        )
    )
    xlsx = spreadsheet.render_xlsx(spreadsheet.action_rows(source)[:rows])
    client.post(
        reverse("actionplans:import-upload", args=[target.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", xlsx)},
    )
    staged = PlanImport.objects.get()
    url = reverse("actionplans:import-preview", args=[target.pk, staged.pk])
    response = client.post(url, {"confirm": "1"})
    assert target.actions.count() == rows
    assert [str(m) for m in get_messages(response.wsgi_request)] == [said]
