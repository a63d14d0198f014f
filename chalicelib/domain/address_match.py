"""The duplicate check of the order form (O1): known addresses that match a typed one.

A known address matches when it is the same place (street, house number and postcode; the city
where no postcode is given; the country where both say one) and the same addressee (last name or
company). Spelling is forgiven: case, umlauts and ß (ä/ae, ß/ss), accents, "Str."/"Straße"/
"Strasse"/"str", house numbers written "12a" or "12 a", whitespace and punctuation. A different
house number is a different place, however alike the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.domain.customer import Address

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_HOUSE_NUMBER = r"\d+\s*[a-z]?(?:\s*[-–/]\s*\d+\s*[a-z]?)?"
_NUMBER_LAST = re.compile(rf"\A(?P<name>.*?)[\s,]*(?P<number>{_HOUSE_NUMBER})\Z")
_NUMBER_FIRST = re.compile(rf"\A(?P<number>{_HOUSE_NUMBER})[\s,]+(?P<name>.*\D.*)\Z")


def fold(text: str) -> str:
    """Lower case with umlauts spelled out and accents dropped; punctuation kept (house numbers need it)."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


def compact(text: str) -> str:
    """``fold`` without spaces and punctuation: "Müller-Lüdenscheidt" -> "muellerluedenscheidt"."""
    return _NOT_ALNUM.sub("", fold(text))


def normalise_house_number(number: str) -> str:
    """ "12 A" -> "12a", "12 - 14" -> "12-14"."""
    return re.sub(r"\s+", "", fold(number).replace("–", "-"))


def normalise_street(street: str) -> tuple[str, str]:
    """The street name (compact, "str"/"Str."/"Straße" all spelled "strasse") and the house number."""
    text = fold(street).strip(" .,;")
    match = _NUMBER_LAST.match(text) or _NUMBER_FIRST.match(text)
    name, number = (match.group("name"), match.group("number")) if match else (text, "")
    words = [w + "asse" if w.endswith("str") else w for w in _NOT_ALNUM.split(name) if w]
    return "".join(words), normalise_house_number(number)


@dataclass(frozen=True)
class AddressMatch:
    address: Address
    score: int  # 100 = same name and address; lower = less certain
    reason: str  # German, shown to the agent


def _same_place(a: Address, b: Address) -> bool:
    street_a, street_b = normalise_street(a.street), normalise_street(b.street)
    if not street_a[0] or street_a != street_b:
        return False
    if a.country and b.country and a.country.strip().upper() != b.country.strip().upper():
        return False
    zip_a, zip_b = compact(a.zip_code), compact(b.zip_code)
    if zip_a and zip_b:
        return zip_a == zip_b
    return bool(compact(a.city)) and compact(a.city) == compact(b.city)


def _first_names_agree(a: str, b: str) -> bool:
    """One given, the other missing or its initial ("E." for "Erika")."""
    a, b = compact(a), compact(b)
    return not a or not b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _addressee(candidate: Address, known: Address) -> tuple[int, str] | None:
    if compact(candidate.last_name) and compact(candidate.last_name) == compact(known.last_name):
        first, other = compact(candidate.first_name), compact(known.first_name)
        if first == other:
            return 100, "Name und Adresse stimmen überein."
        if _first_names_agree(candidate.first_name, known.first_name):
            return 90, "Nachname und Adresse stimmen überein, der Vorname ist abgekürzt oder fehlt."
        return 70, "Gleicher Nachname unter derselben Adresse, anderer Vorname."
    if compact(candidate.company) and compact(candidate.company) == compact(known.company):
        return 80, "Firma und Adresse stimmen überein."
    return None


def matching_addresses(candidate: Address, known: Iterable[Address]) -> list[AddressMatch]:
    """The known addresses that are probably the candidate's, best first."""
    matches = []
    for address in known:
        if not _same_place(candidate, address):
            continue
        found = _addressee(candidate, address)
        if found is not None:
            matches.append(AddressMatch(address, *found))
    return sorted(matches, key=lambda m: -m.score)
