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
