"""State changes to an inspection's record that touch several rows."""

import re

from django.db import transaction
from django.db.models import Max

from inspections.models import Finding, Inspection

# The reference each kind of finding gets when the lead does not give one: "AFI 4", "S 2".
REFERENCE_PREFIXES = {
    Finding.Kind.AREA_FOR_IMPROVEMENT: "AFI",
    Finding.Kind.STRENGTH: "S",
    Finding.Kind.OTHER: "F",
}


def paragraphs(text: str) -> list[str]:
    """The paragraphs of pasted text: blocks separated by one or more empty lines, each with
    its own line breaks joined, as a letter's paragraph wraps when copied from a PDF."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [
        " ".join(line.strip() for line in b.splitlines() if line.strip())
        for b in blocks
        if b.strip()
    ]


@transaction.atomic
def add_findings(*, inspection: Inspection, kind: str, text: str) -> list[Finding]:
    """One finding per paragraph of `text`, numbered after the findings of that kind already
    recorded (AFI 4, AFI 5, … after AFI 3), in the order pasted."""
    prefix = REFERENCE_PREFIXES[Finding.Kind(kind)]
    existing = Finding.objects.select_for_update().filter(inspection=inspection)
    taken = {r.lower() for r in existing.values_list("reference", flat=True)}
    position = existing.aggregate(Max("position"))["position__max"] or 0
    number = existing.filter(kind=kind).count()
    created = []
    for paragraph in paragraphs(text):
        number += 1
        while f"{prefix} {number}".lower() in taken:
            number += 1
        position += 1
        created.append(
            Finding.objects.create(
                inspection=inspection,
                kind=kind,
                reference=f"{prefix} {number}",
                text=paragraph,
                position=position,
            )
        )
    return created
