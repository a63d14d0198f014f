"""Bank account for direct debit: IBAN checksum and length per country, holder, optional BIC."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.bank_account import (
    IBAN_LENGTHS,
    BankAccount,
    format_iban,
    iban_checksum_ok,
    iban_problem,
    normalise_iban,
    parse_bank_account,
)
from chalicelib.errors import ValidationError


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",
        "de89370400440532013000",
        "AT61 1904 3002 3457 3201",
        "CH93 0076 2011 6238 5295 7",
        "GB82 WEST 1234 5698 7654 32",
        "NL91 ABNA 0417 1643 00",
        "FR14 2004 1010 0505 0001 3M02 606",
        "BE68 5390 0754 7034",
        "NO93 8601 1117 947",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
    ],
)
def test_valid_sepa_ibans(iban: str):
    assert iban_problem(normalise_iban(iban)) is None


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("", "Bitte die IBAN angeben."),
        ("DE8937040044053201300!", "Eine IBAN beginnt mit dem Ländercode"),
        ("8937040044053201300000", "Eine IBAN beginnt mit dem Ländercode"),
        (
            "US12345678901234567890",
            "Lastschrift ist nur für IBANs aus dem SEPA-Raum möglich; US gehört nicht dazu.",
        ),
        ("DE8937040044053201300", "Eine IBAN aus DE hat 22 Zeichen, diese hat 21."),
        ("DE89370400440532013001", "Die Prüfziffern der IBAN stimmen nicht: Bitte auf Tippfehler prüfen."),
        ("DE98370400440532013000", "Die Prüfziffern der IBAN stimmen nicht"),  # swapped check digits
        ("DE89370400440532031000", "Die Prüfziffern der IBAN stimmen nicht"),  # swapped neighbours
    ],
)
def test_invalid_ibans_say_why(iban: str, message: str):
    problem = iban_problem(iban)
    assert problem is not None and problem.startswith(message)


def test_the_length_table_covers_the_sepa_core():
    for country in ("DE", "AT", "CH", "FR", "IT", "ES", "NL", "BE", "LU", "PL", "SE", "DK", "NO", "GB", "IE"):
        assert country in IBAN_LENGTHS
    assert all(15 <= length <= 31 for length in IBAN_LENGTHS.values())


def with_check_digits(country: str, bban: str) -> str:
    remainder = int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
    return f"{country}{98 - remainder:02d}{bban}"


@given(
    country=st.sampled_from(sorted(IBAN_LENGTHS)),
    data=st.data(),
)
def test_any_iban_with_computed_check_digits_is_valid_and_any_one_digit_change_is_caught(country, data):
    length = IBAN_LENGTHS[country]
    bban = data.draw(st.text(alphabet="0123456789", min_size=length - 4, max_size=length - 4))
    iban = with_check_digits(country, bban)
    assert iban_problem(iban) is None
    position = data.draw(st.integers(min_value=4, max_value=length - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != iban[position]]))
    typo = iban[:position] + digit + iban[position + 1 :]
    assert not iban_checksum_ok(typo)


def test_a_bank_account_is_normalised():
    account = parse_bank_account("  Erika   Mustermann ", "de89 3704 0044 0532 0130 00", " cobadeffxxx ")
    assert account == BankAccount("Erika Mustermann", "DE89370400440532013000", "COBADEFFXXX")
    assert account.iban_display == "DE89 3704 0044 0532 0130 00"
    assert format_iban("AT611904300234573201") == "AT61 1904 3002 3457 3201"
    assert parse_bank_account("Erika Mustermann", "DE89370400440532013000").bic == ""
    assert parse_bank_account("Erika Mustermann", "DE89370400440532013000", "COBADEFF").bic == "COBADEFF"


def test_every_wrong_field_is_named_at_once():
    with pytest.raises(ValidationError) as caught:
        parse_bank_account(" ", "DE00 1234", "COBA-DE")
    assert caught.value.message == "Die Bankverbindung ist ungültig."
    assert caught.value.fields == {
        "bank_account.holder": "Bitte den Kontoinhaber angeben.",
        "bank_account.iban": "Eine IBAN aus DE hat 22 Zeichen, diese hat 8.",
        "bank_account.bic": (
            "Eine BIC hat 8 oder 11 Zeichen: Bankcode, "
            "Ländercode, Ortscode (z. B. COBADEFFXXX)."
        ),
    }


@pytest.mark.parametrize("bic", ["COBADEF", "COBADEFFXX", "C0BADEFF", "COBADEFFXXXX"])
def test_a_bic_of_the_wrong_shape_is_refused(bic: str):
    with pytest.raises(ValidationError) as caught:
        parse_bank_account("Erika Mustermann", "DE89370400440532013000", bic, field_prefix="")
    assert set(caught.value.fields) == {"bic"}


def test_the_holder_has_the_sepa_length_limit():
    parse_bank_account("x" * 70, "DE89370400440532013000")
    with pytest.raises(ValidationError) as caught:
        parse_bank_account("x" * 71, "DE89370400440532013000")
    assert caught.value.fields == {"bank_account.holder": "Der Kontoinhaber darf höchstens 70 Zeichen haben."}
