from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        # Registers the named rules: rules' autodiscovery looks only for `rules.py`, and an
        # unregistered rule silently answers False.
        from actionplans.approvals import permissions as approval_rules
        from actionplans.approvals.models import ApprovalDecision, ApprovalRequest, Approver
        from actionplans.contributions import permissions as contribution_rules
        from actionplans.measures import permissions as measure_rules
        from actionplans.measures.models import Measure, MeasureReading
        from actionplans.notifications.handoffs import (
            on_hand_off,
            on_person_added,
            on_plan_hand_off,
        )
        from actionplans.overview import permissions as overview_rules
        from actionplans.plans import permissions as plan_rules
        from actionplans.plans.page_cache import bump_on_change
        from actionplans.plans.signals import handed_off, plan_handed_off
        from actionplans.records import permissions as records_rules
        from actionplans.rounds import permissions as round_rules
        from actionplans.sharing import permissions as sharing_rules
        from actionplans.submission.models import BoardReport, SubmittedPlan
        from agencies.people.signals import person_added

        # Imported only to register their rules.
        del (
            approval_rules,
            contribution_rules,
            measure_rules,
            overview_rules,
            plan_rules,
            records_rules,
            round_rules,
            sharing_rules,
        )
        # Cached pages of a plan are keyed by its version (plans/page_cache.py, which
        # connects the plan's own rows): these rows of other sub-packages change it too.
        bump_on_change(Measure, lambda measure: measure.plan_id)
        bump_on_change(
            MeasureReading,
            lambda reading: (
                Measure.objects.filter(pk=reading.measure_id)
                .values_list("plan_id", flat=True)
                .first()
            ),
        )
        bump_on_change(SubmittedPlan, lambda submitted: submitted.plan_id)
        bump_on_change(BoardReport, lambda report: report.plan_id)
        # The approval panel is cached under the plan's version too (approval_tags).
        bump_on_change(Approver, lambda approver: approver.plan_id)
        bump_on_change(ApprovalRequest, lambda request: request.plan_id)
        bump_on_change(
            ApprovalDecision,
            lambda decision: (
                Approver.objects.filter(pk=decision.approver_id)
                .values_list("plan_id", flat=True)
                .first()
            ),
        )

        # Hand-offs notify the people they reach (their emails go through the outbox).
        handed_off.connect(on_hand_off, dispatch_uid="notify-hand-offs")
        plan_handed_off.connect(on_plan_hand_off, dispatch_uid="notify-plan-hand-offs")
        person_added.connect(on_person_added, dispatch_uid="notify-person-added")
