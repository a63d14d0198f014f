"""The duplicate check (O1): forgiving spelling, strict about the place."""

from __future__ import annotations

import pytest

from chalicelib.domain.address_match import (
    compact,
    fold,
    matching_addresses,
    normalise_house_number,
    normalise_street,
)
from chalicelib.domain.customer import Address


def address(
    street: str = "Hauptstraße 12",
    zip_code: str = "20457",
    city: str = "Hamburg",
    *,
    first: str = "Erika",
    last: str = "Mustermann",
    company: str = "",
    country: str = "DE",
    key: int | None = 1,
) -> Address:
    return Address(
        key,
        None,
        first_name=first,
        last_name=last,
        company=company,
        street=street,
        zip_code=zip_code,
        city=city,
        country=country,
    )


KNOWN = address()


def scores(candidate: Address, known: list[Address] | None = None) -> list[int]:
    return [m.score for m in matching_addresses(candidate, known or [KNOWN])]


def test_spelling_helpers():
    assert fold("  MÜLLER-Lüdenscheidt  ") == "mueller-luedenscheidt"
    assert fold("Straße") == "strasse"
    assert fold("Ren\u0065\u0301e") == fold("Renée") == "renee"
    assert compact("Müller-Lüdenscheidt") == compact("Mueller Luedenscheidt") == "muellerluedenscheidt"
    assert normalise_house_number("12 A") == "12a"
    assert normalise_house_number("12 – 14") == normalise_house_number("12-14") == "12-14"


@pytest.mark.parametrize(
    "street",
    [
        "Hauptstraße 12",
        "Hauptstrasse 12",
        "Hauptstr. 12",
        "Hauptstr 12",
        "hauptstr.12",
        "HAUPTSTRASSE 12",
        "Haupt-Straße 12",
        "Haupt Str. 12",
        "Hauptstraße  12.",
        "Hauptstraße, 12",
    ],
)
def test_street_spellings_are_the_same_street(street: str):
    assert normalise_street(street) == ("hauptstrasse", "12")


def test_street_shapes():
    assert normalise_street("Am Markt 12a") == ("ammarkt", "12a")
    assert normalise_street("Am Markt 12 a") == ("ammarkt", "12a")
    assert normalise_street("Straße des 17. Juni 5") == ("strassedes17juni", "5")
    assert (
        normalise_street("Lindenweg 12-14") == normalise_street("Lindenweg 12 - 14") == ("lindenweg", "12-14")
    )
    assert normalise_street("12 Baker Street") == ("bakerstreet", "12")
    assert normalise_street("Am Markt") == ("ammarkt", "")
    assert normalise_street("") == ("", "")


@pytest.mark.parametrize(
    "candidate",
    [
        address(),
        address("Hauptstr. 12"),
        address("hauptstrasse 12", first="ERIKA", last="MUSTERMANN"),
        address("Hauptstraße 12", "20457", "HAMBURG"),
        address("Hauptstraße 12", "20457", "Hamburg-Altona"),  # the postcode decides
        address("Hauptstraße 12", country=""),
        address(last="Mustermann "),
    ],
)
def test_the_same_person_at_the_same_place_matches_fully(candidate: Address):
    [match] = matching_addresses(candidate, [KNOWN])
    assert match.address is KNOWN
    assert match.score == 100
    assert match.reason == "Name und Adresse stimmen überein."


def test_umlaut_spellings_of_names_and_cities_match():
    known = address("Königstraße 3", "80331", "München", first="Jürgen", last="Müller")
    candidate = address("Koenigstr. 3", "", "Muenchen", first="Juergen", last="Mueller")
    assert scores(candidate, [known]) == [100]
    candidate = address("Königsstraße 3", "", "Muenchen", first="Juergen", last="Mueller")  # another street
    assert scores(candidate, [known]) == []


def test_house_number_formats():
    known = address("Am Markt 12a")
    assert scores(address("Am Markt 12 a"), [known]) == [100]
    assert scores(address("Am Markt 12 A"), [known]) == [100]
    assert scores(address("Lindenweg 12 - 14"), [address("Lindenweg 12-14")]) == [100]


@pytest.mark.parametrize(
    "candidate",
    [
        address("Hauptstraße 14"),  # another house number
        address("Hauptstraße 12a"),  # a letter makes another house
        address("Hauptstraße 1"),
        address("Hauptstraße 122"),
        address("Lindenweg 12-14", key=None),
        address("Nebenstraße 12"),
        address("Hauptstraße 12", "20459"),  # another postcode
        address("Hauptstraße 12", country="AT"),
        address("Hauptstraße 12", last="Musterfrau"),  # another person at the same place
        address("Hauptstraße", first="Erika"),  # no house number against one
        address("", "", ""),
    ],
)
def test_tricky_pairs_that_must_not_match(candidate: Address):
    assert matching_addresses(candidate, [KNOWN]) == []


def test_without_postcode_the_city_decides():
    known = address(zip_code="")
    assert scores(address(zip_code="", city="hamburg"), [known]) == [100]
    assert scores(address(zip_code="", city="Bremen"), [known]) == []
    assert scores(address(zip_code="", city=""), [address(zip_code="", city="")]) == []


def test_less_certain_matches_score_lower_and_say_why():
    known = [
        address(first="E.", key=1),
        address(first="Max", key=2),
        address(first="", key=3),
        address(first="", last="", company="Muster GmbH", key=4),
        address(key=5),
    ]
    matches = matching_addresses(address(company="Muster G.m.b.H."), known)
    assert [(m.address.address_key, m.score) for m in matches] == [
        (5, 100),
        (1, 90),
        (3, 90),
        (4, 80),
        (2, 70),
    ]
    assert matches[1].reason == "Nachname und Adresse stimmen überein, der Vorname ist abgekürzt oder fehlt."
    assert matches[3].reason == "Firma und Adresse stimmen überein."
    assert matches[4].reason == "Gleicher Nachname unter derselben Adresse, anderer Vorname."
    company = matching_addresses(address(first="", last="", company="Muster G.m.b.H."), known)
    assert [(m.address.address_key, m.score, m.reason) for m in company] == [
        (4, 80, "Firma und Adresse stimmen überein.")
    ]
