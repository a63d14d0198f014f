"""The per-tenant pixi cache with a fake clock and an in-memory fake pixi client."""

from __future__ import annotations

import functools
import threading
from datetime import datetime
from decimal import Decimal

import pytest

from chalicelib.cache import TtlCache
from chalicelib.domain.customer import Address, Customer, CustomerType
from chalicelib.domain.item import Item, Stock
from chalicelib.domain.order import OrderHeader
from chalicelib.domain.reference import Country, Currency, PaymentType, Shop
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import NotFoundError, PixiTimeoutError
from chalicelib.services.pixi_cache import (
    DATA_TTL_SECONDS,
    ITEM_TTL_SECONDS,
    REFERENCE_TTL_SECONDS,
    STOCK_TTL_SECONDS,
    TenantPixi,
)
from chalicelib.services.pixi_guard import PixiGuard
from tests.fakes.breakers import InMemoryPixiBreakerRepository


def unstored_guard() -> PixiGuard:
    """A guard whose breakers live in memory (no DynamoDB in unit tests)."""
    breakers = InMemoryPixiBreakerRepository()
    return PixiGuard(breakers=lambda: breakers)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(clock: Clock) -> TtlCache:
    return TtlCache(max_entries=3, clock=clock)


class Loader:
    def __init__(self, *values: object) -> None:
        self.values = list(values)
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        value = self.values.pop(0)
        if isinstance(value, Exception):
            raise value
        return value


def test_a_fresh_value_is_served_from_the_cache_until_its_lifetime_ends(cache: TtlCache, clock: Clock):
    load = Loader("first", "second")
    assert cache.get_or_load(("t1", "c", "x"), 60, load) == "first"
    clock.now += 59.9
    assert cache.get_or_load(("t1", "c", "x"), 60, load) == "first"
    assert load.calls == 1 and cache.hits == 1
    clock.now += 0.1
    assert cache.get_or_load(("t1", "c", "x"), 60, load) == "second"
    assert load.calls == 2


def test_refresh_loads_again_and_keeps_the_new_value(cache: TtlCache):
    load = Loader("old", "new")
    cache.get_or_load(("k",), 60, load)
    assert cache.get_or_load(("k",), 60, load, refresh=True) == "new"
    assert cache.get_or_load(("k",), 60, Loader()) == "new"


def test_errors_are_never_cached(cache: TtlCache):
    load = Loader(PixiTimeoutError(), NotFoundError(), "value")
    for error in (PixiTimeoutError, NotFoundError):
        with pytest.raises(error):
            cache.get_or_load(("k",), 60, load)
    assert len(cache) == 0
    assert cache.get_or_load(("k",), 60, load) == "value"


def test_the_least_recently_used_entry_goes_when_full(cache: TtlCache):
    for key in "abc":
        cache.get_or_load((key,), 60, Loader(key))
    cache.get_or_load(("a",), 60, Loader())  # a is used again
    cache.get_or_load(("d",), 60, Loader("d"))
    assert len(cache) == 3
    assert cache.get_or_load(("b",), 60, Loader("b again")) == "b again"  # b went first
    assert cache.get_or_load(("a",), 60, Loader()) == "a"


def test_forget_drops_one_tenants_entries(cache: TtlCache):
    cache.get_or_load(("t1", "c", "x"), 60, Loader(1))
    cache.get_or_load(("t1", "c", "y"), 60, Loader(2))
    cache.get_or_load(("t2", "c", "x"), 60, Loader(3))
    assert cache.forget(("t1",)) == 2
    assert cache.get_or_load(("t2", "c", "x"), 60, Loader()) == 3


def test_the_cache_is_safe_between_threads():
    cache = TtlCache(max_entries=50)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(300):
                key = (f"t{n % 3}", "c", i % 70)
                assert cache.get_or_load(key, 60, functools.partial(tuple, key)) == key
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(cache) <= 50


def test_keys_start_with_tenant_and_connection_and_connections_never_share(clock: Clock):
    cache = TtlCache(clock=clock)
    pixi = FakePixi({1: a_customer(1, "Mustermann")})
    guard = unstored_guard()
    TenantPixi(ConnectionRef("demo", "c-42"), pixi, cache=cache, guard=guard).customer(1)  # type: ignore[arg-type]
    same = TenantPixi(ConnectionRef("demo", "c-42"), FakePixi({}), cache=cache, guard=guard)  # type: ignore[arg-type]
    other = TenantPixi(ConnectionRef("demo", "c-43"), pixi, cache=cache, guard=guard)  # type: ignore[arg-type]
    assert same.customer(1).last_name == "Mustermann" and pixi.calls == {"get_customer": 1}
    other.customer(1)
    assert pixi.calls == {"get_customer": 2}
    assert cache.forget(("demo", "c-42")) == 1 and cache.forget(("demo",)) == 1


