"""Reference data calls: shops, payment types, currencies, countries, server time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pixi_simulator.calls.registry import Args, handles
from pixi_simulator.clock import server_now
from pixi_simulator.contract import CALLS
from pixi_simulator.like import is_match_all, like
from pixi_simulator.records import PixiDatabase
from pixi_simulator.rowset import CallResult, RowSet


def _rowset(call: str, rows: Sequence[Mapping[str, object]]) -> CallResult:
    return CallResult(rowsets=[RowSet(CALLS[call].rowsets[0], rows)])


def _matches(value: str, pattern: str | None) -> bool:
    return is_match_all(pattern) or like(value, pattern or "")


@handles("pixiGetShops")
def get_shops(db: PixiDatabase, args: Args) -> CallResult:
    rows = [
        {
            "ShopID": s.shop_id,
            "ShopName": s.name,
            "Address": s.address,
            "City": s.city,
            "ZIP": s.zip,
            "Country": s.country,
            "Contact": s.contact,
            "Phone": s.phone,
            "eMail": s.email,
        }
        for s in db.shops.values()
        if _matches(s.shop_id, args["ShopID"])
    ]
    return _rowset("pixiGetShops", rows)


@handles("pixiGetPaymenttypes")
def get_payment_types(db: PixiDatabase, args: Args) -> CallResult:
    rows = [
        {"Code": p.code, "XMLTag": p.xml_tag, "PaymentText": p.text, "IniOrderStatus": p.ini_order_status}
        for p in db.payment_types.values()
        if _matches(p.code, args["Code"])
        and _matches(p.xml_tag, args["TagXML"])
        and _matches(p.text, args["PaymentText"])
        and _matches(p.ini_order_status, args["IniOrderStatus"])
    ]
    return _rowset("pixiGetPaymenttypes", rows)


@handles("pixiGetCurrency")
def get_currency(db: PixiDatabase, args: Args) -> CallResult:
    rows = [
        {"Id": c.id, "Code": c.code, "Active": "1" if c.active else "0", "LocaleId": c.locale_id}
        for c in db.currencies.values()
    ]
    return _rowset("pixiGetCurrency", rows)


@handles("pixiGetCountries")
def get_countries(db: PixiDatabase, args: Args) -> CallResult:
    rows = [
        {
            "CntCode": c.code,
            "CntName": c.name,
            "DateFormat": c.date_format,
            "LangCode": c.lang,
            "CntCodeISO2": c.iso2,
            "CntCodeIsO3": c.iso3,
            "ChargeVAT": "Y" if c.charge_vat else "N",
            "VATLimit": c.vat_limit,
            "CntNames": c.names,
            "IsEU": c.is_eu,
            "DefShipCosts": c.def_ship_costs,
        }
        for c in db.countries.values()
    ]
    return _rowset("pixiGetCountries", rows)


@handles("pixiGetServerTime")
def get_server_time(db: PixiDatabase, args: Args) -> CallResult:
    return _rowset("pixiGetServerTime", [{"ServerTime": server_now()}])
