"""The regimes the data migration writes, as the statutory instruments and the inspectorates'
guidance set them. Tests and the demo call `seed_regimes` too: a test that empties every table
(a transactional one) empties this one with it.
"""

from typing import Any

REGIMES: list[dict[str, Any]] = [
    {
        "code": "jtai",
        "name": "Joint targeted area inspection (JTAI)",
        "abbreviation": "JTAI",
        "who_answers": "The principal authority for the partnership",
        "plan_name": "Written statement of proposed action",
        "legal_basis": "Section 20 of the Children Act 2004; SI 2015/1792",
        "start_label": "Date the report was received",
        "deadline_count": 70,
        "deadline_unit": "working_days",
        "deadline_counts_from": "receiving the report",
        "plan_sections": [
            "The inspection's findings",
            "Proposed action for each area for improvement",
            "Who leads each action",
            "When each action is due",
            "How progress will be measured and reported",
        ],
    },
    {
        "code": "ilacs",
        "name": "Inspection of local authority children's services (ILACS)",
        "abbreviation": "ILACS",
        "who_answers": "The local authority",
        "plan_name": "Written statement of action",
        "legal_basis": "Section 137 of the Education and Inspections Act 2006",
        "start_label": "Date the report was received",
        "deadline_count": 70,
        "deadline_unit": "working_days",
        "deadline_counts_from": "receiving the report",
        "step_name": "Draft after a focused visit with priority actions",
        "step_count": 20,
        "step_unit": "working_days",
        "step_counts_from": "the focused visit letter",
        "plan_sections": [
            "Recommendations and priority actions",
            "Action for each recommendation",
            "Who is accountable",
            "Timescales",
            "How impact will be measured",
        ],
    },
    {
        "code": "hmicfrs-child-protection",
        "name": "HMICFRS child protection inspection",
        "abbreviation": "HMICFRS",
        "who_answers": "The police force",
        "plan_name": "Action plan",
        "legal_basis": "Section 54 of the Police Act 1996",
        "start_label": "Date the report was published",
        "deadline_count": 6,
        "deadline_unit": "weeks",
        "deadline_counts_from": "publication",
        "step_name": "Immediate update on urgent recommendations",
        "step_unit": "none",
        "step_counts_from": "publication",
        "plan_sections": [
            "Urgent recommendations and the update on them",
            "Action for each recommendation",
            "Who leads each action",
            "Timescales",
        ],
    },
    {
        "code": "peel",
        "name": "HMICFRS PEEL inspection",
        "abbreviation": "PEEL",
        "who_answers": "The Police and Crime Commissioner",
        "plan_name": "Published comments on each recommendation",
        "legal_basis": "Section 55 of the Police Act 1996",
        "start_label": "Date the report was published",
        "deadline_count": 56,
        "deadline_unit": "calendar_days",
        "deadline_counts_from": "publication",
        "plan_sections": ["Comments on each recommendation", "Action the force will take"],
    },
    {
        "code": "practice-review",
        "name": "Child safeguarding practice review",
        "abbreviation": "CSPR",
        "who_answers": "The safeguarding partners",
        "plan_name": "Local child safeguarding practice review action plan",
        "legal_basis": "Sections 16C and 16F of the Children Act 2004",
        "starts_at_letter": False,
        "start_label": "Date the serious incident became known",
        "step_name": "Notification",
        "step_count": 5,
        "step_unit": "working_days",
        "step_counts_from": "the serious incident being known",
        "deadline_name": "Rapid review",
        "deadline_count": 15,
        "deadline_unit": "working_days",
        "deadline_counts_from": "the notification",
        "deadline_follows_step": True,
        "plan_sections": [
            "Rapid review",
            "Learning from the local review",
            "Action for each recommendation",
            "Who leads each action",
            "Timescales",
        ],
    },
    {
        "code": "area-send",
        "name": "Area SEND inspection",
        "abbreviation": "Area SEND",
        "who_answers": "As the letter says",
        "plan_name": "Priority action plan",
        "plan_sections": ["Areas for priority action", "Action for each area", "Timescales"],
    },
    {
        "code": "cqc-clas",
        "name": "CQC children looked after and safeguarding review (CLAS)",
        "abbreviation": "CQC CLAS",
        "who_answers": "As the letter says",
        "plan_name": "Improvement action plan",
        "plan_sections": ["Recommendations", "Action for each recommendation", "Timescales"],
    },
    {
        "code": "partnership-audit",
        "name": "The partnership's own audit",
        "abbreviation": "Audit",
        "who_answers": "As the letter says",
        "plan_name": "Improvement action plan",
        "plan_sections": ["Findings", "Action for each finding", "Timescales"],
    },
    {
        "code": "other",
        "name": "Other inspection",
        "abbreviation": "Inspection",
        "who_answers": "As the letter says",
        "plan_name": "Action plan",
    },
]


def seed_regimes(regime_model: Any) -> None:
    """Write the regimes above, keeping any a person added. `regime_model` is the migration's
    historical model or the real one: only the fields it has are written, so an old migration
    still runs after a field is added here."""
    fields = {f.name for f in regime_model._meta.get_fields()}
    for position, regime in enumerate(REGIMES, start=1):
        values = {k: v for k, v in regime.items() if k in fields and k != "code"}
        regime_model.objects.get_or_create(
            code=regime["code"], defaults={**values, "position": position}
        )
