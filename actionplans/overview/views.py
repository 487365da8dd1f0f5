"""A partnership's overview across all its plans. Thin: the reads come from `selectors`."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from actionplans.documents import naming
from actionplans.overview import selectors, spreadsheet
from actionplans.overview.forms import OverviewFilterForm
from agencies.http import AuthenticatedHttpRequest
from agencies.models import Partnership
from agencies.permissions import partnerships_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _partnership(request: AuthenticatedHttpRequest, pk: int) -> Partnership:
    """Another partnership is "not found"; a member who may not see the whole is refused."""
    partnership = get_object_or_404(partnerships_of(request.user), pk=pk)
    if not rules.test_rule("can_view_partnership_overview", request.user, partnership):
        raise PermissionDenied
    return partnership


@require_safe
def overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = OverviewFilterForm(request.GET or None, partnership=partnership)
    plans, today = form.filter(), timezone.localdate()
    context = {
        "partnership": partnership,
        "form": form,
        "rows": selectors.overview_rows(plans, today),
        "little_progress": selectors.little_progress(plans, today),
        "query": request.GET.urlencode(),
    }
    return render(request, "actionplans/overview/overview.html", context)


@require_safe
def little_progress_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The list the page shows, with the page's filters, as an Excel workbook."""
    partnership = _partnership(request, pk)
    form = OverviewFilterForm(request.GET or None, partnership=partnership)
    today = timezone.localdate()
    found = selectors.little_progress(form.filter(), today)
    content = spreadsheet.render_xlsx(found, title=spreadsheet.heading(partnership, day=today))
    name = naming.partnership_file_stem(naming.LITTLE_PROGRESS, partnership=partnership, day=today)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
