"""Who may link an action to another source's recommendation, and who reads the traceability
view. Registered with `rules.add_rule` (see actionplans/plans/permissions.py)."""

import rules

from agencies.models import Partnership
from agencies.permissions import AnyUser, is_lead, is_manager
from inspections.models import Recommendation


@rules.predicate
def can_link_action(user: AnyUser, recommendation: Recommendation | None) -> bool:
    """Linking an action to a recommendation, and unlinking it: the partnership's lead, who
    writes the plans."""
    return recommendation is not None and is_lead(user, recommendation.inspection.partnership)


@rules.predicate
def can_view_traceability(user: AnyUser, partnership: Partnership | None) -> bool:
    """Every recommendation of every source and what answers it: the partnership's leads and
    managers, who read its board papers (as `can_produce_board_report`)."""
    return partnership is not None and (is_lead(user, partnership) or is_manager(user, partnership))


rules.add_rule("can_link_action", can_link_action)
rules.add_rule("can_view_traceability", can_view_traceability)
