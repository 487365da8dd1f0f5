"""The app's models, one sub-package per concern. Django finds models through this module, and
the migrations name the upload paths here, so it re-exports every model and path function."""

from actionplans.approvals.models import ApprovalDecision, ApprovalRequest, Approver
from actionplans.contributions.models import (
    ContributedUpdate,
    Contributor,
    NamedContributor,
    UpdateRequest,
    contribution_path,
)
from actionplans.measures.models import Measure, MeasureReading
from actionplans.notifications.models import Notification
from actionplans.plans.models import (
    Action,
    ActionLink,
    ActionPlan,
    ActionQuerySet,
    Evidence,
    ProgressUpdate,
    Rag,
    evidence_path,
)
from actionplans.queues.models import QueueVisit
from actionplans.records.models import LegalHold, RetentionPolicy, RetentionRun
from actionplans.reminders.models import Reminder, ReminderPreference, SweepDay
from actionplans.rounds.models import RoundRecipient, UpdateRound
from actionplans.submission.models import (
    BoardReport,
    KeptAsProduced,
    PlanImport,
    SubmittedPlan,
    board_report_path,
    submission_path,
)

__all__ = [
    "Action",
    "ActionLink",
    "ActionPlan",
    "ActionQuerySet",
    "ApprovalDecision",
    "ApprovalRequest",
    "Approver",
    "BoardReport",
    "ContributedUpdate",
    "Contributor",
    "Evidence",
    "KeptAsProduced",
    "LegalHold",
    "Measure",
    "MeasureReading",
    "NamedContributor",
    "Notification",
    "PlanImport",
    "ProgressUpdate",
    "QueueVisit",
    "Rag",
    "Reminder",
    "ReminderPreference",
    "RetentionPolicy",
    "RetentionRun",
    "RoundRecipient",
    "SubmittedPlan",
    "SweepDay",
    "UpdateRequest",
    "UpdateRound",
    "board_report_path",
    "contribution_path",
    "evidence_path",
    "submission_path",
]
