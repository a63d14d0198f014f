"""The simulator's contract: every pixi call it answers, its parameters and its result columns.

This is the one place where the simulator states what it promises. Facts come from
`shared/pixi-api.md` (marked [C] there); where the public sources stop, the columns below are
plausible pixi-style choices (marked ``inferred=True``) and the pixi client must stay tolerant of
reality differing from them (missing columns, extra columns, other row-set positions).

Conventions
- ``params`` are listed in positional order (the order a client should send them). The simulator
  matches names case-insensitively and accepts them in any order, qualified or unqualified.
- Each result is a list of row sets; a row set is a tuple of ``Column(name, sqltype)``. A column
  whose name starts with ``XML`` is written on the wire as ``_x0058_…`` (see ``wire_name``).
- ``scalar=True`` means the call answers a plain value in ``<CallResult>`` instead of row sets.
- sqltypes: int, bigint, bit, money (4 decimals), decimal, float, datetime, varchar, char, xml.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    sqltype: str = "varchar"
    max_length: int | None = None


@dataclass(frozen=True)
class Param:
    name: str
    sqltype: str = "varchar"
    required: bool = False
    default: str | None = None


@dataclass(frozen=True)
class Call:
    name: str
    params: tuple[Param, ...]
    rowsets: tuple[tuple[Column, ...], ...] = ()
    scalar: bool = False
    inferred: bool = False
    doc: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def wire_name(name: str) -> str:
    """XML-name escaping as SQL Server does it: a leading ``XML`` gets its first char escaped."""
    return "_x0058_" + name[1:] if name[:3].upper() == "XML" else name


def _c(spec: str) -> tuple[Column, ...]:
    """Parse ``"Name:type, Other:varchar(60)"`` into columns (type defaults to varchar)."""
    cols: list[Column] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        name, _, typ = part.partition(":")
        typ = typ or "varchar"
        max_length = None
        if "(" in typ:
            typ, _, rest = typ.partition("(")
            max_length = int(rest.rstrip(")"))
        cols.append(Column(name.strip(), typ.strip(), max_length))
    return tuple(cols)


def _p(spec: str) -> tuple[Param, ...]:
    """Parse ``"CustKey:int!, ShopID:varchar=%"``: ``!`` = required, ``=x`` = default."""
    params: list[Param] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        name, _, rest = part.partition(":")
        rest = rest or "varchar"
        default = None
        if "=" in rest:
            rest, _, default = rest.partition("=")
        required = rest.endswith("!")
        params.append(Param(name.strip(), rest.rstrip("!").strip(), required, default))
    return tuple(params)


# --- Shared column sets --------------------------------------------------------------------

ADDRESS_COLUMNS = _c(
    "AddrKey:int, AddrType:char(1), AddrNr:varchar(20), CustKey:int, CustomerNrExternal:varchar(60),"
    " ShopID:varchar(3), Salutation:varchar(20), Title:varchar(30), Name:varchar(100),"
    " FirstName:varchar(50), LastName:varchar(50), Company:varchar(100), Address:varchar(100),"
    " Street:varchar(100), HouseNr:varchar(10), ZIP:varchar(10), City:varchar(50),"
    " CountryCodePixi:varchar(3), CountryName:varchar(50), CountryCodeISO2:char(2),"
    " CountryCodeISO3:char(3), Phone:varchar(30), Fax:varchar(30), eMail:varchar(60),"
    " VatID:varchar(20), Note:varchar(255), IBAN:varchar(34), BIC:varchar(11), BLZ:varchar(8),"
    " PaymentCode:char(1), NoChargeVAT:char(1), Locked:char(1), CreateDate:datetime"
)
"""Address row (pixiGetAddress, nested BillingAddress/ShippingAddress rows, customer addresses).
AddrType: B = billing, S = shipping."""

CUSTOMER_SEARCH_COLUMNS = _c(
    "CustKey:int, CustomerNrExternal:varchar(60), ShopID:varchar(3), Salutation:varchar(20),"
    " FirstName:varchar(50), LastName:varchar(50), Name:varchar(100), Company:varchar(100),"
    " Address:varchar(100), ZIP:varchar(10), City:varchar(50), Country:varchar(3),"
    " CountryCodeISO2:char(2), Phone:varchar(30), eMail:varchar(60), VatID:varchar(20),"
    " CustomerType:varchar(3), Locked:char(1), OrderCount:int, LastOrderDate:datetime,"
    " CreateDate:datetime"
)
"""pixiCustomerSearch row [inferred: the real column list was not retrievable]. Address/ZIP/City
are the billing address. CustomerType: B2C or B2B."""

CUSTOMER_INFO_COLUMNS = _c(
    "CustomerNRExternal:varchar(60), ShopID:varchar(3), Name:varchar(100),"
    " Salutation:varchar(20), FirstName:varchar(50), LastName:varchar(50), Company:varchar(100),"
    " VatID:varchar(20), CustomerType:varchar(3), eMail:varchar(60), Phone:varchar(30),"
    " Comment:varchar(500), CustomerLocked:char(1), PaymentCode:char(1), BaseCurrency:varchar(3),"
    " DatevUserAccount:varchar(20), InvoicesReminderLevel1:int, InvoicesReminderLevel2:int,"
    " InvoicesReminderLevel3:int, BillingAddrKey:int, ShippingAddrKey:int, CreateDate:datetime,"
    " UpdateDate:datetime"
)
"""pixiGetCustomerInfo's one row set [C: Name, Comment, CustomerLocked, CustomerNRExternal,
DatevUserAccount, InvoicesReminderLevel1..3; the rest inferred]. As documented there is no
``CustKey`` column (the caller knows the key it asked for) and no address row set: the customer's
addresses are read by key with pixiGetAddress [C] (BillingAddrKey/ShippingAddrKey are inferred)."""

ORDER_HEADER_COLUMNS = _c(
    "OrderNr:int, OrderNrExternal:varchar(50), CustKey:int, CustomerNrExternal:varchar(60),"
    " ShopID:varchar(3), OrderDate:datetime, Shipdate:datetime, OrderStatus:varchar(10),"
    " OrderType:varchar(3), PaymentCode:char(1), PaymentText:varchar(50),"
    " ShipVendor:varchar(3), OrderTotal:money, OrderCurrency:varchar(3), Paid:bit,"
    " PayedSum:money, ShipCost:money, LastName:varchar(50), FirstName:varchar(50),"
    " Company:varchar(100), Street:varchar(100), ZIP:varchar(10), City:varchar(50),"
    " Country:varchar(3), ShopNote:varchar(1000), ChannelRef:int, TotalRows:int"
)
"""pixiGetOrderHeader row [C: names from pixiGetOrderHeaderList and the KB order list; the exact
set is inferred]. Rows come newest first (OrderNr descending)."""

ORDERLINE_COLUMNS = _c(
    "OrderlineKey:int, OrderNr:int, LineItemIDShop:varchar(50), Status:char(3),"
    " ItemKey:int, ItemNrInt:varchar(50), ArtNr:varchar(50), EANUPC:varchar(13),"
    " ArtName:varchar(255), Qty:int, Price:money, Price_OrderCurr:money, FullPrice:money,"
    " OrderCurrency:varchar(3), ShipCost:money, ShipCost_OrderCurr:money, DiscountValue:money,"
    " DiscountPerc:decimal,"
    " VATPercent:float, SupplInfo:varchar(255), LocationID:varchar(3), DF_type:int,"
    " DFShipDate:datetime, OrderDate:datetime, CreateDate:datetime, UpdateDate:datetime,"
    " CreateEmp:varchar(30), UpdateEmp:varchar(30)"
)
"""Order line [C: KC Item.php + pixiDFGetOrderlines]. Status: HAL ANG EIN AUS RET MIN STO NLB.
Price is the unit price after discount; FullPrice before discount. VATPercent is a fraction (0.19).
Amounts are in the tenant's base currency (EUR); ``Price_OrderCurr`` and ``ShipCost_OrderCurr`` [C]
are the same amounts in the order currency (``OrderCurrency``)."""

INVOICE_COLUMNS = _c(
    "InvoiceKey:int, InvoiceNr:varchar(20), OrderNr:int, CustKey:int, ShopID:varchar(3),"
    " InvDate:datetime, DueDate:datetime, Total:money, Total_OrderCurr:money,"
    " OrderCurrency:varchar(3), PaidAmount:money, PaidDate:datetime, Paid:bit,"
    " PaymentCode:char(1), Total_ShipCost:money, VATHighPerc:int, VATLowPerc:int,"
    " VATHigh:money, VATLow:money, BoxNr:int, ScanOutDate:datetime,"
    " ShipmentTrackingID:varchar(50), Locked:char(1), TotalRows:int"
)
"""pixiGetInvoice row [C: KC Invoice.php dump + PAD TotalRows]. Paid is 1 only when PaidAmount >=
Total; PaidDate alone is not a paid flag. Total and PaidAmount are in the base currency, the
order-currency total is ``Total_OrderCurr`` [C]."""

INVOICE_LINE_COLUMNS = _c(
    "InvoiceLineKey:int, OrderLineRef:int, ItemNr:varchar(50), ItemQty:int, OrderQty:int,"
    " ItemText:varchar(255), ItemPrice:money, ItemVAT:char(1), ItemRef:int, FullPrice:money,"
    " DiscountValue:money, DiscountPerc:decimal"
)

INVOICES_FOR_CUSTOMER_COLUMNS = _c(
    "InvoiceKey:int, InvoiceNr:varchar(20), OrderNr:int, OrderNrExternal:varchar(50),"
    " InvDate:datetime, DueDate:datetime, total:money, Currency:varchar(3), Paid:bit,"
    " PaidSum:money, PaidDate:datetime, ShipDate:datetime, PaymentCode:char(1),"
    " PaymentText:varchar(50), BankName:varchar(50), Blz:varchar(8), Account:varchar(34)"
)
"""pixiGetInvoicesForCustomer row [C: InvoiceNr, OrderNr, total, Paid, PaidSum, ShipDate, bank]."""

ORDER_COLUMNS = _c(
    "OrderNr:int, OrderNrExternal:varchar(50), OrderStatus:varchar(10), OrderType:varchar(3),"
    " ShopID:varchar(3), OrderDate:datetime, Shipdate:datetime, PaymentCode:char(1),"
    " PaymentText:varchar(50), OrderCurrency:varchar(3), BillingAddress:xml,"
    " ShippingAddress:xml, Customer:xml, OrderShippingVendor:varchar(3), Discount:money,"
    " ShipCost:money, OrderLinesTotal:money, OrderTotal:money, CreateDate:datetime,"
    " UpdateDate:datetime, UpdateEmp:varchar(30), ChannelRef:int, OhSLocked:char(1),"
    " Shop_Note:varchar(1000), OnPicklist:char(1), Orderlines:xml, Invoices:xml"
)
"""pixiGetOrder row [C: PAD + KC]. Nested xml columns hold ``<row …>`` elements:
BillingAddress/ShippingAddress rows (attrs AddrKey, AddrType) with ADDRESS_COLUMNS children;
Customer row (attr CustKey) with Locked, PaymentCode, ShopID, CustomerNrExternal, TaxOnInvoice,
CreateDate children; Orderlines rows with ORDERLINE_COLUMNS children; Invoices rows (attr
InvoiceKey) with INVOICE_COLUMNS children and a nested InvoiceLines element of INVOICE_LINE rows.
Order-level amounts (Discount, ShipCost, OrderLinesTotal, OrderTotal) are in the order currency, as
pixiGetOrderHeader's OrderTotal [inferred]; lines and invoices as in their own calls."""

