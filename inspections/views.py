"""The inspection's own pages: its details, findings and recommendations (the lead writes them).

These pages know nothing of the action plan; after a change they return to the page that sent the
person here (`next`, when it is one of ours) or to the inspection.
"""

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import CreateView, DeleteView, UpdateView

from agencies.permissions import RuleRequiredMixin
from inspections import services
from inspections.forms import FindingForm, FindingsPasteForm, InspectionForm, RecommendationForm
from inspections.models import Finding, Inspection, Recommendation
from inspections.selectors import suggested_reference, visible_inspections
from ui.forms import ADD_ANOTHER
from ui.pages import render_form_page, safe_next


def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        visible_inspections(request.user).select_related("partnership"), pk=pk
    )
    return render(
        request,
        "inspections/inspection_detail.html",
        {"inspection": inspection, "findings": inspection.findings.all()},
    )


class ReturnToNextMixin:
    """Go back where the person came from, if it is a page of this site."""

    request: HttpRequest

    def next_url(self, fallback: str) -> str:
        return safe_next(self.request, fallback)


class InspectionChildMixin(RuleRequiredMixin, ReturnToNextMixin):
    """Create, edit or remove something that belongs to one inspection the user may edit."""

    rule = "can_edit_inspection"
    template_name: str | None = "form_page.html"
    page_title: str
    kwargs: dict[str, Any]

    def get_inspection(self) -> Inspection:
        if not hasattr(self, "_inspection"):
            self._inspection = get_object_or_404(
                visible_inspections(self.request.user), pk=self.kwargs["inspection_pk"]
            )
        return self._inspection

    def get_rule_object(self) -> object:
        return self.get_inspection()

    def get_queryset(self) -> QuerySet[Any]:
        return self.model.objects.filter(inspection=self.get_inspection())  # type: ignore[attr-defined]  # a mixin: the view sets `model`

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "inspection": self.get_inspection()}  # type: ignore[misc]  # a mixin over a generic view

    def get_success_url(self) -> str:
        return self.next_url(self.get_inspection().get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(  # type: ignore[misc]  # a mixin over a generic view
            caption=self.get_inspection().title,
            title=self.page_title,
            back_url=self.get_success_url(),
            next=self.request.GET.get("next", ""),
            **kwargs,
        )

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[misc]  # a mixin over a generic view
        messages.success(self.request, f"{self.model._meta.verbose_name.capitalize()} saved.")  # type: ignore[attr-defined]  # a mixin: the view sets `model`
        return response


class FindingCreateView(InspectionChildMixin, CreateView):
    model = Finding
    form_class = FindingForm
    page_title = "Add a finding from the letter"

    def get_success_url(self) -> str:
        if ADD_ANOTHER in self.request.POST:
            # The same empty form again, still returning where it was going to.
            return self.request.get_full_path()
        return super().get_success_url()


def findings_paste(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Several findings at once: the lead pastes the letter's paragraphs."""
    inspection = get_object_or_404(visible_inspections(request.user), pk=inspection_pk)
    if not rules.test_rule("can_edit_inspection", request.user, inspection):
        raise PermissionDenied
    form = FindingsPasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = services.add_findings(
            inspection=inspection, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
        )
        n = len(added)
        messages.success(request, f"{n} finding{'s' if n != 1 else ''} added.")
        return redirect(safe_next(request, inspection.get_absolute_url()))
    return render_form_page(
        request,
        form,
        title="Paste several findings",
        caption=inspection.title,
        back_url=safe_next(request, inspection.get_absolute_url()),
        next=request.POST.get("next") or request.GET.get("next", ""),
    )


class FindingUpdateView(InspectionChildMixin, UpdateView):
    model = Finding
    form_class = FindingForm
    page_title = "Edit the finding"


class RecommendationCreateView(InspectionChildMixin, CreateView):
    model = Recommendation
    form_class = RecommendationForm
    page_title = "Add a recommendation"

    def get_initial(self) -> dict[str, Any]:
        inspection = self.get_inspection()
        initial: dict[str, Any] = {"reference": suggested_reference(inspection)}
        finding = inspection.findings.filter(pk=self.request.GET.get("finding")).first()
        if finding is not None:
            initial |= {"finding": finding, "title": finding.text[:300]}
        return initial

    def form_valid(self, form: Any) -> HttpResponse:
        form.instance.position = self.get_inspection().recommendations.count() + 1
        return super().form_valid(form)


class RecommendationUpdateView(InspectionChildMixin, UpdateView):
    """The lead edits all of it; an owner of its lead agency, the fields
    `recommendation_fields_editable_by` gives them (the form holds no others)."""

    rule = "can_edit_recommendation"
    model = Recommendation
    form_class = RecommendationForm
    page_title = "Edit the recommendation"

    def get_rule_object(self) -> object:
        return self.get_object()

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}


class ChildDeleteView(InspectionChildMixin, DeleteView):
    template_name = "confirm_delete.html"
    # DeleteView would delete on DELETE without the form; removal goes through the POST form only.
    http_method_names = ["get", "head", "options", "post"]
    warning: str
    protected_message: str

    def get_form_kwargs(self) -> dict[str, Any]:
        return DeleteView.get_form_kwargs(self)

    def blocked_because(self) -> str:
        """Why the object cannot be removed now ("" when it can)."""
        return ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        blocked = self.blocked_because()
        context = super().get_context_data(warning=self.warning, blocked=blocked, **kwargs)
        if blocked:
            # Asking "Remove this …?" would offer what cannot be done: say so instead.
            noun = self.model._meta.verbose_name  # type: ignore[attr-defined]  # the view sets `model`
            context["title"] = f"You cannot remove this {noun} yet"
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        label = str(self.object)
        try:
            self.object.delete()
        except ProtectedError:
            messages.error(self.request, self.protected_message)
            return redirect(self.get_success_url())
        messages.success(self.request, f"Removed {label}.")
        return redirect(self.get_success_url())


class FindingDeleteView(ChildDeleteView):
    model = Finding
    page_title = "Remove this finding?"
    warning = "Recommendations that answer it are kept, without the link to it."
    protected_message = "This finding cannot be removed."


class RecommendationDeleteView(ChildDeleteView):
    model = Recommendation
    page_title = "Remove this recommendation?"
    warning = "A recommendation with actions cannot be removed: remove or move its actions first."
    protected_message = "This recommendation still has actions. Remove or move its actions first."

    def blocked_because(self) -> str:
        references = sorted(self.object.actions.values_list("reference", flat=True))
        if not references:
            return ""
        listed = ", ".join(references)
        return (
            f"It still has {len(references)} action{'s' if len(references) != 1 else ''} "
            f"({listed}). Remove them, or move them to another recommendation, and then remove it."
        )


class InspectionUpdateView(RuleRequiredMixin, ReturnToNextMixin, UpdateView):
    rule = "can_edit_inspection"
    model = Inspection
    form_class = InspectionForm
    template_name = "form_page.html"

    def get_queryset(self) -> QuerySet[Inspection]:
        return visible_inspections(self.request.user)

    def get_success_url(self) -> str:
        messages.success(self.request, "Inspection details saved.")
        return self.next_url(self.object.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title="Edit the inspection details",
            caption=self.object.partnership.name,
            back_url=self.next_url(self.object.get_absolute_url()),
            next=self.request.GET.get("next", ""),
            **kwargs,
        )
