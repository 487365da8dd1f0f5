"""Who may manage a partnership's people: its partnership leads, and nobody else (superusers
set partnerships up in the admin, but get nothing extra here)."""

import rules

from agencies.models import Partnership
from agencies.permissions import AnyUser, is_lead


@rules.predicate
def can_manage_people(user: AnyUser, partnership: Partnership | None) -> bool:
    return bool(is_lead(user, partnership))


rules.add_rule("can_manage_people", can_manage_people)
