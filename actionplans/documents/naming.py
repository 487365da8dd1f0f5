"""The one way our documents' files are named, downloaded or kept: the kind of document, the
local area and the day, e.g. `action-plan-southampton-2025-10-23.pdf`."""

import datetime as dt

from django.utils.text import slugify

ACTION_PLAN = "action-plan"
BOARD_REPORT = "board-report"


def file_stem(kind: str, *, local_area: str, day: dt.date) -> str:
    return f"{kind}-{slugify(local_area)}-{day:%Y-%m-%d}"
