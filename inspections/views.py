"""The inspection's own pages: its details, findings and recommendations (the lead writes them).

These pages know nothing of the action plan; after a change they return to the page that sent the
person here (`next`, when it is one of ours) or to the inspection.
"""

from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.generic import CreateView, DeleteView, UpdateView

from agencies.http import AuthenticatedHttpRequest
from agencies.permissions import RuleRequiredMixin
from formtokens.services import AlreadySaved, saved_once
from formtokens.views import SavesOnceMixin
from inspections import services
from inspections.forms import (
    FindingForm,
    FindingsPasteForm,
    FindingsPreviewForm,
    FindingsRemoveForm,
    InspectionForm,
    RecommendationForm,
)
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


class FindingCreateView(SavesOnceMixin, InspectionChildMixin, CreateView):
    model = Finding
    form_class = FindingForm
    page_title = "Add a finding from the letter"

    def get_success_url(self) -> str:
        if ADD_ANOTHER in self.request.POST:
            # The same empty form again, still returning where it was going to.
            return self.request.get_full_path()
        return super().get_success_url()


def findings_paste(request: AuthenticatedHttpRequest, inspection_pk: int) -> HttpResponse:
    """Several findings at once, in two steps that carry the paste in the page itself (plain
    POSTs, no JavaScript): the lead pastes the letter's paragraphs, then checks what would be
    saved, unticks what is not a finding, and saves. "Change the pasted text" goes back to the
    paste with everything as it was."""
    inspection = get_object_or_404(visible_inspections(request.user), pk=inspection_pk)
    if not rules.test_rule("can_edit_inspection", request.user, inspection):
        raise PermissionDenied
    context = {
        "caption": inspection.title,
        "back_url": safe_next(request, inspection.get_absolute_url()),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    if request.method == "POST" and "save" in request.POST:
        preview = FindingsPreviewForm(request.POST, inspection=inspection)
        if preview.is_valid():
            try:
                with saved_once(
                    token=preview.cleaned_data.get("form_token"),
                    person=request.user,
                    already="These findings were already saved.",
                ):
                    added = services.add_findings(
                        inspection=inspection,
                        kind=preview.cleaned_data["kind"],
                        text=preview.cleaned_data["text"],
                        keep=set(preview.cleaned_data["keep"]),
                    )
            except AlreadySaved as saved:
                messages.info(request, str(saved))
                return redirect(safe_next(request, inspection.get_absolute_url()))
            # Remembered for "Undo", which must remove exactly these and no others.
            request.session[_just_added_key(inspection)] = [f.pk for f in added]
            n = len(added)
            undo = reverse("inspections:findings-undo", args=[inspection.pk])
            next_url = context["next"]
            messages.success(
                request,
                format_html(
                    '{} finding{} added ({}). <a class="govuk-notification-banner__link" '
                    'href="{}">Undo<span class="govuk-visually-hidden"> adding them</span></a>',
                    n,
                    "s" if n != 1 else "",
                    services.listed([f.reference for f in added]),
                    f"{undo}?{urlencode({'next': next_url})}" if next_url else undo,
                ),
            )
            return redirect(safe_next(request, inspection.get_absolute_url()))
        if "kind" not in preview.errors and "text" not in preview.errors:
            return _preview_page(request, preview, context)
        # Only a damaged page sends the paste wrong: show it in its own form, saying why.
    form = FindingsPasteForm(request.POST or None)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        preview = FindingsPreviewForm(initial=form.cleaned_data, inspection=inspection)
        return _preview_page(request, preview, context)
    return render_form_page(request, form, title="Paste several findings", **context)


def _preview_page(
    request: HttpRequest, form: FindingsPreviewForm, context: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        "inspections/findings_paste_preview.html",
        {"form": form, "title": "Check the findings before you save them", **context},
    )


def _just_added_key(inspection: Inspection) -> str:
    return f"findings-just-added-{inspection.pk}"


def findings_undo(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Undo the last paste of findings: asks first, then removes exactly the findings it added."""
    inspection = get_object_or_404(visible_inspections(request.user), pk=inspection_pk)
    if not rules.test_rule("can_edit_inspection", request.user, inspection):
        raise PermissionDenied
    back_url = safe_next(request, inspection.get_absolute_url())
    ids = request.session.get(_just_added_key(inspection), [])
    findings = list(inspection.findings.filter(pk__in=ids).prefetch_related("recommendations"))
    if request.method == "POST" and findings:
        try:
            removed = services.undo_added_findings(inspection=inspection, finding_ids=ids)
        except services.FindingsInUse as used:
            messages.error(
                request,
                f"Not undone: {used}. Remove the findings one by one, or remove the "
                "recommendation first.",
            )
            return redirect(back_url)
        del request.session[_just_added_key(inspection)]
        n = len(removed)
        messages.success(
            request,
            f"Removed the {n} finding{'s' if n != 1 else ''} you had just added: "
            f"{services.listed(removed)}.",
        )
        return redirect(back_url)
    if request.method == "POST":
        messages.error(request, "There is nothing to undo: the findings are already gone.")
        return redirect(back_url)
    answered = services.recommendations_answering(findings)
    return render(
        request,
        "inspections/findings_remove.html",
        {
            "title": "Undo adding these findings?" if findings else "There is nothing to undo",
            "caption": inspection.title,
            "back_url": back_url,
            "next": request.GET.get("next", ""),
            "findings": findings,
            "blocked": f"You cannot undo this now: {services.FindingsInUse(answered)}."
            if answered
            else "",
            "nothing": "There is nothing to undo: no findings were pasted just now, or they "
            "are already gone.",
            "confirm_label": "Yes, remove them",
        },
    )


def findings_remove(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Remove several findings at once: the ticked ones (from the findings list or this page),
    after a confirmation that names them and the recommendations that answer them."""
    inspection = get_object_or_404(visible_inspections(request.user), pk=inspection_pk)
    if not rules.test_rule("can_edit_inspection", request.user, inspection):
        raise PermissionDenied
    back_url = safe_next(request, inspection.get_absolute_url())
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = FindingsRemoveForm(
        request.POST if request.method == "POST" else None, inspection=inspection
    )
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        chosen = list(form.cleaned_data["findings"].prefetch_related("recommendations"))
        if "confirm" in request.POST:
            removed = services.remove_findings(
                inspection=inspection, finding_ids=[f.pk for f in chosen]
            )
            n = len(removed)
            messages.success(
                request, f"Removed {n} finding{'s' if n != 1 else ''}: {services.listed(removed)}."
            )
            return redirect(back_url)
        answered = services.recommendations_answering(chosen)
        n = len(chosen)
        return render(
            request,
            "inspections/findings_remove.html",
            {
                "title": f"Remove these {n} findings?" if n != 1 else "Remove this finding?",
                "caption": inspection.title,
                "back_url": back_url,
                "next": next_url,
                "findings": chosen,
                "selected": True,
                # The same rule as removing one finding: its recommendations stay, unlinked.
                "warning": (
                    f"{_sentence(str(services.FindingsInUse(answered)))}: "
                    f"{'they are' if len(answered) > 1 else 'it is'} kept, without the link."
                    if answered
                    else "Recommendations that answer them are kept, without the link."
                ),
                "confirm_label": "Yes, remove them" if n != 1 else "Yes, remove it",
            },
        )
    if request.method == "POST" and "change" in request.POST:
        form.errors.clear()  # the ticks come back as they were, with no message
    return render_form_page(
        request,
        form,
        title="Remove several findings",
        caption=inspection.title,
        back_url=back_url,
        next=next_url,
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class FindingUpdateView(InspectionChildMixin, UpdateView):
    model = Finding
    form_class = FindingForm
    page_title = "Edit the finding"


class RecommendationCreateView(SavesOnceMixin, InspectionChildMixin, CreateView):
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
