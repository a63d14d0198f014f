"""Input every route refuses before its models see it: text that no downstream system can carry.

pixi speaks XML 1.0, which cannot carry most control characters (a NUL in a search field made the
SOAP request fail with a 500), and Unicode non-characters are never meaningful text. Deeply nested
JSON would exhaust the parser's or the validator's recursion. Each is a 400 naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from chalicelib.errors import ValidationError

MAX_JSON_DEPTH = 32
"""No request body of this API nests deeper; anything deeper is refused before validation."""
CHARACTERS_MESSAGE = "Enthält Steuer- oder Sonderzeichen, die nicht erlaubt sind."
DEPTH_MESSAGE = f"Der Inhalt ist zu tief verschachtelt (höchstens {MAX_JSON_DEPTH} Ebenen)."

_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
"""C0 controls other than tab, line feed and carriage return (not allowed in XML 1.0), lone
surrogates, and the Unicode non-characters."""


def is_text(value: str) -> bool:
    """Whether a string holds only characters that may be stored, sent to pixi and mailed."""
    return _NOT_TEXT.search(value) is None


def _refused(field: str, message: str) -> ValidationError:
    return ValidationError("Bitte die markierten Angaben prüfen.", fields={field: message})


def check_parameters(values: Mapping[str, str], *, location: str = "") -> None:
    """Path and query parameters: plain text only."""
    for name, value in values.items():
        if not is_text(value):
            raise _refused(f"{location}{name}", CHARACTERS_MESSAGE)


def check_body(value: Any) -> None:
    """A parsed JSON body: at most ``MAX_JSON_DEPTH`` levels, plain text in every key and string."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            if not is_text(item):
                raise _refused(path or "body", CHARACTERS_MESSAGE)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise _refused("body", DEPTH_MESSAGE)
        entries = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in entries:
            child_path = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and not is_text(key):
                raise _refused(path or "body", CHARACTERS_MESSAGE)
            stack.append((child, child_path, depth + 1))
