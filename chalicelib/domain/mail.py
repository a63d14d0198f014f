"""Mail vocabulary: the languages a mail can be written in."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    DE = "de"
    EN = "en"


DEFAULT_LANGUAGE = Language.DE