ITEM_COLUMNS = _c(
    "ItemKey:int, ItemNrInt:varchar(50), ItemName:varchar(255), EANUPC:varchar(13),"
    " ItemNrSuppl:varchar(50), InternalItemNumber:varchar(50), SupplNr:varchar(4),"
    " SupplPrice:money, PriceVK:money, PriceVKNet:money, VATLevel:char(1), VAT:float,"
    " Quantity:int, PhysicalStock:int, AvailableStock:int, MinStockQty:int, MinOrderQty:int,"
    " OrderUnit:varchar(10), VPE:int, Category:varchar(100), Enabled:bit, ItemTAGs:varchar(500),"
    " PicLinkSmall:varchar(255), PicLinkLarge:varchar(255), ItemDescription:varchar(2000),"
    " MasterItemKey:int, IsVariationMaster:bit, DefaultVariationKey:int,"
    " VariationText:varchar(100), L30:int, UPC:varchar(13)"
)
"""pixiItemSearch / pixiGetItemInfo row [C: PAD + KC Product.php; variation columns inferred:
a variation has MasterItemKey; a master has IsVariationMaster=1 and DefaultVariationKey]."""

ITEM_STOCK_COLUMNS = _c(
    "ItemKey:int, ItemNrInt:varchar(50), EANUPC:varchar(13), ItemNrSuppl:varchar(50),"
    " PhysicalStock:int, PhysicalStockAllLocations:int, AvailableStock:int,"
    " OpenOrderlineSum:int, SupplPrice:money"
)

