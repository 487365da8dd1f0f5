"""Text as people type or paste it, made safe for every document we write.

Word (.docx) and Excel (.xlsx) files are XML 1.0, which cannot hold most control characters: one
BEL pasted from an old system into a progress update would make every export of the plan fail. So
we remove what XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage return;
U+FFFE and U+FFFF; lone surrogates), and the C1 controls and DEL too: XML 1.0 discourages them,
they have no meaning in typed text, and they are usually the debris of a mis-read encoding.
"""

import re
from typing import overload

# Tab, LF and CR stay: they are how people lay out what they write.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@overload
def clean_text(value: str) -> str: ...
@overload
def clean_text(value: None) -> None: ...
def clean_text(value: str | None) -> str | None:
    """`value` without the characters a document cannot hold (None stays None)."""
    if value is None:
        return None
    return UNSAFE.sub("", value)


def is_clean(value: str) -> bool:
    return UNSAFE.search(value) is None
