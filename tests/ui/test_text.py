"""Text people type keeps everything a document can hold and loses only what it cannot."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.http import QueryDict

from config.settings import BASE_DIR
from ui.forms import CleanTextMixin
from ui.text import clean_text, is_clean

KEPT = "Réunion à Southampton — שלום 👩‍⚕️ 1.2\tnext\r\nline \u200f(RTL mark) \U0010fffd"


def test_everything_a_person_writes_is_kept():
    assert clean_text(KEPT) == KEPT
    assert is_clean(KEPT)


# C0 controls but tab, LF and CR; DEL and the C1 controls; U+FFFE, U+FFFF; lone surrogates.
UNSAFE = [0x00, 0x07, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x85, 0x9F, 0xFFFE, 0xFFFF, 0xD800, 0xDFFF]


@pytest.mark.parametrize("unsafe", [chr(c) for c in UNSAFE], ids=[f"U+{c:04X}" for c in UNSAFE])
def test_what_xml_cannot_hold_is_removed(unsafe):
    assert clean_text(f"before{unsafe}after") == "beforeafter"
    assert not is_clean(unsafe)


def test_none_stays_none():
    assert clean_text(None) is None


class Example(CleanTextMixin, forms.Form):
    name = forms.CharField()
    tags = forms.MultipleChoiceField(choices=[("a\x07", "A"), ("a", "A")])


def test_posted_text_is_cleaned_before_any_field_sees_it():
    data = QueryDict(mutable=True)
    data["name"] = "DI\x07 Smith"
    data.setlist("tags", ["a\x07"])
    form = Example(data)
    assert form.is_valid()
    assert form.cleaned_data == {"name": "DI Smith", "tags": ["a"]}
    assert data["name"] == "DI\x07 Smith"  # the request's own data is left as it came


class WithPassword(CleanTextMixin, forms.Form):
    name = forms.CharField()
    password = forms.CharField(strip=False, widget=forms.PasswordInput)


@pytest.mark.parametrize("prefix", [None, "account"])
def test_a_password_is_kept_as_typed(prefix):
    """Sign-in compares the password as typed: one cleaned when it was set would never match."""
    key = "password" if prefix is None else f"{prefix}-password"
    name = "name" if prefix is None else f"{prefix}-name"
    form = WithPassword({name: "Sam\x07", key: "pass\x07word"}, prefix=prefix)
    assert form.is_valid()
    assert form.cleaned_data == {"name": "Sam", "password": "pass\x07word"}


def test_a_plain_dict_is_cleaned_too():
    form = Example({"name": "\x1bSmith", "tags": ["a\x07"]})
    assert form.is_valid()
    assert form.cleaned_data == {"name": "Smith", "tags": ["a"]}


def product_forms():
    for app in ("accounts", "agencies", "inspections", "actionplans", "ui"):
        for module in pkgutil.walk_packages([str(BASE_DIR / app)], prefix=f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            loaded = importlib.import_module(module.name)
            for _, value in inspect.getmembers(loaded, inspect.isclass):
                if (
                    issubclass(value, forms.BaseForm)
                    and value.__module__ == loaded.__name__
                    and value is not Example
                ):
                    yield value


# Forms that store no text: a password is compared exactly as typed, never changed; the plan
# search turns control characters into spaces itself, so that "Knowledge<tab>Hub" still finds
# "Knowledge Hub".
# UpdateAllForm carries only the page's one-time token; its rows are ProgressUpdateForms.
STORES_NO_TEXT = {"SignInForm", "ActionSearchForm", "UpdateAllForm"}


def test_every_form_of_ours_cleans_its_text():
    found = set(product_forms())
    assert len(found) >= 15  # the walk finds the forms (a walk that finds none would pass)
    unclean = {f.__name__ for f in found if not issubclass(f, CleanTextMixin)}
    assert unclean == STORES_NO_TEXT