IMPORT_STATUS_COLUMNS = _c(
    "XMLLogKey:int, Id:varchar(50), Type:varchar(10), Channel:int, Status:varchar(3),"
    " Error:varchar(2000), Request:varchar(50), Response:varchar(2000), CreateDate:datetime,"
    " UpdateDate:datetime, XmlResponseCastErrorNr:int, OrderNr:int"
)
"""pixiImportFindXML row [C]. Status codes: COC Err NEI NOX OK RTE SRR XEC XER XIM XNI XPA XPR.
OrderNr (inferred) is set once the order was created."""

STATUS_MESSAGE = _c("Status:varchar(10), Message:varchar(1000)")
RETURN_CODE_ERROR = _c("ReturnCode:varchar(10), ErrorMessage:varchar(1000)")
RETURN_CODE_AFFECTED = _c("ReturnCode:varchar(10), AffectedRows:int")


CALLS: dict[str, Call] = {
    c.name: c
    for c in [
        # --- reference data ---
        Call("pixiGetShops", _p("ShopID:varchar"),
             (_c("ShopID:varchar(3), ShopName:varchar(100), Address:varchar(100), City:varchar(50),"
                 " ZIP:varchar(10), Country:varchar(3), Contact:varchar(100), Phone:varchar(30),"
                 " Fax:varchar(30), eMail:varchar(60)"),)),
        Call("pixiGetPaymenttypes",
             _p("Code:char, TagXML:varchar, PaymentText:varchar, IniOrderStatus:char"),
             (_c("Code:char(1), XMLTag:varchar(30), PaymentText:varchar(50),"
                 " IniOrderStatus:char(3)"),)),
        Call("pixiGetCurrency", (), (_c("Id:int, Code:varchar(3), Active:char(1), LocaleId:int"),)),
        Call("pixiGetCountries", (),
             (_c("CntCode:varchar(3), CntName:varchar(50), DateFormat:varchar(20),"
                 " LangCode:varchar(5), CntCodeISO2:char(2), CntCodeIsO3:char(3),"
                 " ChargeVAT:char(1), VATLimit:money, CntNames:varchar(500), IsEU:bit,"
                 " DefShipCosts:money"),)),
        Call("pixiGetServerTime", (), (_c("ServerTime:datetime"),)),
        # --- customers ---
        Call("pixiCustomerSearch",
             _p("Name:varchar=%, FirstName:varchar=%, eMail:varchar=%, CustNrExternal:varchar=%,"
                " Zip:varchar=%, City:varchar=%, Address:varchar=%, Country:varchar=%,"
                " Phone:varchar=%, OrderNr:int, InvoiceNr:varchar, ShopID:varchar,"
                " RowCount:int=1500"),
             (CUSTOMER_SEARCH_COLUMNS,), inferred=True,
             doc="String filters use SQL LIKE semantics (case-insensitive, % and _ wildcards)."
                 " Name matches LastName (or Company). Rows sorted by LastName, FirstName, CustKey."),
        Call("pixiCustomerKeyByEmail", _p("eMail:varchar!, ShopId:varchar, AllowAmbiguous:bit=1"),
             scalar=True),
        Call("pixiCustomerKeyByNumber",
             _p("ShopId:varchar!, AllowAmbiguous:bit!, CustomerNrExternal:varchar!"),
             (_c("CustKey:int"),)),
        Call("pixiGetCustomerInfo", _p("CustKey:int!"), (CUSTOMER_INFO_COLUMNS,), inferred=True),
        Call("pixiGetAddress", _p("AddrKey:int!"), (ADDRESS_COLUMNS,)),
        # --- orders ---
        Call("pixiGetOrderHeader",
             _p("OrderNr:int=0, OrderNrExternal:varchar, CustKey:int, FromTime:datetime,"
                " UntilTime:datetime, ShopID:varchar, RowCount:int=1000, PaymentType:char,"
                " FromUpdateTime:datetime, ShippingCountry:varchar"),
             (ORDER_HEADER_COLUMNS,), inferred=True,
             doc="Parameters as documented (PAD request-example order) [C]; there is no paging key:"
                 " a caller pages with RowCount (the newest n) or FromTime/UntilTime. Newest first"
                 " (OrderNr descending) [inferred]. TotalRows = rows returned."),
        Call("pixiGetOrder", _p("OrderNrXML:xml!"), (ORDER_COLUMNS,),
             doc="OrderNrXML = <OrderNrs><OrderNr>1</OrderNr>"
                 "<OrderNrExternal>x</OrderNrExternal></OrderNrs>."),
        Call("pixiGetOrderline",
             _p("ShopID:varchar, Status:char, OrderNR:int, RowCount:int=1000, InvoiceNr:varchar,"
                " OrderDateTo:datetime, PaymentType:char, OrderlineKey:int, UpdateDateTo:datetime,"
                " OrderDateFrom:datetime, ShowOrderlines:bit"),
             (ORDERLINE_COLUMNS,)),
        Call("pixiGetOrderComments",
             _p("Since:datetime=2000-01-01, OrderNr:int, RowCount:int=1000, OrderNrShop:varchar"),
             (_c("CommentKey:int, OrderNr:int, Comment:varchar(2000), CreateDate:datetime,"
                 " CreateEmp:varchar(60)"),), inferred=True),
        Call("pixiAddOrderComment", _p("OrderNr:int!, Comment:varchar!"), (STATUS_MESSAGE,),
             inferred=True),
        Call("pixiReleaseOrder", _p("ShopId:varchar!, OrderNrExternal:varchar!"),
             (RETURN_CODE_AFFECTED,)),
        Call("pixiSetOrderShippingLock",
             _p("Locked:bit=1, Reason:varchar, OrderNr:int!, UserName:varchar=API"),
             (RETURN_CODE_ERROR,)),
        # --- invoices ---
        Call("pixiGetInvoicesForCustomer",
             _p("CustKey:int, InvoiceNr:varchar, CustomerNrExternal:varchar"),
             (INVOICES_FOR_CUSTOMER_COLUMNS,),
             doc="Exactly one of the three parameters; otherwise an error row"
                 " (ReturnCode=ERROR, ErrorMessage)."),
        Call("pixiGetInvoice",
             _p("ShopID:varchar, OrderNR:int, RowCount:int=1000, StartKey:int,"
                " InvDateFrom:datetime, InvDateTo:datetime, InvoiceNr:varchar"),
             (INVOICE_COLUMNS,),
             doc="Keyset paging: InvoiceKey > StartKey, ascending. TotalRows = rows returned."),
        # --- items and stock ---
        Call("pixiItemSearch",
             _p("RowCount:int=0, ItemName:varchar, ConfigType:varchar, SupplNr:varchar,"
                " EANUPC:varchar, LocID:varchar=001, ShowOnlyItemsForExactSupplier:bit=0"),
             (ITEM_COLUMNS,), inferred=True,
             doc="Parameters as documented [C] (no ItemNrInt: an item number is looked up with"
                 " pixiGetItemInfo). ItemName/EANUPC use LIKE semantics (% wildcard) [inferred]."
                 " RowCount 0 = all. Variations are listed (with MasterItemKey)."),
        Call("pixiGetItemInfo",
             _p("LocID:varchar=001, EANUPC:varchar, ItemKey:int, ItemXML:xml, ItemNrInt:varchar,"
                " ItemNrSuppl:varchar, ConsiderFavouriteSupplier:bit=0"),
             (ITEM_COLUMNS,)),
        Call("pixiGetItemStock",
             _p("EAN:varchar, ItemKey:int, ItemXML:xml, ItemNrInt:varchar, ItemNrSuppl:varchar,"
                " LocationStock:bit=0"),
             (ITEM_STOCK_COLUMNS,),
             doc="One identifier required, else an error row (ReturnCode=ERROR, ErrorMessage)."),
        # --- order import ---
        Call("pixiImportAddXML",
             _p("ChannelRef:int!, OperationType:varchar!, XML:varchar!, ParameterXml:varchar"),
             (STATUS_MESSAGE, _c("XMLKey:int")),
             doc="Row set 1: Status OK/ERROR + Message; row set 2: XMLKey (wire: _x0058_MLKey)."
                 " Unknown or inactive channel: Status ERROR and no row set 2."),
        Call("pixiImportProcessXML", _p("XMLLogKey:int!"), (STATUS_MESSAGE,),
             doc="Parameter on the wire: _x0058_MLLogKey. Imports the stored document now."),
        Call("pixiImportFindXML", _p("Id:varchar!, Type:varchar=order, Channel:int"),
             (IMPORT_STATUS_COLUMNS,)),
    ]
}

LINE_STATUSES = ("HAL", "ANG", "EIN", "AUS", "RET", "MIN", "STO", "NLB")
ORDER_STATUSES = ("OPEN", "CLOSED", "HOLD")
IMPORT_STATUSES = ("COC", "Err", "NEI", "NOX", "OK", "RTE", "SRR", "XEC", "XER", "XIM", "XNI", "XPA", "XPR")
