"""Readiness, submission and its frozen copy, board reports, document exports and import."""

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone

from actionplans.approvals.selectors import approval_refusals
from actionplans.approvals.services import NotApproved
from actionplans.documents import naming, spreadsheet
from actionplans.documents.plan import build_plan_document, render_docx, render_pdf
from actionplans.documents.spreadsheet_import import (
    HEADINGS,
    IMPORTED,
    LABELS,
    REQUIRED,
)
from actionplans.plans.models import ActionPlan
from actionplans.plans.readiness import Gap, check_readiness
from actionplans.plans.selectors import plan_or_404, visible_plans
from actionplans.plans.services import InvalidTransition
from actionplans.submission.board_reports import default_since
from actionplans.submission.forms import BoardReportForm, ImportUploadForm, SubmitForm
from actionplans.submission.imports import apply_import, preview, remap_import, stage_import
from actionplans.submission.models import BoardReport, PlanImport, SubmittedPlan
from actionplans.submission.services import produce_board_report, submit_plan
from agencies.http import AuthenticatedHttpRequest

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _attachment(content: bytes | str, *, filename: str, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(plan: ActionPlan) -> str:
    return naming.file_stem(naming.ACTION_PLAN, plan=plan, day=timezone.localdate())


def plan_export(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """The live plan as Word, PDF, Excel or CSV, for anyone who may see the plan."""
    plan = plan_or_404(request.user, pk, "can_view_plan")
    if kind == "docx":
        content: bytes | str = render_docx(build_plan_document(plan))
    elif kind == "pdf":
        content = render_pdf(build_plan_document(plan))
    elif kind == "xlsx":
        content = spreadsheet.render_xlsx(
            spreadsheet.action_rows(plan),
            heading=spreadsheet.plan_heading(plan, day=timezone.localdate()),
        )
    elif kind == "csv":
        content = spreadsheet.render_csv(spreadsheet.action_rows(plan))
    else:
        raise Http404
    return _attachment(content, filename=f"{_stem(plan)}.{kind}", kind=kind)


def plan_readiness(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, "can_edit_plan")
    gaps = check_readiness(plan, today=timezone.localdate())
    return render(
        request,
        "actionplans/submission/plan_readiness.html",
        {"plan": plan, "gaps": gaps, "submissions": plan.submissions.all()},
    )


def plan_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark as submitted, in two steps: GET (or a POST without `confirm`) asks, showing what is
    still missing; only the confirming POST submits. Submitting cannot be undone."""
    plan = plan_or_404(request.user, pk, "can_edit_plan")
    if plan.status != ActionPlan.Status.DRAFT:
        messages.info(request, "This plan has already been submitted.")
        return redirect("actionplans:plan-readiness", pk=plan.pk)
    gaps = check_readiness(plan, today=timezone.localdate())
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return _confirm_submission(request, plan, gaps, SubmitForm())
    form = SubmitForm(request.POST)
    if not form.is_valid() or (gaps and not form.cleaned_data["accept_gaps"]):
        form.add_error(
            "accept_gaps",
            f"The plan still has {len(gaps)} gaps: fix them, or confirm that you want to "
            "submit it as it is",
        )
        return _confirm_submission(request, plan, gaps, form, status=400)
    try:
        frozen = submit_plan(
            plan=plan,
            by=request.user,
            gaps=[gap.message for gap in gaps],
        )
    except NotApproved as refused:
        return _confirm_submission(request, plan, gaps, form, status=400, not_approved=refused)
    except InvalidTransition as refused:
        messages.error(request, str(refused))
        return redirect("actionplans:plan-readiness", pk=plan.pk)
    messages.success(request, "The plan is marked as submitted. Its frozen copy is below.")
    return redirect(frozen)


def _confirm_submission(
    request: AuthenticatedHttpRequest,
    plan: ActionPlan,
    gaps: list[Gap],
    form: SubmitForm,
    status: int = 200,
    not_approved: NotApproved | None = None,
) -> HttpResponse:
    # Who has not approved the plan as it reads now: shown before the lead confirms, and again
    # if the service refuses (an approval went stale in between).
    refusals = not_approved.reasons if not_approved else approval_refusals(plan)
    return render(
        request,
        "actionplans/submission/plan_submit.html",
        {
            "plan": plan,
            "gaps": gaps,
            "form": form,
            "approval_refusals": refusals,
            "approval_error": not_approved is not None,
        },
        status=status,
    )


def _submission(request: HttpRequest, pk: int) -> SubmittedPlan:
    return get_object_or_404(
        SubmittedPlan.objects.filter(plan__in=visible_plans(request.user)).select_related(
            "plan__inspection__partnership", "plan__inspection__regime", "submitted_by"
        ),
        pk=pk,
    )


def submission_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    return render(
        request,
        "actionplans/submission/submission_detail.html",
        {"submission": submission, "document": submission.data, "plan": submission.plan},
    )


def submission_download(request: AuthenticatedHttpRequest, pk: int, kind: str) -> FileResponse:
    submission = _submission(request, pk)
    return _stored_document(submission.word_document, submission.pdf_document, kind)


def _stored_document(word: FieldFile, pdf: FieldFile, kind: str) -> FileResponse:
    """A kept Word or PDF document, under the name it was produced with."""
    file = {"docx": word, "pdf": pdf}.get(kind)
    if file is None:
        raise Http404
    return FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=(file.name or kind).rsplit("/", 1)[-1].split("-", 1)[-1],
        content_type=CONTENT_TYPES[kind],
    )


def board_reports(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan's board progress reports: every member reads them; leads and managers write."""
    plan = plan_or_404(request.user, pk, "can_view_plan")
    today = timezone.localdate()
    may_produce = rules.test_rule("can_produce_board_report", request.user, plan)
    if request.method == "POST" and not may_produce:
        raise PermissionDenied
    form = BoardReportForm(
        request.POST or None, today=today, initial={"since": default_since(plan, today)}
    )
    if request.method == "POST" and form.is_valid():
        report = produce_board_report(
            plan=plan,
            since=form.cleaned_data["since"],
            by=request.user,
            today=today,
        )
        messages.success(
            request,
            f"The report on the changes since {report.since:%-d %B %Y} is ready: "
            "download it below.",
        )
        return redirect("actionplans:board-reports", pk=plan.pk)
    context = {
        "plan": plan,
        "form": form if may_produce else None,
        "reports": plan.board_reports.select_related("produced_by"),
    }
    status = 400 if form.errors else 200
    return render(request, "actionplans/submission/board_reports.html", context, status=status)


def board_report_download(request: AuthenticatedHttpRequest, pk: int, kind: str) -> FileResponse:
    report = get_object_or_404(
        BoardReport.objects.filter(plan__in=visible_plans(request.user)), pk=pk
    )
    return _stored_document(report.word_document, report.pdf_document, kind)


def import_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, "can_edit_plan")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            staged = stage_import(plan=plan, by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("actionplans:import-preview", pk=plan.pk, import_pk=staged.pk)
    columns = [
        {"label": LABELS[key], "required": key in REQUIRED, "headings": HEADINGS[key]}
        for key in IMPORTED
    ]
    return render(
        request,
        "actionplans/submission/import_upload.html",
        {"plan": plan, "form": form, "columns": columns},
    )


def import_preview(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> HttpResponse:
    plan = plan_or_404(request.user, pk, "can_edit_plan")
    staged = get_object_or_404(PlanImport, pk=import_pk, plan=plan, imported_at=None)
    if request.method == "POST" and "remap" in request.POST:
        mapping = {
            key: _column_index(request.POST.get(f"map-{key}"), len(staged.headers))
            for key in IMPORTED
        }
        remap_import(plan_import=staged, mapping=mapping)
    elif request.method == "POST" and "confirm" in request.POST:
        try:
            created = apply_import(plan_import=staged, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{created} action{pluralize(created)} imported.")
            return redirect(plan)
    result = preview(staged, by=request.user)
    fields: list[dict[str, Any]] = [
        {
            "key": key,
            "label": LABELS[key],
            "required": key in REQUIRED,
            "column": staged.mapping.get(key),
        }
        for key in IMPORTED
    ]
    return render(
        request,
        "actionplans/submission/import_preview.html",
        {"plan": plan, "staged": staged, "result": result, "fields": fields},
    )


def _column_index(value: str | None, width: int) -> int | None:
    try:
        index = int(value or "")
    except ValueError:
        return None
    return index if 0 <= index < width else None


def import_template(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An empty spreadsheet with the columns the import reads, and one example row."""
    plan = plan_or_404(request.user, pk, "can_edit_plan")
    example = {
        "recommendation_reference": "1",
        "recommendation": "Improve the timeliness of high-risk referrals to the front door",
        "recommendation_lead_agency": "",
        "finding_reference": "AFI 1",
        "finding": "The timeliness of high-risk referrals by the police to the front door.",
        "reference": "1.1",
        "title": "Audit the timeliness of high-risk referrals",
        "owner_agency": "",
        "lead_name": "Child-centred policing lead",
        "start_date": timezone.localdate(),
        "due_date": timezone.localdate(),
        "status": "Not started",
        "rag": "Green",
        "success_measure": "95% of high-risk referrals within the agreed limit",
    }
    row = [example.get(c.key, "") for c in spreadsheet.COLUMNS]
    return _attachment(
        spreadsheet.render_xlsx([row], title="Action plan"),
        filename=f"{naming.plan_stem(naming.TEMPLATE, plan)}.xlsx",
        kind="xlsx",
    )
