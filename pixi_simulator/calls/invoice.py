"""Invoice calls: the invoices of a customer, and the keyset-paged invoice list."""

from __future__ import annotations

from pixi_simulator.calls.registry import Args, handles
from pixi_simulator.calls.rows import in_currency, invoice_row
from pixi_simulator.contract import INVOICE_COLUMNS, INVOICES_FOR_CUSTOMER_COLUMNS, RETURN_CODE_ERROR
from pixi_simulator.like import is_match_all, like
from pixi_simulator.records import Invoice, PixiDatabase
from pixi_simulator.rowset import CallResult, RowSet

BANKS = (("Sparkasse KölnBonn", "37050198"), ("Berliner Volksbank", "10090000"), ("Postbank", "10010010"))


def _for_customer_row(db: PixiDatabase, invoice: Invoice) -> dict[str, object]:
    order = db.orders[invoice.order_nr]
    payment = db.payment_types.get(invoice.payment_code)
    bank_name = blz = account = None
    if invoice.payment_code == "B":  # direct debit: the customer's bank account
        bank_name, blz = BANKS[invoice.cust_key % len(BANKS)]
        account = f"DE{invoice.cust_key % 89 + 10:02d}{blz}{invoice.cust_key:010d}"
    return {
        "InvoiceKey": invoice.invoice_key,
        "InvoiceNr": invoice.invoice_nr,
        "OrderNr": invoice.order_nr,
        "OrderNrExternal": order.order_nr_external,
        "InvDate": invoice.inv_date,
        "DueDate": invoice.due_date,
        "total": invoice.total_order_currency,
        "Currency": invoice.currency,
        "Paid": invoice.paid,
        "PaidSum": in_currency(db, invoice.paid_amount, invoice.currency),
        "PaidDate": invoice.paid_date,
        "ShipDate": invoice.scan_out_date,
        "PaymentCode": invoice.payment_code,
        "PaymentText": payment.text if payment else None,
        "BankName": bank_name,
        "Blz": blz,
        "Account": account,
    }


@handles("pixiGetInvoicesForCustomer")
def get_invoices_for_customer(db: PixiDatabase, args: Args) -> CallResult:
    """Exactly one of CustKey, InvoiceNr, CustomerNrExternal; otherwise an error row. Newest first."""
    given = [name for name in ("CustKey", "InvoiceNr", "CustomerNrExternal") if args[name] is not None]
    if len(given) != 1:
        return CallResult(
            rowsets=[
                RowSet(
                    RETURN_CODE_ERROR,
                    [
                        {
                            "ReturnCode": "ERROR",
                            "ErrorMessage": "Genau einer der Parameter CustKey, InvoiceNr oder "
                            "CustomerNrExternal muss angegeben werden.",
                        }
                    ],
                )
            ]
        )
    if args["CustKey"] is not None:
        keys = {args["CustKey"]}
        invoices = [i for i in db.invoices.values() if i.cust_key in keys]
    elif args["InvoiceNr"] is not None:
        wanted = args["InvoiceNr"].strip().casefold()
        invoices = [i for i in db.invoices.values() if i.invoice_nr.casefold() == wanted]
    else:
        wanted = args["CustomerNrExternal"].strip().casefold()
        keys = {c.cust_key for c in db.customers.values() if c.number.casefold() == wanted}
        invoices = [i for i in db.invoices.values() if i.cust_key in keys]
    invoices.sort(key=lambda i: (i.inv_date, i.invoice_key), reverse=True)
    return CallResult(
        rowsets=[RowSet(INVOICES_FOR_CUSTOMER_COLUMNS, [_for_customer_row(db, i) for i in invoices])]
    )


@handles("pixiGetInvoice")
def get_invoice(db: PixiDatabase, args: Args) -> CallResult:
    """Ascending InvoiceKey > StartKey; TotalRows = rows returned (stop paging when < RowCount)."""
    start = args["StartKey"] or 0
    invoice_nr = (args["InvoiceNr"] or "").strip().casefold()
    selected = []
    for key in sorted(db.invoices):
        invoice = db.invoices[key]
        if key <= start:
            continue
        if args["OrderNR"] is not None and invoice.order_nr != args["OrderNR"]:
            continue
        if invoice_nr and invoice.invoice_nr.casefold() != invoice_nr:
            continue
        if not is_match_all(args["ShopID"]) and not like(invoice.shop_id, args["ShopID"].strip()):
            continue
        if args["InvDateFrom"] is not None and invoice.inv_date < args["InvDateFrom"]:
            continue
        if args["InvDateTo"] is not None and invoice.inv_date > args["InvDateTo"]:
            continue
        selected.append(invoice)
        if args["RowCount"] and len(selected) >= args["RowCount"] > 0:
            break
    rows = [invoice_row(db, i) for i in selected]
    for row in rows:
        row["TotalRows"] = len(rows)
    return CallResult(rowsets=[RowSet(INVOICE_COLUMNS, rows)])
