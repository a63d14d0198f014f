"""Item calls: search by name/number/EAN, item info, stock."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from pixi_simulator.calls.registry import Args, handles
from pixi_simulator.calls.rows import item_row, item_stock_row
from pixi_simulator.contract import ITEM_COLUMNS, ITEM_STOCK_COLUMNS, RETURN_CODE_ERROR
from pixi_simulator.like import is_match_all, like
from pixi_simulator.params import SqlError
from pixi_simulator.records import Item, PixiDatabase
from pixi_simulator.rowset import CallResult, RowSet
from pixi_simulator.soap import local_name, safe_parser

LOCATION = "001"


@handles("pixiItemSearch")
def item_search(db: PixiDatabase, args: Args) -> CallResult:
    """LIKE filters on ItemName, EANUPC, ConfigType (category), SupplNr; RowCount 0 = all."""
    filters = (
        ("ItemName", "name"),
        ("EANUPC", "ean"),
        ("ConfigType", "category"),
        ("SupplNr", "suppl_nr"),
    )
    active = [(args[p].strip(), attr) for p, attr in filters if not is_match_all(args[p])]
    if (args["LocID"] or LOCATION).strip() != LOCATION:
        found: list[Item] = []
    else:
        found = [
            i for i in db.items.values() if all(like(getattr(i, attr), pattern) for pattern, attr in active)
        ]
    found.sort(key=lambda i: (i.name.casefold(), i.item_key))
    if args["RowCount"] and args["RowCount"] > 0:
        found = found[: args["RowCount"]]
    return CallResult(rowsets=[RowSet(ITEM_COLUMNS, [item_row(i) for i in found])])


def parse_item_xml(text: str) -> list[tuple[str, str]]:
    """``<ITEMS><ITEM><ITEMKEY>1</ITEMKEY></ITEM>…</ITEMS>`` -> [("ITEMKEY", "1"), …]."""
    try:
        root = etree.fromstring(text.strip().encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise SqlError(9400, f"XML parsing: {exc}") from exc
    wanted = []
    for item in root.iter():
        if isinstance(item.tag, str) and local_name(item).upper() == "ITEM":
            for child in item:
                if isinstance(child.tag, str) and (child.text or "").strip():
                    wanted.append((local_name(child).upper(), child.text.strip()))
                    break
    return wanted


def _matches(item: Item, kind: str, value: str) -> bool:
    value = value.casefold()
    if kind == "ITEMKEY":
        return str(item.item_key) == value
    if kind in ("EAN", "EANUPC"):
        return item.ean == value
    if kind == "ITEMNRINT":
        return item.item_nr_int.casefold() == value
    if kind == "ITEMNRSUPPL":
        return item.item_nr_suppl.casefold() == value
    if kind == "INTERNALITEMNUMBER":
        return f"i{item.item_key:06d}" == value
    return False


def find_items(db: PixiDatabase, identifiers: Iterable[tuple[str, str]]) -> list[Item]:
    found: dict[int, Item] = {}
    for kind, value in identifiers:
        for item in db.items.values():
            if _matches(item, kind, value):
                found.setdefault(item.item_key, item)
    return list(found.values())


def _identifiers(args: Args, ean_param: str) -> list[tuple[str, str]]:
    identifiers = []
    if args["ItemXML"]:
        identifiers.extend(parse_item_xml(args["ItemXML"]))
    for param, kind in (
        (ean_param, "EAN"),
        ("ItemKey", "ITEMKEY"),
        ("ItemNrInt", "ITEMNRINT"),
        ("ItemNrSuppl", "ITEMNRSUPPL"),
    ):
        if args[param] is not None:
            identifiers.append((kind, str(args[param]).strip()))
    return identifiers


@handles("pixiGetItemInfo")
def get_item_info(db: PixiDatabase, args: Args) -> CallResult:
    items = find_items(db, _identifiers(args, "EANUPC"))
    if (args["LocID"] or LOCATION).strip() != LOCATION:
        items = []
    return CallResult(rowsets=[RowSet(ITEM_COLUMNS, [item_row(i) for i in items])])


@handles("pixiGetItemStock")
def get_item_stock(db: PixiDatabase, args: Args) -> CallResult:
    identifiers = _identifiers(args, "EAN")
    if not identifiers:
        return CallResult(
            rowsets=[
                RowSet(
                    RETURN_CODE_ERROR,
                    [
                        {
                            "ReturnCode": "ERROR",
                            "ErrorMessage": "Bitte einen Artikel angeben "
                            "(EAN, ItemKey, ItemXML, ItemNrInt oder ItemNrSuppl).",
                        }
                    ],
                )
            ]
        )
    return CallResult(
        rowsets=[RowSet(ITEM_STOCK_COLUMNS, [item_stock_row(i) for i in find_items(db, identifiers)])]
    )
