"""What PostgreSQL can hold, said once.

Every domain checks the values it accepts against these rules before it decides, because an
accepted value ends up in an event forever: a value the event store or a read table cannot
hold would be refused at append (a 500) or, worse, stall a projection for good.
"""

from __future__ import annotations

import math
import re

# Ids are stored as PostgreSQL bigint.
BIGINT_MAX = 2**63 - 1
# PostgreSQL text and jsonb refuse NUL; UTF-8 cannot encode a lone surrogate (a JSON "\ud800").
UNSTORABLE_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Return why `text` cannot be stored, or None when it can."""
    found = UNSTORABLE_CHARACTER.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "It should not contain the NUL character"
    return "It should not contain unpaired surrogate characters"


def number_problem(value: int | float) -> str | None:
    """Return why a JSON number cannot be stored (NaN, infinities, beyond bigint), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return "It should be a finite number"
    if isinstance(value, int) and abs(value) > BIGINT_MAX:
        return f"It should be at most {BIGINT_MAX} in size"
    return None
