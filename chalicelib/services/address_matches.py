"""The duplicate check of the order form (O1): which known pixi customers live at the address a new
customer's details name.

One pixi customer search by postcode (else by city) finds the candidates; the pure matcher
(``domain.address_match``) decides, tolerant of case, umlauts, "Str."/"Straße" and house-number
spelling, which of their addresses are the same place and addressee.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.address_match import AddressMatch, matching_addresses
from chalicelib.domain.customer import Address, CustomerSummary
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services.pixi_cache import tenant_pixi

CANDIDATE_LIMIT = 200
MAX_MATCHES = 10


@dataclass(frozen=True)
class CustomerMatch:
    customer: CustomerSummary
    match: AddressMatch


def _address_of(customer: CustomerSummary) -> Address:
    return Address(
        address_key=None, address_type=None, first_name=customer.first_name, last_name=customer.last_name,
        company=customer.company, street=customer.street, zip_code=customer.zip_code, city=customer.city,
        country=customer.country, phone=customer.phone, email=customer.email,
    )


def find_matches(connection: ConnectionRef, candidate: Address) -> list[CustomerMatch]:
    """Known customers whose address matches ``candidate`` (name + address), best first; none while
    street, postcode/city or a name are still missing."""
    from chalicelib.adapters.pixi import CustomerCriteria

    has_name = bool((candidate.last_name or candidate.company).strip())
    zip_code, city = candidate.zip_code.strip(), candidate.city.strip()
    if not has_name or not candidate.street.strip() or not (zip_code or city):
        return []
    criteria = CustomerCriteria(zip_code=zip_code) if zip_code else CustomerCriteria(city=city)
    customers, _ = tenant_pixi(connection).search_customers(criteria, CANDIDATE_LIMIT)
    found = [
        CustomerMatch(customer, match)
        for customer in customers
        for match in matching_addresses(candidate, [_address_of(customer)])
    ]
    found.sort(key=lambda m: -m.match.score)
    return found[:MAX_MATCHES]
