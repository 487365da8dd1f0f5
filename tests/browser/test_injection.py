"""Text is shown as typed and never runs: a script in every text field stays inert."""

import pytest
from django.apps import apps
from django.db import models

from actionplans.plans.models import Action
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from tests.support.pages import LEAD_PAGES, page_urls

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)">"><script>window.__xss=2</script>{{7*7}}'
# Fits a 20-character reference with the row's number after it (references are unique). If it
# ever ran, f() would throw, and the page error would fail the test.
SHORT_PAYLOAD = "<svg/onload=f()>"


def inject_everywhere() -> int:
    """Put the payload in every free-text field of every row of the project's models."""
    count = 0
    for app in ("agencies", "inspections", "actionplans"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            fields = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
                and not f.choices
                and not isinstance(f, models.EmailField | models.URLField | models.SlugField)
                and f.name not in ("password", "content_type", "original_name", "name")
                and not f.primary_key
            ]
            # Numbered within the model, not by primary key: on PostgreSQL the keys keep growing
            # from test to test, and a long one would overflow a 20-character reference.
            for number, obj in enumerate(model.objects.all()):
                for field in fields:
                    limit = field.max_length or 10_000
                    value = PAYLOAD if limit >= len(PAYLOAD) + 6 else SHORT_PAYLOAD
                    setattr(obj, field.name, f"{value}{number}")
                    count += 1
                if fields:
                    obj.save(update_fields=[f.name for f in fields])
    return count


def test_no_injected_script_runs_on_any_page(visitor):
    load_demo(freeze_submission=True)
    action = Action.objects.get(reference="1.5")
    assert inject_everywhere() > 200  # every text field of the demo: about 210
    visitor.sign_in("lead@southampton.example", DEMO_PASSWORD)
    for name, url in page_urls(LEAD_PAGES, action).items():
        visitor.goto(url)
        visitor.assert_no_script_ran()
        if name in ("plan", "action", "history", "inspection"):
            assert "window.__xss=2" in visitor.page.inner_text("main")  # shown as text
    assert visitor.errors == []
