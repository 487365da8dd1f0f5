"""Template tags for GOV.UK components that every app's pages repeat.

`{% summary_row "Named lead" %}{{ action.lead_name }}{% endsummary_row %}` writes one row of a
GOV.UK summary list: the key, escaped, and whatever the block renders as the value.
"""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html

register = template.Library()


class SummaryRowNode(template.Node):
    def __init__(self, key: FilterExpression, value: NodeList) -> None:
        self.key = key
        self.value = value

    def render(self, context: Context) -> str:
        return format_html(
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
            '<dd class="govuk-summary-list__value">{}</dd></div>',
            self.key.resolve(context),
            self.value.render(context),
        )


@register.tag
def summary_row(parser: Parser, token: Token) -> SummaryRowNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the row's key")
    value = parser.parse(("endsummary_row",))
    parser.delete_first_token()
    return SummaryRowNode(parser.compile_filter(bits[1]), value)
