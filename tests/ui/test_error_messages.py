"""Every form of the app, submitted empty and with wrong values, says what to do in its own words:
never one of Django's default messages ("This field is required.", "Enter a valid date.")."""

import datetime as dt
import importlib
import inspect
import re
from collections.abc import Iterator
from typing import Any

import django.contrib.auth.forms
import pytest
from django import forms
from django.core import validators
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from actionplans.approvals.models import Approver
from actionplans.contributions.models import Contributor
from actionplans.plans.models import ActionPlan
from config.settings import BASE_DIR
from tests.actionplans.factories import (
    ActionFactory,
    ActionPlanFactory,
    MeasureFactory,
)
from tests.agencies.factories import MembershipFactory
from tests.inspections.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

FORM_MODULES = sorted(
    ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
    for app in ("accounts", "agencies", "inspections", "actionplans")
    for path in (BASE_DIR / app).rglob("forms.py")
)


def our_forms() -> Iterator[type[forms.BaseForm]]:
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def _all_subclasses(cls: type) -> Iterator[type]:
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        yield sub
        yield from _all_subclasses(sub)


def django_default_messages() -> set[str]:
    """The fixed words of every message Django (and the date input's library) would show."""
    messages: set[str] = set()
    for base in (forms.Field, models.Field):
        for cls in [base, *_all_subclasses(base)]:
            if cls.__module__.startswith(("django.", "crispy_forms")):
                messages.update(str(m) for m in getattr(cls, "default_error_messages", {}).values())
    for value in vars(validators).values():
        if inspect.isclass(value) and getattr(value, "message", None) is not None:
            messages.add(str(value.message))
    messages.add(str(models.Model.unique_error_message.__doc__ or ""))
    messages.update(
        ["%(model_name)s with this %(field_labels)s already exists.", "Enter a valid date"]
    )
    password_messages = django.contrib.auth.forms.SetPasswordMixin.error_messages
    messages.update(str(m) for m in password_messages.values())
    return {m for m in messages if m}


def fixed_words(template: str) -> list[str]:
    """The parts of a message template that do not change with its values."""
    return [chunk for chunk in re.split(r"%\(\w+\)[a-z]|\{\w*\}", template) if len(chunk) >= 8]


DEFAULTS = [words for template in django_default_messages() for words in fixed_words(template)]


@pytest.fixture
def world() -> dict[str, Any]:
    plan: ActionPlan = ActionPlanFactory()
    recommendation = RecommendationFactory(inspection=plan.inspection)
    action = ActionFactory(plan=plan, recommendation=recommendation)
    measure = MeasureFactory(plan=plan)
    lead = MembershipFactory(partnership=plan.inspection.partnership).user
    return {
        "plan": plan,
        "user": lead,
        "email": "new.person@example.org",
        "partnership": plan.inspection.partnership,
        "inspection": plan.inspection,
        "action": action,
        "measure": measure,
        "today": dt.date(2026, 3, 31),
        "agencies": plan.inspection.partnership.agencies.all(),
        "approver": Approver.objects.create(plan=plan, agency=recommendation.lead_agency),
        "actions": plan.actions.all(),
        "contributors": Contributor.objects.filter(partnership=plan.inspection.partnership),
        "prefix_for": action.pk,
    }


def build(cls: type[forms.BaseForm], world: dict[str, Any], data: Any, files: Any) -> Any:
    # Across the bases: a mixin's `__init__(*args, **kwargs)` hides the form's own arguments.
    needed = [
        p.name
        for base in cls.__mro__
        if "__init__" in vars(base)
        for p in inspect.signature(vars(base)["__init__"]).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    ]
    needed = list(dict.fromkeys(needed))
    missing = [n for n in needed if n not in world]
    assert not missing, f"{cls.__name__} needs {missing}: add them to the world of this test"
    return cls(data, files, **{n: world[n] for n in needed})


def wrong_values(form: forms.BaseForm) -> tuple[dict[str, Any], dict[str, Any]]:
    """A value of the wrong kind for every field, as a careless or mischievous person sends."""
    data: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.MultiValueField):
            data |= {f"{key}_0": "31", f"{key}_1": "2", f"{key}_2": "twenty"}
        elif isinstance(field, forms.FileField):
            files[key] = SimpleUploadedFile("empty.pdf", b"")
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[key] = ["nonsense"]
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            data[key] = "nonsense"
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            data[key] = "twelve"
        elif isinstance(field, forms.URLField):
            data[key] = "not a link"
        elif isinstance(field, forms.EmailField):
            data[key] = "nobody"
        elif isinstance(field, forms.CharField):
            data[key] = "x" * ((field.max_length or 5000) + 1)
    return data, files


def messages_of(form: forms.BaseForm) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def assert_says_what_to_do(cls: type, messages: list[str]) -> None:
    for message in messages:
        defaults = [words for words in DEFAULTS if words in message]
        assert not defaults, f"{cls.__name__} says Django's {message!r}"
        assert not message.endswith("."), f"{cls.__name__}: {message!r} ends with a full stop"
        assert message[:1].isupper(), f"{cls.__name__}: {message!r}"


def test_the_walk_finds_every_form():
    names = {cls.__name__ for cls in our_forms()}
    assert {"ActionForm", "FindingForm", "InspectionForm", "ReadingForm", "TokenForm"} <= names
    assert len(names) >= 15


@pytest.mark.parametrize("cls", list(our_forms()), ids=lambda cls: cls.__name__)
def test_an_empty_form_says_what_to_enter(cls, world):
    form = build(cls, world, {}, {})
    form.is_valid()
    assert_says_what_to_do(cls, messages_of(form))


@pytest.mark.parametrize("cls", list(our_forms()), ids=lambda cls: cls.__name__)
def test_wrong_values_say_what_to_fix(cls, world):
    data, files = wrong_values(build(cls, world, None, None))
    form = build(cls, world, data, files)
    assert not form.is_valid() or not (data or files)
    assert_says_what_to_do(cls, messages_of(form))


def test_an_empty_action_names_each_field(world):
    from actionplans.plans.forms import ActionForm

    form = ActionForm({}, plan=world["plan"], user=world["user"])
    assert not form.is_valid()
    assert form.errors["title"] == ["Enter what will be done"]
    assert form.errors["lead_name"] == ["Enter the named lead person"]
    assert form.errors["due_date"] == ["Enter the due date"]
    assert form.errors["owner_agency"] == ["Select the owner agency"]


def test_the_walk_would_catch_djangos_words():
    class Plain(forms.Form):
        name = forms.CharField()
        day = forms.DateField()
        kind = forms.ChoiceField(choices=[("a", "A")])
        count = forms.IntegerField()

    empty, wrong = Plain({}), Plain({"day": "soon", "kind": "b", "count": "x", "name": "n"})
    for form in (empty, wrong):
        form.is_valid()
        for message in messages_of(form):
            assert any(words in message for words in DEFAULTS), message
