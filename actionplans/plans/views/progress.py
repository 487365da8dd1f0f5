"""Progress updates, revised due dates and evidence on one action: the owner's daily work."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from accounts.kept_forms import posted_or_kept
from actionplans.plans import services
from actionplans.plans.evidence import SNIFF_BYTES, detected_type, download_name
from actionplans.plans.forms import EvidenceForm, ProgressUpdateForm, RevisedDueDateForm
from actionplans.plans.models import Evidence
from actionplans.plans.selectors import action_or_404, visible_actions
from actionplans.plans.services import InvalidTransition, StaleVersion
from agencies.http import AuthenticatedHttpRequest
from formtokens.services import AlreadySaved
from ui.pages import render_form_page, safe_next


def progress_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(request.user, pk, "can_update_action")
    # On a GET, what they typed when their session ran out, if it was kept for them.
    form = ProgressUpdateForm(posted_or_kept(request) or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_progress_update(
                action=action,
                author=request.user,
                text=form.cleaned_data["text"],
                rag=form.cleaned_data["rag"],
                status=form.cleaned_data["status"],
                internal=form.cleaned_data["internal"],
                form_token=form.one_time_token(),
            )
        except InvalidTransition as refused:
            form.add_error(None, str(refused))
        except AlreadySaved as saved:
            messages.info(request, str(saved))
            return redirect(action)
        else:
            messages.success(request, f"Progress update added to {action.reference}.")
            if request.POST.get("next") == "my-actions":
                return redirect("actionplans:my-actions")
            return redirect(action)
    return render_form_page(
        request,
        form,
        title=f"Add a progress update to {action.reference}",
        caption=action.title,
        back_url=action.get_absolute_url(),
        next=request.GET.get("next", ""),
    )


def revise_due_date(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(request.user, pk, "can_update_action")
    form = RevisedDueDateForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_due_date(
                action=action,
                by=request.user,
                new_date=form.cleaned_data["revised_due_date"],
                reason=form.cleaned_data["revised_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            form = RevisedDueDateForm(data, action=stale.current)
            form.is_valid()
            form.add_error(
                None,
                "Someone else changed this action while you were editing. Its due date is now "
                f"{stale.current.current_due_date:%-d %B %Y}. Check and save again.",
            )
        else:
            messages.success(request, f"Due date of {action.reference} revised.")
            return redirect(safe_next(request, action.get_absolute_url()))
    return render_form_page(
        request,
        form,
        title=f"Revise the due date of {action.reference}",
        caption=f"Due {action.current_due_date:%-d %B %Y}"
        + (f" (originally {action.due_date:%-d %B %Y})" if action.revised_due_date else ""),
        back_url=safe_next(request, action.get_absolute_url()),
        next=request.POST.get("next") or request.GET.get("next", ""),
    )


def evidence_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_or_404(request.user, pk, "can_update_action")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_evidence(
                action=action,
                by=request.user,
                description=form.cleaned_data["description"],
                upload=form.cleaned_data.get("file"),
                checked=form.checked,
                url=form.cleaned_data.get("url", ""),
                form_token=form.one_time_token(),
            )
        except AlreadySaved as saved:
            messages.info(request, str(saved))
        else:
            messages.success(request, f"Evidence added to {action.reference}.")
        return redirect(action)
    return render_form_page(
        request,
        form,
        title=f"Add evidence to {action.reference}",
        caption=action.title,
        back_url=action.get_absolute_url(),
        multipart=True,
        evidence_warning=True,
    )


def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.filter(action__in=visible_actions(request.user)).select_related(
            "action__plan__inspection__partnership", "action__plan__inspection__regime"
        ),
        pk=pk,
        kind=Evidence.Kind.FILE,
    )
    if not rules.test_rule("can_view_evidence", request.user, evidence):
        raise PermissionDenied
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing from storage.") from missing
    # The type is read again from the content, as kept now: it names the file and tells the
    # browser what it is, so neither the uploader's name nor a stored label decides.
    content_type = detected_type(handle.read(SNIFF_BYTES), stored=evidence.content_type)
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(
            reference=evidence.action.reference,
            added_on=timezone.localdate(evidence.added_at),
            content_type=content_type,
        ),
        # Text was accepted only as UTF-8 (see check_upload).
        content_type=f"{content_type}; charset=utf-8"
        if content_type.startswith("text/")
        else content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
