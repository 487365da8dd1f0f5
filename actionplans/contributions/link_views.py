"""The one page a contributor's link opens. The token is its only key: it signs nobody in, sets
nothing in the session, and shows only the actions the request names (reference, title, due
date, status and RAG, nothing else of the plan)."""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from actionplans.contributions import selectors, services
from actionplans.contributions.forms import ContributionForm
from actionplans.contributions.models import ContributedUpdate, UpdateRequest
from agencies.security_log import client_ip, log_event
from ui.cache import CACHE_DOWN

# Posts allowed in an hour: per link (a contributor answers a few actions, perhaps fixing a
# mistake) and per address (one office may answer several links).
POSTS_PER_TOKEN = 20
POSTS_PER_IP = 60
WINDOW_SECONDS = 3600


def _over_limit(key: str, limit: int) -> bool:
    try:
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            return cache.incr(key) > limit
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
            return False
    except CACHE_DOWN:
        # As the API's limit does (docs/adr/0015-a-down-cache-is-a-miss.md): while the cache
        # is down the counts cannot be read, and a contributor's update is not refused for it.
        return False


def _refused(
    request: HttpRequest, update_request: UpdateRequest | None, token_hash: str
) -> HttpResponse:
    if update_request is None:
        log_event("contribution_link_unknown", request, token=token_hash[:12])
        return render(
            request, "actionplans/contributions/link_refused.html", {"why": "unknown"}, status=404
        )
    why = "withdrawn" if update_request.withdrawn_at else "expired"
    log_event(f"contribution_link_{why}", request, update_request=update_request.pk)
    return render(
        request,
        "actionplans/contributions/link_refused.html",
        {"why": why, "update_request": update_request},
        status=410,
    )


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def contribute(request: HttpRequest, token: str) -> HttpResponse:
    token_hash = selectors.hash_token(token)
    update_request = selectors.request_for_token(token)
    if update_request is None or not update_request.is_open:
        return _refused(request, update_request, token_hash)
    actions = list(update_request.actions.select_related("owner_agency").order_by("reference"))
    if request.method == "POST":
        over = _over_limit(f"contribute:token:{token_hash}", POSTS_PER_TOKEN)
        over = _over_limit(f"contribute:ip:{client_ip(request)}", POSTS_PER_IP) or over
        if over:
            log_event("contribution_rate_limited", request, update_request=update_request.pk)
            return render(request, "actionplans/contributions/rate_limited.html", status=429)
    else:
        log_event("contribution_link_opened", request, update_request=update_request.pk)
    # A post names its action; one that names none is refused like one that names another's.
    posted_id = request.POST.get("action", "") if request.method == "POST" else None
    forms = {}
    status = 200
    for action in actions:
        bound = posted_id == str(action.pk)
        forms[action.pk] = ContributionForm(
            request.POST if bound else None,
            request.FILES if bound else None,
            prefix_for=action.pk,
        )
    if posted_id is not None:
        chosen = next((a for a in actions if str(a.pk) == posted_id), None)
        if chosen is None:
            log_event("contribution_out_of_scope", request, update_request=update_request.pk)
            return _out_of_scope(request)
        action = chosen
        form = forms[action.pk]
        if form.is_valid():
            try:
                contribution = services.submit_contribution(
                    update_request=update_request,
                    action=action,
                    text=form.cleaned_data["text"],
                    suggested_rag=form.cleaned_data["suggested_rag"],
                    form_token=form.cleaned_data["form_token"],
                    from_ip=client_ip(request) or None,
                    evidence_url=form.cleaned_data["evidence_url"],
                    upload=form.cleaned_data["evidence_file"] if form.checked else None,
                    checked=form.checked,
                )
            except services.ContributionError as refused:
                form.add_error(None, str(refused))
            else:
                log_event(
                    "contribution_submitted",
                    request,
                    update_request=update_request.pk,
                    contribution=contribution.pk,
                    action=action.pk,
                )
                return redirect(f"{request.path}?sent={action.pk}#action-{action.pk}")
        status = 400
    latest = {}
    for contribution in update_request.contributions.order_by("submitted_at"):
        latest[contribution.action_id] = contribution
    return render(
        request,
        "actionplans/contributions/contribute.html",
        {
            "update_request": update_request,
            "rows": [(a, forms[a.pk], latest.get(a.pk)) for a in actions],
            "sent": request.GET.get("sent"),
            "now": timezone.now(),
            "pending": ContributedUpdate.Status.PENDING,
        },
        status=status,
    )


def _out_of_scope(request: HttpRequest) -> HttpResponse:
    return render(
        request, "actionplans/contributions/link_refused.html", {"why": "scope"}, status=404
    )
