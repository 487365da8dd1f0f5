import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context: object) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def test_it_writes_a_summary_list_row_with_the_block_as_its_value() -> None:
    html = render('{% summary_row "Named lead" %}{{ name }}{% endsummary_row %}', name="Jo Bloggs")
    assert html == (
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Named lead</dt>'
        '<dd class="govuk-summary-list__value">Jo Bloggs</dd></div>'
    )


def test_it_escapes_what_a_member_typed_in_the_key_and_the_value() -> None:
    html = render(
        "{% summary_row key %}{{ value }}{% endsummary_row %}",
        key="<b>Key</b>",
        value="<script>alert(1)</script>",
    )
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_refuses_a_row_without_a_key() -> None:
    with pytest.raises(TemplateSyntaxError, match="the row's key"):
        render("{% summary_row %}x{% endsummary_row %}")
