"""A customer's bank account for direct debit (C3): IBAN with checksum and country length, holder, BIC."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.errors import ValidationError

# IBAN lengths of the SEPA countries (ISO 13616 registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
}  # fmt: skip
HOLDER_MAX_LENGTH = 70  # SEPA limit for names
INVALID_BANK_ACCOUNT_MESSAGE = "Die Bankverbindung ist ungültig."

_IBAN_SHAPE = re.compile(r"\A[A-Z]{2}[0-9]{2}[A-Z0-9]+\Z")
_BIC = re.compile(r"\A[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\Z")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class BankAccount:
    holder: str
    iban: str  # normalised: upper case, no spaces
    bic: str = ""  # normalised, optional

    @property
    def iban_display(self) -> str:
        """The IBAN in groups of four, as printed on cards and statements."""
        return format_iban(self.iban)


def normalise_iban(text: str) -> str:
    return _SPACES.sub("", text).upper()


def format_iban(iban: str) -> str:
    compact = normalise_iban(iban)
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def iban_checksum_ok(iban: str) -> bool:
    """ISO 7064 mod 97-10: the country and check digits moved to the end, letters as 10..35, mod 97 is 1."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def iban_problem(iban: str) -> str | None:
    """Why a normalised IBAN is not valid (German), or None."""
    if not iban:
        return "Bitte die IBAN angeben."
    if not _IBAN_SHAPE.match(iban):
        return (
            "Eine IBAN beginnt mit dem Ländercode und zwei Prüfziffern (z. B. DE89…) und enthält nur "
            "Buchstaben und Ziffern."
        )
    country = iban[:2]
    expected = IBAN_LENGTHS.get(country)
    if expected is None:
        return f"Lastschrift ist nur für IBANs aus dem SEPA-Raum möglich; {country} gehört nicht dazu."
    if len(iban) != expected:
        return f"Eine IBAN aus {country} hat {expected} Zeichen, diese hat {len(iban)}."
    if not iban_checksum_ok(iban):
        return "Die Prüfziffern der IBAN stimmen nicht: Bitte auf Tippfehler prüfen."
    return None


def parse_bank_account(
    holder: str, iban: str, bic: str = "", *, field_prefix: str = "bank_account"
) -> BankAccount:
    """The bank account typed by an agent, normalised; one ``ValidationError`` naming every wrong field
    (``bank_account.holder``, ``bank_account.iban``, ``bank_account.bic``)."""
    holder = " ".join(holder.split())
    iban = normalise_iban(iban)
    bic = normalise_iban(bic)
    fields: dict[str, str] = {}
    if not holder:
        fields["holder"] = "Bitte den Kontoinhaber angeben."
    elif len(holder) > HOLDER_MAX_LENGTH:
        fields["holder"] = f"Der Kontoinhaber darf höchstens {HOLDER_MAX_LENGTH} Zeichen haben."
    if (problem := iban_problem(iban)) is not None:
        fields["iban"] = problem
    if bic and not _BIC.match(bic):
        fields["bic"] = "Eine BIC hat 8 oder 11 Zeichen: Bankcode, Ländercode, Ortscode (z. B. COBADEFFXXX)."
    if fields:
        prefix = f"{field_prefix}." if field_prefix else ""
        raise ValidationError(
            INVALID_BANK_ACCOUNT_MESSAGE, fields={f"{prefix}{name}": text for name, text in fields.items()}
        )
    return BankAccount(holder=holder, iban=iban, bic=bic)
