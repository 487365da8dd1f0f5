from typing import Any

from django import forms

from actionplans.plans.models import Action, ActionPlan
from actionplans.sharing.selectors import linkable_actions
from inspections.models import Recommendation
from ui.forms import GdsFormMixin


class LinkActionForm(GdsFormMixin, forms.Form):
    """Choosing an action of another plan that answers this recommendation too."""

    action = forms.ModelChoiceField(
        queryset=Action.objects.none(),
        widget=forms.RadioSelect,
        label="Which action also answers this recommendation?",
        error_messages={
            "required": "Select the action that also answers this recommendation",
            "invalid_choice": "Select one of the actions listed: that one cannot be linked here",
        },
    )

    def __init__(
        self,
        *args: Any,
        plan: ActionPlan,
        recommendation: Recommendation | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = linkable_actions(plan, recommendation)
