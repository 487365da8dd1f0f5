"""The one way our documents' files are named, downloaded or kept: the kind of document, the
local area, the plan's short name (a partnership may have several plans) and the day, e.g.
`action-plan-southampton-jtai-2025-2025-10-23.pdf`."""

import datetime as dt

from django.utils.text import slugify

from actionplans.plans.models import ActionPlan
from agencies.models import Partnership

ACTION_PLAN = "action-plan"
BOARD_REPORT = "board-report"
TEMPLATE = "action-plan-template"
# Across all of a partnership's plans: named by the local area alone.
LITTLE_PROGRESS = "little-progress"
TRACEABILITY = "traceability"


def plan_stem(kind: str, plan: ActionPlan) -> str:
    """The name without a day, e.g. `action-plan-template-southampton-jtai-2025`."""
    inspection = plan.inspection
    return f"{kind}-{slugify(inspection.partnership.local_area)}-{slugify(inspection.short_name)}"


def file_stem(kind: str, *, plan: ActionPlan, day: dt.date) -> str:
    return f"{plan_stem(kind, plan)}-{day:%Y-%m-%d}"


def partnership_file_stem(kind: str, *, partnership: Partnership, day: dt.date) -> str:
    """A document of the whole partnership (every plan), named by its local area, e.g.
    `traceability-southampton-2025-10-23`."""
    return f"{kind}-{slugify(partnership.local_area)}-{day:%Y-%m-%d}"
