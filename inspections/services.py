"""State changes to an inspection's record that touch several rows."""

from collections.abc import Collection

from django.db import transaction
from django.db.models import Max

from inspections.models import Finding, Inspection
from inspections.pasted_letter import paragraphs

# The reference each kind of finding gets when the lead does not give one: "AFI 4", "S 2".
REFERENCE_PREFIXES = {
    Finding.Kind.AREA_FOR_IMPROVEMENT: "AFI",
    Finding.Kind.STRENGTH: "S",
    Finding.Kind.OTHER: "F",
}


def next_references(*, inspection: Inspection, kind: str, count: int) -> list[str]:
    """The references the next `count` findings of `kind` get: numbered after the findings of
    that kind already recorded (AFI 4, AFI 5, … after AFI 3), skipping any reference taken."""
    prefix = REFERENCE_PREFIXES[Finding.Kind(kind)]
    existing = Finding.objects.filter(inspection=inspection)
    taken = {r.lower() for r in existing.values_list("reference", flat=True)}
    number = existing.filter(kind=kind).count()
    references = []
    for _ in range(count):
        number += 1
        while f"{prefix} {number}".lower() in taken:
            number += 1
        references.append(f"{prefix} {number}")
    return references


@transaction.atomic
def add_findings(
    *, inspection: Inspection, kind: str, text: str, keep: Collection[int] | None = None
) -> list[Finding]:
    """One finding per paragraph of `text` (see `pasted_letter.read_letter`), or of those
    paragraphs whose places are in `keep`, in the order pasted, numbered by `next_references`
    without gaps."""
    # Lock the inspection's row, so that two pastes at once cannot take the same number.
    list(Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk"))
    existing = Finding.objects.filter(inspection=inspection)
    position = existing.aggregate(Max("position"))["position__max"] or 0
    chosen = [p for i, p in enumerate(paragraphs(text)) if keep is None or i in keep]
    references = next_references(inspection=inspection, kind=kind, count=len(chosen))
    created = []
    for reference, paragraph in zip(references, chosen, strict=True):
        position += 1
        created.append(
            Finding.objects.create(
                inspection=inspection,
                kind=kind,
                reference=reference,
                text=paragraph,
                position=position,
            )
        )
    return created


class FindingsInUse(Exception):
    """The findings could not be removed: recommendations answer some of them."""

    def __init__(self, answered: dict[str, list[str]]) -> None:
        super().__init__(answered)
        self.answered = answered  # finding reference -> the references of its recommendations

    def __str__(self) -> str:
        return "; ".join(
            f"recommendation{'s' if len(recs) != 1 else ''} {listed(recs)} "
            f"answer{'s' if len(recs) == 1 else ''} {finding}"
            for finding, recs in self.answered.items()
        )


def listed(words: list[str]) -> str:
    """'AFI 1', 'AFI 1 and AFI 2', 'AFI 1, AFI 2 and AFI 3'."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def recommendations_answering(findings: list[Finding]) -> dict[str, list[str]]:
    """For each of `findings` that recommendations answer, their references."""
    answered: dict[str, list[str]] = {}
    for finding in findings:
        references = sorted(r.reference for r in finding.recommendations.all())
        if references:
            answered[finding.reference] = references
    return answered


@transaction.atomic
def undo_added_findings(*, inspection: Inspection, finding_ids: Collection[int]) -> list[str]:
    """Remove the findings just pasted (`finding_ids`; those already gone are skipped) and return
    their references. Undoing puts the record back as it was, so it is refused, removing nothing,
    when a recommendation already answers one of them (raises `FindingsInUse`)."""
    findings = list(
        Finding.objects.select_for_update()
        .filter(inspection=inspection, pk__in=finding_ids)
        .prefetch_related("recommendations")
        .order_by("position", "pk")
    )
    answered = recommendations_answering(findings)
    if answered:
        raise FindingsInUse(answered)
    Finding.objects.filter(pk__in=[f.pk for f in findings]).delete()
    return [f.reference for f in findings]


@transaction.atomic
def remove_findings(*, inspection: Inspection, finding_ids: Collection[int]) -> list[str]:
    """Remove several findings of the inspection at once and return their references. As when
    one is removed, the recommendations that answer them are kept, without the link."""
    findings = list(
        Finding.objects.select_for_update()
        .filter(inspection=inspection, pk__in=finding_ids)
        .order_by("position", "pk")
    )
    Finding.objects.filter(pk__in=[f.pk for f in findings]).delete()
    return [f.reference for f in findings]
