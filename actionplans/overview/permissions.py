"""Who may see a partnership's overview: the people who answer for all its plans, its leads and
its managers (board members). An agency owner sees their own agency's work, not the whole."""

import rules

from agencies.permissions import is_lead, is_manager

can_view_partnership_overview = is_lead | is_manager

rules.add_rule("can_view_partnership_overview", can_view_partnership_overview)
