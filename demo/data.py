"""The Southampton 2025 demo's data, from the published responses to the July 2025 JTAI letter.

It is kept apart from the loading code so that the story of the plan (who owns what, what was
written when, what the figures said) can be read and corrected on its own, and the loading code
read without eight hundred lines of data around it.

Every date here is the real one: `demo.loader` decides which of them have happened by the day the
demo shows, and shifts them all when it shows a day before the deadline (`--deadline-in`).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from actionplans.measures.models import Measure
from actionplans.plans.models import Action, Rag
from agencies.models import Agency, Membership
from inspections.models import Finding, Inspectorate

DEMO_PASSWORD = "demo-password-2025"  # noqa: S105  (published in the README, demo only)
REAL_DEADLINE = dt.date(2025, 10, 24)
REAL_SUBMITTED_ON = dt.date(2025, 10, 23)
# The lead sent the final draft to the three statutory partners, who each approved it.
REAL_SENT_FOR_APPROVAL_ON = dt.date(2025, 10, 20)
APPROVALS = [
    ("childrens", dt.date(2025, 10, 21)),
    ("health", dt.date(2025, 10, 22)),
    ("police", dt.date(2025, 10, 21)),
]

D = dt.date
S = Action.Status

PARTNERSHIP_SLUG = "southampton"
PARTNERSHIP_NAME = "Southampton Safeguarding Children Partnership"
LOCAL_AREA = "Southampton"
LEAD_EMAIL = "lead@southampton.example"  # signs actions off and submits the plan

INSPECTION_TITLE = (
    "Joint child protection inspection of identification of initial need and risk in Southampton"
)
INSPECTION_THEME = (
    "Identification of initial need and risk (the front door: the Children's Resource Service)"
)
INSPECTORATES = [Inspectorate.OFSTED, Inspectorate.CQC, Inspectorate.HMICFRS]
LEGAL_BASIS = "Section 20 of the Children Act 2004"
FIELDWORK = (D(2025, 5, 19), D(2025, 5, 23))
# The sources give only "July 2025": this day is 70 working days before the 24 October deadline.
LETTER_PUBLISHED = D(2025, 7, 17)
DEADLINE_WORKING_DAYS = 70


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    short_name: str
    kind: str
    description: str = ""


AGENCIES = [
    AgencySpec(
        "police",
        "Hampshire and Isle of Wight Constabulary",
        "Police",
        Agency.Kind.POLICE,
        "Serves Southampton, Portsmouth, Hampshire and the Isle of Wight.",
    ),
    AgencySpec(
        "opcc",
        "Office of the Police and Crime Commissioner, Hampshire and Isle of Wight",
        "PCC",
        Agency.Kind.OTHER,
        "Holds the Chief Constable to account; funds specialist intervention services.",
    ),
    AgencySpec(
        "childrens",
        "Southampton City Council Children's Services",
        "Children's services",
        Agency.Kind.CHILDRENS_SERVICES,
        "Includes the Children's Resource Service (CRS), Southampton's front door (MASH).",
    ),
    AgencySpec(
        "health",
        "NHS Hampshire and Isle of Wight health partners",
        "Health",
        Agency.Kind.HEALTH,
        "The integrated care board and health providers, including the CRS health navigator.",
    ),
    AgencySpec(
        "education",
        "Southampton schools and early years settings",
        "Education",
        Agency.Kind.EDUCATION,
        "Schools and early years settings, relevant agencies of the partnership.",
    ),
]


@dataclass(frozen=True)
class UserSpec:
    email: str
    first_name: str
    last_name: str
    job_title: str
    role: str | None
    agency: str | None
    is_staff: bool = False


USERS = [
    UserSpec(
        LEAD_EMAIL,
        "Alex",
        "Morgan",
        "Business manager, Southampton Safeguarding Children Partnership",
        Membership.Role.LEAD,
        "childrens",
    ),
    UserSpec(
        "police@southampton.example",
        "Sam",
        "Patel",
        "Child-centred policing lead",
        Membership.Role.OWNER,
        "police",
    ),
    UserSpec(
        "health@southampton.example",
        "Jo",
        "Reid",
        "Designated nurse for safeguarding children",
        Membership.Role.OWNER,
        "health",
    ),
    UserSpec(
        "childrens-services@southampton.example",
        "Chris",
        "Evans",
        "Head of service, Children's Resource Service",
        Membership.Role.OWNER,
        "childrens",
    ),
    UserSpec(
        "education@southampton.example",
        "Priya",
        "Shah",
        "Education safeguarding lead",
        Membership.Role.OWNER,
        "education",
    ),
    UserSpec(
        "manager@southampton.example",
        "Dana",
        "Hughes",
        "Independent scrutineer, partnership board",
        Membership.Role.MANAGER,
        None,
    ),
    UserSpec(
        "admin@southampton.example", "Site", "Administrator", "Administrator", None, None, True
    ),
]

# The invitation waiting for an answer on the People page: a second health owner.
INVITED_EMAIL = "safeguarding.nurse@southampton.example"
INVITED_AGENCY = "health"

OWNER_EMAIL = {
    "police": "police@southampton.example",
    "health": "health@southampton.example",
    "childrens": "childrens-services@southampton.example",
    "education": "education@southampton.example",
    "opcc": LEAD_EMAIL,  # the PCC's office has no demo account: the lead reports
}

FINDINGS = [
    (
        "S1",
        Finding.Kind.STRENGTH,
        "A caring approach can be seen through each sector of the partnership, resulting in high "
        "quality practice.",
    ),
    (
        "S2",
        Finding.Kind.STRENGTH,
        "Services meet the needs of children and multi-agency working is child centred across the "
        "partnership.",
    ),
    (
        "S3",
        Finding.Kind.STRENGTH,
        "Officers acted within a cohesive, caring multi-agency culture, effectively responding to "
        "children's needs. Leaders implemented strong oversight and reflective learning outputs.",
    ),
    (
        "S4",
        Finding.Kind.STRENGTH,
        "Effective models are in place, such as Operations Encompass and Endeavour, ensuring "
        "schools receive timely information.",
    ),
    (
        "AFI 1",
        Finding.Kind.AREA_FOR_IMPROVEMENT,
        "The timeliness of high-risk referrals by the police to the children's resource service "
        "(CRS).",
    ),
    (
        "AFI 2",
        Finding.Kind.AREA_FOR_IMPROVEMENT,
        "The capacity of the health navigator role to respond to all requests for information.",
    ),
    (
        "AFI 3",
        Finding.Kind.AREA_FOR_IMPROVEMENT,
        "Arrangements to share written records of strategy meetings and the outcomes of "
        "assessments, including child protection enquiries, with partners involved with the "
        "child and family.",
    ),
    (
        "O1",
        Finding.Kind.OTHER,
        "Early years settings did not consistently receive the same alerts as schools.",
    ),
    (
        "O2",
        Finding.Kind.OTHER,
        "In a small number of cases, delayed or inaccurate risk and missing-child assessments by "
        "police hindered swift partner intervention.",
    ),
]


@dataclass(frozen=True)
class RecommendationSpec:
    reference: str
    title: str
    lead: str
    finding: str | None
    contributing: tuple[str, ...] = ()
    source_agency: str | None = None  # None: from the letter
    text: str = ""


RECOMMENDATIONS = [
    RecommendationSpec(
        "1",
        "Improve the timeliness of high-risk referrals by the police to the CRS",
        "police",
        "AFI 1",
        ("childrens",),
    ),
    RecommendationSpec(
        "2",
        "Increase the capacity of the health navigator role to respond to all requests for "
        "information",
        "health",
        "AFI 2",
        ("childrens",),
    ),
    RecommendationSpec(
        "3",
        "Share written records of strategy meetings and outcomes of assessments, including child "
        "protection enquiries, with partners involved with the child and family",
        "childrens",
        "AFI 3",
        ("police", "health", "education"),
    ),
    RecommendationSpec(
        "PCC 1",
        "Ensure timely police recognition and referral",
        "police",
        "AFI 1",
        source_agency="opcc",
        text="All officers must promptly identify and act on safeguarding risk, minimising delays "
        "to strategy meetings.",
    ),
    RecommendationSpec(
        "PCC 2",
        "Extend notification processes to early years providers",
        "police",
        "O1",
        ("education", "childrens"),
        source_agency="opcc",
        text="Expand Operations Encompass and Endeavour to include early years settings, to "
        "support vulnerable children comprehensively.",
    ),
    RecommendationSpec(
        "PCC 3",
        "Improve recording of ethnicity and child voice",
        "police",
        None,
        source_agency="opcc",
        text="Police should record demographic data and capture the child's experience at the "
        "earliest point of contact.",
    ),
    RecommendationSpec(
        "PCC 4",
        "Strengthen risk and missing-child assessments",
        "police",
        "O2",
        source_agency="opcc",
        text="Enhance training and audit of police risk assessments, ensuring high-risk cases "
        "lead to multi-agency strategy without delay.",
    ),
    RecommendationSpec(
        "PCC 5",
        "Enhance feedback loops",
        "childrens",
        "AFI 3",
        ("police",),
        source_agency="opcc",
        text="Police should receive timely written records from CRS strategy meetings to avoid "
        "information gaps and ensure shared understanding.",
    ),
]


@dataclass(frozen=True)
class Update:
    date: dt.date
    status: str
    rag: str
    text: str
    # Written by the partnership lead sending the action back (the text says why).
    sent_back: bool = False


# The demo's people last looked at their work queues on this day, so that on first sign-in
# "Changed since you last looked" shows what happened after it.
QUEUES_LAST_LOOKED = D(2026, 11, 10)


@dataclass(frozen=True)
class ActionSpec:
    reference: str
    recommendation: str
    title: str
    owner: str
    lead_name: str
    start: dt.date
    due: dt.date
    success_measure: str
    updates: tuple[Update, ...] = ()
    signed_off: dt.date | None = None
    # (revised due date, reason, the day the revision was agreed)
    revised: tuple[dt.date, str, dt.date] | None = None
    contributing: tuple[str, ...] = ()
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


ACTIONS = [
    ActionSpec(
        "1.1",
        "1",
        "Audit the timeliness of high-risk referrals to the CRS",
        "police",
        "Detective Superintendent, child-centred policing",
        D(2025, 7, 21),
        D(2025, 8, 29),
        "Audit report to the partnership executive showing the % of high-risk referrals reaching "
        "the CRS within the agreed limit.",
        (
            Update(D(2025, 8, 4), S.IN_PROGRESS, Rag.GREEN, "Audit of May–July referrals started."),
            Update(
                D(2025, 8, 27),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Audit complete: only a very small number of referrals were outside agreed "
                "limits. Report shared with the partnership executive.",
            ),
        ),
        signed_off=D(2025, 9, 3),
    ),
    ActionSpec(
        "1.2",
        "1",
        "Repeat the referral timeliness audit every quarter through child-centred policing "
        "champions",
        "police",
        "Child-centred policing lead",
        D(2025, 10, 1),
        D(2027, 1, 29),
        "Quarterly audit built into existing audit processes; at least 95% of high-risk "
        "referrals within the agreed limit.",
        (
            Update(
                D(2025, 12, 15),
                S.IN_PROGRESS,
                Rag.GREEN,
                "Quarter 3 audit done: 94% of high-risk referrals within the agreed limit.",
            ),
            Update(
                D(2026, 3, 20),
                S.IN_PROGRESS,
                Rag.GREEN,
                "Quarter 4 audit done: 96%. Built into the champions' audit calendar.",
            ),
            Update(
                D(2026, 9, 18),
                S.IN_PROGRESS,
                Rag.GREEN,
                "Quarter 2 audit done: 97%. Next audit due January 2027.",
            ),
        ),
        contributing=("childrens",),
    ),
    ActionSpec(
        "1.3",
        "1",
        "Deliver additional training on risk recognition and referral to officers and in CPD",
        "police",
        "Head of learning and development",
        D(2025, 7, 21),
        D(2025, 9, 30),
        "All response and neighbourhood officers in Southampton trained; CPD module live.",
        (
            Update(
                D(2025, 8, 15), S.IN_PROGRESS, Rag.GREEN, "Training added to officer briefings."
            ),
            Update(
                D(2025, 9, 26),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Training delivered to officers and added to CPD training.",
            ),
        ),
        signed_off=D(2025, 10, 6),
    ),
    ActionSpec(
        "1.4",
        "1",
        "Update the Crime Knowledge Hub on referrals to the CRS and reinforce the content",
        "police",
        "Child-centred policing lead",
        D(2025, 7, 21),
        D(2025, 8, 29),
        "Crime Knowledge Hub page updated and promoted to all Southampton officers.",
        (
            Update(
                D(2025, 8, 20),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Crime Knowledge Hub updated; content reinforced in daily management meetings.",
            ),
        ),
        signed_off=D(2025, 8, 28),
    ),
    ActionSpec(
        "1.5",
        "1",
        "Agree how partners flag late referrals to the police, and act on every flag",
        "police",
        "Detective Chief Inspector, public protection",
        D(2025, 8, 1),
        D(2025, 10, 17),
        "Escalation route agreed by all partners; every flag acted on within 5 working days.",
        (
            Update(
                D(2025, 9, 12),
                S.IN_PROGRESS,
                Rag.AMBER,
                "Draft escalation route shared with the CRS and health partners.",
            ),
            Update(
                D(2026, 2, 6),
                S.IN_PROGRESS,
                Rag.AMBER,
                "Route in use informally; awaiting sign-off by the partnership executive.",
            ),
            Update(
                D(2026, 11, 20),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "The partnership executive agreed the escalation route on 18 November; every "
                "flag since has been acted on within 5 working days. Ready for sign-off.",
            ),
        ),
        revised=(
            D(2026, 3, 31),
            "The escalation route needs sign-off by the partnership executive, which next met in "
            "March 2026.",
            D(2025, 10, 10),
        ),
        contributing=("childrens", "health"),
    ),
    ActionSpec(
        "2.1",
        "2",
        "Review demand on the health navigator role and agree the capacity needed",
        "health",
        "Designated nurse for safeguarding children",
        D(2025, 8, 1),
        D(2025, 10, 10),
        "Demand review presented to the ICB; staffing agreed.",
        (
            Update(
                D(2025, 9, 5),
                S.IN_PROGRESS,
                Rag.GREEN,
                "Three months of CRS information requests analysed.",
            ),
            Update(
                D(2025, 10, 8),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "ICB agreed funding for a second health navigator post.",
            ),
        ),
        signed_off=D(2025, 10, 15),
    ),
    ActionSpec(
        "2.2",
        "2",
        "Recruit a second health navigator",
        "health",
        "Named nurse, CRS",
        D(2025, 10, 15),
        D(2026, 1, 30),
        "Second health navigator in post.",
        (
            Update(
                D(2025, 12, 12),
                S.IN_PROGRESS,
                Rag.AMBER,
                "First recruitment round closed without an appointment.",
            ),
            Update(
                D(2026, 4, 17),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Second health navigator started on 13 April 2026.",
            ),
        ),
        signed_off=D(2026, 4, 24),
        revised=(
            D(2026, 4, 30),
            "The first recruitment round did not appoint; the post was readvertised.",
            D(2025, 12, 12),
        ),
    ),
    ActionSpec(
        "2.3",
        "2",
        "Set a service standard for answering CRS information requests and report it monthly",
        "health",
        "Designated nurse for safeguarding children",
        D(2026, 1, 5),
        D(2026, 12, 18),
        "95% of health information requests answered within the agreed time, reported monthly "
        "to the partnership.",
        (
            Update(
                D(2026, 6, 12),
                S.IN_PROGRESS,
                Rag.AMBER,
                "Standard agreed; monthly reporting starts once the new case system is live.",
            ),
        ),
        revised=(
            D(2027, 2, 26),
            "The new case system goes live in January 2027; the first monthly report follows it.",
            D(2026, 11, 25),
        ),
        contributing=("childrens",),
    ),
    ActionSpec(
        "3.1",
        "3",
        "Agree a multi-agency standard for sharing written records of strategy meetings",
        "childrens",
        "Head of service, Children's Resource Service",
        D(2025, 7, 28),
        D(2025, 10, 17),
        "Standard agreed by all partners: written record shared within 1 working day.",
        (
            Update(
                D(2025, 9, 19),
                S.IN_PROGRESS,
                Rag.GREEN,
                "Draft standard consulted on with police, health and education.",
            ),
            Update(
                D(2025, 10, 14),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Standard agreed at the partnership executive.",
            ),
        ),
        signed_off=D(2025, 10, 20),
        contributing=("police", "health", "education"),
    ),
    ActionSpec(
        "3.2",
        "3",
        "Send the outcomes of child protection enquiries to every partner involved with the family",
        "childrens",
        "Service manager, CRS",
        D(2025, 10, 20),
        D(2026, 1, 30),
        "Outcome letters sent to all involved partners in 90% of child protection enquiries.",
        (
            Update(
                D(2025, 12, 5),
                S.IN_PROGRESS,
                Rag.AMBER,
                "Template outcome letter agreed; case system change requested.",
            ),
            Update(
                D(2026, 2, 27),
                S.IN_PROGRESS,
                Rag.RED,
                "Case system change delayed by the supplier; outcomes sent by hand meanwhile.",
            ),
        ),
        contributing=("police", "health", "education"),
    ),
    ActionSpec(
        "3.3",
        "3",
        "Audit compliance with the record-sharing standard every quarter",
        "childrens",
        "Quality assurance manager",
        D(2026, 1, 5),
        D(2027, 2, 26),
        "Quarterly audit: at least 90% of strategy meeting records shared within 1 working day.",
        (
            Update(
                D(2026, 4, 10),
                S.IN_PROGRESS,
                Rag.GREEN,
                "First audit: 81% of records shared within 1 working day.",
            ),
            Update(
                D(2026, 10, 9),
                S.IN_PROGRESS,
                Rag.GREEN,
                "Third audit: 89%. Next audit due February 2027.",
            ),
        ),
    ),
    ActionSpec(
        "PCC 1.1",
        "PCC 1",
        "Hold the Chief Constable to account for early risk recognition at the PCC's "
        "accountability board",
        "opcc",
        "Chief executive, Office of the PCC",
        D(2025, 8, 1),
        D(2025, 12, 11),
        "Early risk recognition reported at the accountability board, with actions minuted.",
        (
            Update(
                D(2025, 12, 11),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Reported to the accountability board on 11 December 2025.",
            ),
        ),
        signed_off=D(2025, 12, 18),
    ),
    ActionSpec(
        "PCC 2.1",
        "PCC 2",
        "Extend Operation Encompass notifications to early years settings",
        "police",
        "Superintendent, partnerships and prevention",
        D(2025, 9, 1),
        D(2026, 3, 31),
        "Every early years setting in Southampton receives Operation Encompass notifications.",
        (
            Update(
                D(2025, 11, 14),
                S.IN_PROGRESS,
                Rag.AMBER,
                "Working with Southampton City Council on the notification system.",
            ),
            Update(
                D(2026, 8, 21),
                S.IN_PROGRESS,
                Rag.AMBER,
                "Data-sharing agreement with early years providers with legal services.",
            ),
            Update(
                D(2026, 11, 13),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Notifications now reach the early years settings that signed the data-sharing "
                "agreement.",
            ),
            Update(
                D(2026, 11, 18),
                S.IN_PROGRESS,
                Rag.AMBER,
                "Sent back by the partnership lead: 12 of the 40 settings have not signed the "
                "agreement yet. Send the list of settings that receive notifications, and the "
                "plan for the rest.",
                sent_back=True,
            ),
        ),
        revised=(
            D(2026, 9, 30),
            "A data-sharing agreement with early years providers is needed first.",
            D(2026, 3, 6),
        ),
        contributing=("education", "childrens"),
    ),
    ActionSpec(
        "PCC 2.2",
        "PCC 2",
        "Tell every early years setting how it will receive notifications and what to do",
        "education",
        "Early years safeguarding lead",
        D(2026, 4, 1),
        D(2026, 10, 30),
        "Briefing sent to all early years settings; named contact in each setting.",
        (
            Update(
                D(2026, 9, 25),
                S.NOT_STARTED,
                Rag.RED,
                "Waiting for the police notification system (action PCC 2.1).",
            ),
        ),
    ),
    ActionSpec(
        "PCC 3.1",
        "PCC 3",
        "Record ethnicity and the child's voice at first contact, and add both to performance "
        "reviews",
        "police",
        "Head of performance",
        D(2025, 9, 1),
        D(2026, 6, 30),
        "Ethnicity recorded at first contact for at least 90% of children.",
        (
            Update(
                D(2026, 1, 16),
                S.IN_PROGRESS,
                Rag.GREEN,
                "Mandatory fields added to the referral form.",
            ),
            Update(
                D(2026, 6, 19),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Ethnicity and child voice in monthly performance reviews from June 2026.",
            ),
        ),
        signed_off=D(2026, 6, 26),
    ),
    ActionSpec(
        "PCC 4.1",
        "PCC 4",
        "Train officers in risk and missing-child assessments and audit a sample each quarter",
        "police",
        "Detective Superintendent, child-centred policing",
        D(2025, 9, 1),
        D(2026, 3, 31),
        "All high-risk missing-child cases lead to a strategy discussion without delay.",
        (
            Update(
                D(2026, 3, 27),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Training delivered; first audit of 40 assessments found no delays.",
            ),
        ),
        signed_off=D(2026, 4, 2),
    ),
    ActionSpec(
        "PCC 5.1",
        "PCC 5",
        "Send police the written record of every CRS strategy meeting",
        "childrens",
        "Head of service, Children's Resource Service",
        D(2025, 10, 20),
        D(2026, 1, 16),
        "Police receive the written record of every strategy meeting within 1 working day.",
        (
            Update(
                D(2026, 1, 9),
                S.AWAITING_SIGN_OFF,
                Rag.GREEN,
                "Records now sent to the police CRS team by secure email after every meeting.",
            ),
        ),
        signed_off=D(2026, 1, 14),
        contributing=("police",),
    ),
]


@dataclass(frozen=True)
class Reading:
    date: dt.date
    value: str
    sample_size: int | None
    comment: str


@dataclass(frozen=True)
class MeasureSpec:
    name: str
    recommendation: str | None  # None: a measure of the whole plan
    owner: str
    baseline: str | None
    target: str
    frequency: str
    readings: tuple[Reading, ...]
    unit: str = Measure.Unit.PERCENTAGE
    direction: str = Measure.Direction.HIGHER


# The Constabulary's repeated referral audit, the health navigator's monthly report, the CRS's
# record-sharing audit, and ethnicity recording: its action is complete, but the figure has not
# moved, which is what the dashboard's impact RAG is there to show.
MEASURES = [
    MeasureSpec(
        "% of high-risk police referrals reaching the CRS within the agreed limit",
        "1",
        "police",
        "88",
        "95",
        Measure.Frequency.QUARTERLY,
        (
            Reading(D(2025, 8, 27), "88", 112, "Constabulary audit of May–July 2025 referrals."),
            Reading(D(2025, 12, 15), "94", 97, "Quarter 3 audit by the champions."),
            Reading(D(2026, 3, 20), "96", 104, "Quarter 4 audit."),
            Reading(D(2026, 9, 18), "97", 99, "Quarter 2 audit."),
        ),
    ),
    MeasureSpec(
        "% of health navigator information requests answered on time",
        "2",
        "health",
        "72",
        "95",
        Measure.Frequency.MONTHLY,
        (
            Reading(D(2026, 5, 29), "74", 212, "First month with the second health navigator."),
            Reading(D(2026, 6, 30), "79", 198, "Monthly report to the partnership."),
            Reading(D(2026, 7, 31), "83", 187, "Monthly report to the partnership."),
            Reading(D(2026, 8, 28), "86", 176, "Monthly report to the partnership."),
            Reading(D(2026, 9, 30), "88", 205, "Monthly report to the partnership."),
            Reading(D(2026, 10, 30), "91", 219, "Monthly report to the partnership."),
        ),
    ),
    MeasureSpec(
        "% of strategy-meeting records shared with partners within the agreed time",
        "3",
        "childrens",
        "81",
        "90",
        Measure.Frequency.QUARTERLY,
        (
            Reading(D(2026, 4, 10), "81", 64, "First audit: shared within 1 working day."),
            Reading(D(2026, 7, 10), "85", 58, "Second audit."),
            Reading(D(2026, 10, 9), "89", 61, "Third audit."),
        ),
    ),
    MeasureSpec(
        "% of children whose ethnicity is recorded at first contact",
        "PCC 3",
        "police",
        "58",
        "90",
        Measure.Frequency.QUARTERLY,
        (
            Reading(D(2026, 4, 17), "63", 150, "After the mandatory field was added."),
            Reading(D(2026, 7, 17), "64", 162, "Officers skip the field when the child is absent."),
            Reading(D(2026, 10, 16), "64", 158, "No change: review the referral form with users."),
        ),
    ),
]


# Evidence as links (action reference, what it shows, where it is, when it was added).
EVIDENCE = [
    (
        "1.1",
        "Referral timeliness audit report to the partnership executive",
        "https://intranet.example/police/audits/crs-referral-timeliness-2025.pdf",
        D(2025, 8, 27),
    ),
    (
        "1.3",
        "Officer and CPD training completion figures",
        "https://intranet.example/police/training/risk-recognition-2025",
        D(2025, 9, 26),
    ),
    (
        "3.1",
        "Multi-agency standard for sharing strategy meeting records",
        "https://intranet.example/sscp/standards/strategy-meeting-records",
        D(2025, 10, 14),
    ),
]

# Who owns each action, by agency key: evidence is added by the action's owner.
ACTION_OWNERS = {a.reference: a.owner for a in ACTIONS}


# The second source: a local child safeguarding practice review. Unlike the JTAI above it is
# illustrative: the child, the review and its words are written for the demo (real reviews are
# published under a letter, and quoting one would put a real family's story in a demo); its
# dates follow the regime's rule as a real one would.
REVIEW_TITLE = "Local child safeguarding practice review: Child R"
REVIEW_SHORT_TITLE = "CSPR Child R"
REVIEW_THEME = (
    "Information sharing after a domestic abuse incident in a family with a child under five"
)
REVIEW_LEGAL_BASIS = "Sections 16C and 16F of the Children Act 2004"
REVIEW_INCIDENT_KNOWN = D(2026, 3, 16)  # notification 23 March, rapid review 15 April 2026
REVIEW_PERIOD = (D(2026, 4, 20), D(2026, 9, 30))
REVIEW_PUBLISHED = D(2026, 11, 2)
# The partnership's executive set its own date for the plan (the regime has none for it).
REVIEW_PLAN_DUE = D(2027, 1, 29)

REVIEW_FINDINGS = [
    (
        "L1",
        Finding.Kind.AREA_FOR_IMPROVEMENT,
        "The record of the strategy meeting reached the health visitor eleven days after the "
        "meeting, and the school never received it.",
    ),
    (
        "L2",
        Finding.Kind.AREA_FOR_IMPROVEMENT,
        "No agency checked with the GP practice or health visiting after the police notification "
        "of domestic abuse, although Child R was under five.",
    ),
]

REVIEW_RECOMMENDATIONS = [
    RecommendationSpec(
        "R1",
        "Make sure every agency invited to a strategy meeting receives its written record within "
        "one working day",
        "childrens",
        "L1",
        ("police", "health", "education"),
    ),
    RecommendationSpec(
        "R2",
        "Check with the GP practice and health visiting for every child under five named in a "
        "police notification of domestic abuse",
        "health",
        "L2",
        ("police",),
    ),
]

REVIEW_ACTIONS = [
    ActionSpec(
        "R1.1",
        "R1",
        "Send the strategy meeting record to every invited agency by secure email within one "
        "working day, and audit it every month",
        "childrens",
        "Head of the Children's Resource Service",
        D(2026, 11, 9),
        D(2027, 3, 31),
        "Monthly audit: at least 95% of strategy meeting records with every invited agency within "
        "one working day.",
        (
            Update(
                D(2026, 11, 27),
                S.IN_PROGRESS,
                Rag.AMBER,
                "Record template changed to list every invited agency. First monthly audit: 31 of "
                "40 records sent within one working day.",
            ),
        ),
        contributing=("police", "health"),
    ),
    ActionSpec(
        "R2.1",
        "R2",
        "Add a GP and health visiting check to the health navigator's procedure for domestic "
        "abuse notifications about children under five",
        "health",
        "Designated nurse for safeguarding children",
        D(2026, 11, 9),
        D(2027, 2, 26),
        "Every notification about a child under five shows the GP and health visiting check "
        "within two working days (dip sample of 20 a quarter).",
        (
            Update(
                D(2026, 11, 30),
                S.IN_PROGRESS,
                Rag.GREEN,
                "Procedure drafted with the health navigators; GP practices agreed the check in "
                "the primary care safeguarding forum.",
            ),
        ),
    ),
]
# The review's action that also answers the JTAI: sharing strategy meeting records is the
# JTAI's recommendation 3 as well.
REVIEW_SHARED = ("R1.1", "3")
# The lead sent the review's draft plan to the partners on this day; health has approved it,
# the others have still to answer.
REVIEW_SENT_FOR_APPROVAL_ON = D(2026, 12, 1)
REVIEW_APPROVALS = [("health", D(2026, 12, 2))]
REVIEW_APPROVERS = ["childrens", "health", "police"]