# --- TenantPixi with a fake client ---------------------------------------------------------


def a_customer(key: int, last: str) -> Customer:
    return Customer(
        customer_key=key, customer_number=f"K{key}", shop_id="WEB", salutation="", first_name="",
        last_name=last,
        company="", vat_id="", customer_type=CustomerType.PRIVATE, email="", phone="", locked=False,
        lock_reason="", payment_code="R", currency="EUR", created_at=None,
    )


def an_order(number: int) -> OrderHeader:
    return OrderHeader(order_number=number, external_order_number=f"W-{number}", customer_key=1,
                       shop_id="WEB", order_date=datetime(2026, 1, 1), ship_date=None, status="OPEN",
                       total=Decimal(1), currency="EUR", payment_code="R")


class FakePixi:
    """The pixi client's read calls over a dict per tenant database, counting calls."""

    def __init__(self, customers: dict[int, Customer]) -> None:
        self.customers = customers
        self.calls: dict[str, int] = {}

    def _count(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    def get_customer(self, key: int, *, addresses: bool = True) -> Customer:
        self._count("get_customer")
        if key not in self.customers:
            raise NotFoundError("Kunde nicht gefunden.")
        return self.customers[key]

    def get_addresses(self, keys: tuple[int, ...]) -> list[Address]:
        self._count("get_addresses")
        return [Address(address_key=k, address_type=None) for k in keys]

    def list_orders(
        self, key: int, limit: int = 20, before: int | None = None
    ) -> tuple[list[OrderHeader], bool]:
        self._count("list_orders")
        numbers = [n for n in range(100, 90, -1) if before is None or n < before]
        return [an_order(n) for n in numbers[:limit]], len(numbers) > limit

    def list_payment_types(self) -> list[PaymentType]:
        self._count("list_payment_types")
        return [PaymentType("R", "INVOICE", "Rechnung", "ANG")]

    def list_shops(self) -> list[Shop]:
        self._count("list_shops")
        return [Shop("WEB", "Onlineshop")]

    def list_countries(self) -> list[Country]:
        self._count("list_countries")
        return [Country("D", "Deutschland", "DE", "DEU", True, True, Decimal("4.90"))]

    def list_currencies(self) -> list[Currency]:
        self._count("list_currencies")
        return [Currency(1, "EUR", True)]

    def search_items(self, text: str, limit: int = 20) -> list[Item]:
        self._count("search_items")
        return [an_item(7, text)][:limit]

    def get_item(self, *, item_key: int | None = None, item_number: str | None = None,
                 ean: str | None = None) -> Item:
        self._count("get_item")
        if item_key != 7 and item_number != "A-7":
            raise NotFoundError("Artikel nicht gefunden.")
        return an_item(7, "Wasserkocher")

    def get_stock(self, item_keys: list[int]) -> dict[int, Stock]:
        self._count("get_stock")
        return {k: Stock(k, f"A-{k}", "", 3, 2) for k in item_keys if k != 404}


def an_item(key: int, name: str) -> Item:
    return Item(item_key=key, item_number=f"A-{key}", ean="", name=name, price=Decimal("19.90"),
                vat_percent=Decimal(19), available_stock=2, physical_stock=3, enabled=True,
                master_item_key=None, is_variation_master=False, default_variation_key=None,
                variation_text="")


def tenant(cache: TtlCache, tenant_id: str, client: FakePixi, refresh: bool = False) -> TenantPixi:
    return TenantPixi(connection=ConnectionRef(tenant_id, "c1"), client=client, refresh=refresh,  # type: ignore[arg-type]
                      cache=cache, guard=unstored_guard())


def test_tenants_never_share_an_entry(clock: Clock):
    cache = TtlCache(clock=clock)
    demo, other = FakePixi({1: a_customer(1, "Mustermann")}), FakePixi({1: a_customer(1, "Andersen")})
    assert tenant(cache, "demo", demo).customer(1).last_name == "Mustermann"
    assert tenant(cache, "nord", other).customer(1).last_name == "Andersen"
    assert tenant(cache, "demo", demo).customer(1).last_name == "Mustermann"
    assert demo.calls == {"get_customer": 1} and other.calls == {"get_customer": 1}


def test_data_lives_a_minute_and_reference_data_ten_minutes(clock: Clock):
    cache = TtlCache(clock=clock)
    pixi = FakePixi({1: a_customer(1, "Mustermann")})
    reader = tenant(cache, "demo", pixi)
    for _ in range(2):
        reader.customer(1)
        reader.payment_types()
        reader.shops()
        reader.order_page(1, 3, None)
    clock.now += DATA_TTL_SECONDS
    reader.customer(1)
    reader.payment_types()
    reader.order_page(1, 3, None)
    assert pixi.calls == {"get_customer": 2, "list_payment_types": 1, "list_shops": 1, "list_orders": 2}
    clock.now += REFERENCE_TTL_SECONDS
    reader.shops()
    assert pixi.calls["list_shops"] == 2


def test_pages_are_cached_per_page_and_refresh_reads_again(clock: Clock):
    cache = TtlCache(clock=clock)
    pixi = FakePixi({})
    first = tenant(cache, "demo", pixi).order_page(1, 4, None)
    assert [o.order_number for o in first.orders] == [100, 99, 98, 97] and first.next_before == 97
    second = tenant(cache, "demo", pixi).order_page(1, 4, 97)
    assert [o.order_number for o in second.orders] == [96, 95, 94, 93]
    tenant(cache, "demo", pixi).order_page(1, 4, None)
    assert pixi.calls == {"list_orders": 2}
    tenant(cache, "demo", pixi, refresh=True).order_page(1, 4, None)
    assert pixi.calls == {"list_orders": 3}


def test_an_unknown_customer_is_not_cached(clock: Clock):
    cache = TtlCache(clock=clock)
    pixi = FakePixi({})
    for _ in range(2):
        with pytest.raises(NotFoundError):
            tenant(cache, "demo", pixi).customer(5)
    assert pixi.calls == {"get_customer": 2} and len(cache) == 0


def test_items_and_stock_live_half_a_minute(clock: Clock):
    cache = TtlCache(clock=clock)
    pixi = FakePixi({})
    reader = tenant(cache, "demo", pixi)
    for _ in range(2):
        assert [i.name for i in reader.search_items(" Kocher ", 10)] == ["Kocher"]
        assert reader.item(item_key=7).item_number == "A-7"
        assert reader.stock([8, 7, 404, 7]) == {7: Stock(7, "A-7", "", 3, 2), 8: Stock(8, "A-8", "", 3, 2)}
    assert pixi.calls == {"search_items": 1, "get_item": 1, "get_stock": 1}
    reader.stock([404, 8, 7])  # the same set of items, in another order: one entry
    assert pixi.calls["get_stock"] == 1
    reader.stock([7])[7] = Stock(7, "changed", "", 0, 0)  # a caller's copy: the cache keeps its own
    assert reader.stock([7])[7].item_number == "A-7"
    clock.now += min(ITEM_TTL_SECONDS, STOCK_TTL_SECONDS)
    reader.search_items("Kocher", 10)
    reader.stock([7, 8, 404])
    assert pixi.calls["search_items"] == 2 and pixi.calls["get_stock"] == 3


def test_an_unknown_item_is_not_cached(clock: Clock):
    cache = TtlCache(clock=clock)
    pixi = FakePixi({})
    for _ in range(2):
        with pytest.raises(NotFoundError):
            tenant(cache, "demo", pixi).item(item_number="GIBT-ES-NICHT")
    assert pixi.calls == {"get_item": 2} and len(cache) == 0


def test_countries_and_currencies_are_reference_data(clock: Clock):
    cache = TtlCache(clock=clock)
    pixi = FakePixi({})
    reader = tenant(cache, "demo", pixi)
    for _ in range(2):
        assert [c.iso2 for c in reader.countries()] == ["DE"]
        assert [c.code for c in reader.currencies()] == ["EUR"]
    clock.now += DATA_TTL_SECONDS
    reader.countries()
    assert pixi.calls == {"list_countries": 1, "list_currencies": 1}
    clock.now += REFERENCE_TTL_SECONDS
    reader.countries()
    assert pixi.calls["list_countries"] == 2


def test_the_customer_is_its_profile_and_the_addresses_it_names(clock: Clock):
    from dataclasses import replace

    erika = replace(a_customer(1, "Mustermann"), billing_address_key=11, shipping_address_key=12)
    pixi = FakePixi({1: erika})
    reader = tenant(TtlCache(clock=clock), "demo", pixi)
    assert [a.address_key for a in reader.customer(1).addresses] == [11, 12]
    assert reader.customer_profile(1).addresses == ()  # one pixi call: no addresses
    reader.customer(1)
    assert pixi.calls == {"get_customer": 1, "get_addresses": 1}  # both cached
