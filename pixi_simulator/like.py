"""SQL Server ``LIKE`` matching (case-insensitive collation), as pixi's procedures filter strings."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def like_pattern(pattern: str) -> re.Pattern[str]:
    """Translate a LIKE pattern: ``%`` any run, ``_`` one character, ``[abc]``/``[a-f]``/``[^a]`` sets.

    Trailing spaces are insignificant, as in SQL Server comparisons.
    """
    out: list[str] = []
    i = 0
    pattern = pattern.rstrip(" ")
    while i < len(pattern):
        char = pattern[i]
        if char == "%":
            out.append(".*")
        elif char == "_":
            out.append(".")
        elif char == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end]
                negate = body.startswith("^")
                body = body[1:] if negate else body
                escaped = "".join(c if c == "-" else re.escape(c) for c in body)
                out.append(f"[{'^' if negate else ''}{escaped}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\s*", re.IGNORECASE | re.DOTALL)


def like(value: str | None, pattern: str) -> bool:
    """``value LIKE pattern``; a NULL value never matches."""
    if value is None:
        return False
    return like_pattern(pattern).fullmatch(value) is not None


def is_match_all(pattern: str | None) -> bool:
    """True for a filter that filters nothing (no value, empty or only ``%``)."""
    return pattern is None or pattern.strip("% ") == ""
