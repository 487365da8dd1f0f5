from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inspections.permissions import visible_inspections


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        visible_inspections(request.user).select_related("partnership"), pk=pk
    )
    findings = inspection.findings.all()
    return render(
        request,
        "inspections/inspection_detail.html",
        {"inspection": inspection, "findings": findings},
    )
