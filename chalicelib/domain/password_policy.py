"""What a password must be like: at least 10 characters, not all of one kind."""

from __future__ import annotations

MIN_LENGTH = 10
MAX_LENGTH = 256

TOO_SHORT = f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein."
TOO_LONG = f"Das Passwort darf höchstens {MAX_LENGTH} Zeichen lang sein."
ONE_KIND = (
    "Das Passwort darf nicht nur aus einer Zeichenart bestehen "
    "(bitte z. B. Buchstaben und Ziffern oder Sonderzeichen mischen)."
)


def _kinds(password: str) -> int:
    kinds = {
        "lower" if c.islower() else "upper" if c.isupper() else "digit" if c.isdigit() else "other"
        for c in password
    }
    return len(kinds)


def password_problem(password: str) -> str | None:
    """None when the password is good enough, else what is wrong (German, for the field)."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    if _kinds(password) < 2:
        return ONE_KIND
    return None
