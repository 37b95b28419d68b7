"""The fixed tune/check split of every gold file, by a hash of each document's id.

Rules are tuned on the tune half; the check half is looked at only to see whether a change
carries over to documents it was not made for. The split needs no list of ids and no state:
a document's half follows from its id alone, in any file, on any machine, forever.

    from eventwire.evaluate.split import half_of
    half_of("doc-17")   # "tune" or "check"
"""

from __future__ import annotations

import hashlib
from typing import Literal

Half = Literal["tune", "check"]
HALVES: tuple[Half, ...] = ("tune", "check")


def half_of(doc_id: str | int) -> Half:
    """ "check" for about a third of the ids (first SHA-256 byte divisible by 3), else "tune"."""
    first_byte = hashlib.sha256(str(doc_id).encode("utf-8")).digest()[0]
    return "check" if first_byte % 3 == 0 else "tune"
