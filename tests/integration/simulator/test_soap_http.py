"""Raw SOAP over HTTP against a running simulator: auth, WSDL, faults, tolerant params, real answers."""

from __future__ import annotations

import pytest
import requests
from lxml import etree

from pixi_simulator.server import RunningSimulator
from tests.integration.simulator.conftest import SOAP12, SoapClient, envelope, parse_answer

pytestmark = pytest.mark.integration


def test_wsdl_needs_basic_auth(simulator: RunningSimulator, dem: SoapClient) -> None:
    anonymous = requests.get(dem.endpoint + "?wsdl", timeout=5)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == 'Basic realm="pixi"'
    wrong = requests.get(dem.endpoint + "?wsdl", auth=("pixiDEM", "pixi-test"), timeout=5)
    assert wrong.status_code == 401
    other_db = requests.get(dem.endpoint + "?wsdl", auth=("pixiTST", "pixi-test"), timeout=5)
    assert other_db.status_code == 401
    ok = requests.get(dem.endpoint + "?wsdl", auth=dem.auth, timeout=5)
    assert ok.status_code == 200
    wsdl = etree.fromstring(ok.content)
    assert wsdl.get("targetNamespace") == dem.endpoint
    operations = {op.get("name") for op in wsdl.iter("{http://schemas.xmlsoap.org/wsdl/}operation")}
    assert {"pixiCustomerSearch", "pixiGetOrder", "pixiImportAddXML"} <= operations
    actions = {op.get("soapAction") for op in wsdl.iter("{http://schemas.xmlsoap.org/wsdl/soap/}operation")}
    assert dem.endpoint + "pixiGetShops" in actions


def test_soap_call_without_auth_is_401_and_unknown_db_is_404(
    simulator: RunningSimulator, dem: SoapClient
) -> None:
    body = envelope("pixiGetShops", dem.endpoint)
    assert requests.post(dem.endpoint, data=body, timeout=5).status_code == 401
    missing = requests.post(
        simulator.base_url + "/soap/pixiXYZ/", data=body, auth=("pixiXYZ", "x"), timeout=5
    )
    assert missing.status_code == 404


def test_unknown_call_is_a_client_fault(dem: SoapClient) -> None:
    answer = dem.call("pixiDoesNotExist")
    assert answer.status == 500
    assert answer.root is not None and answer.root.findtext(".//faultcode").endswith(":Client")
    assert "pixiDoesNotExist" in answer.fault_string()
    assert dem.call("pixigetshops").status == 500  # call names are case-sensitive


def test_malformed_xml_is_a_fault(dem: SoapClient) -> None:
    answer = parse_answer(dem.post(b"<soap:Envelope><broken", action=dem.endpoint + "pixiGetShops"))
    assert answer.status == 500 and "well-formed" in answer.fault_string()


def test_soap12_envelope_gets_a_soap12_answer(dem: SoapClient) -> None:
    body = envelope("pixiGetShops", dem.endpoint, soap_ns=SOAP12)
    response = dem.post(
        body, content_type=f'application/soap+xml; charset=utf-8; action="{dem.endpoint}pixiGetShops"'
    )
    answer = parse_answer(response)
    assert answer.status == 200 and answer.root is not None
    assert etree.QName(answer.root).namespace == SOAP12
    assert {r["ShopID"] for r in answer.rows()} == {"WEB", "FHD", "MKT"}


@pytest.mark.parametrize("style", [{"qualified": True}, {"qualified": False}, {"typed": True}])
def test_params_qualified_unqualified_typed(dem: SoapClient, style: dict[str, bool]) -> None:
    answer = dem.call("pixiCustomerSearch", {"Name": "Mustermann"}, **style)
    assert answer.status == 200
    assert [r["CustKey"] for r in answer.rows()] == ["1"]


def test_param_names_are_case_insensitive(dem: SoapClient) -> None:
    lower = dem.call("pixiGetOrderline", {"OrderNr": "100001", "Rowcount": "1"})
    upper = dem.call("pixiGetOrderline", {"OrderNR": "100001", "ROWCOUNT": "1"})
    assert lower.rows() == upper.rows() and len(lower.rows()) == 1
    assert lower.rows()[0]["OrderNr"] == "100001"


def test_missing_required_param_is_a_sql_error(dem: SoapClient) -> None:
    answer = dem.call("pixiGetCustomerInfo")
    assert answer.status == 200
    assert answer.rowsets() == []
    assert answer.messages()[0]["Number"] == "201" and answer.messages()[0]["Class"] == "16"
    assert answer.result_code() != "0"


def test_customer_search_filters(dem: SoapClient) -> None:
    def keys(**params: str) -> list[str]:
        return [r["CustKey"] for r in dem.call("pixiCustomerSearch", params).rows()]

    assert keys(eMail="ERIKA.MUSTERMANN@example.com") == ["1"]
    assert keys(CustNrExternal="K10002") == ["2"]
    assert keys(Name="Müller Haustechnik%") == ["2"]
    assert keys(Phone="030/123-45 67") == ["1"]
    assert keys(Phone="+49 30 1234567") == ["1"]
    assert set(keys(Address="Lindenweg 12%", Zip="80331")) == {"4", "5"}
    assert keys(Name="Sch_fer", FirstName="Thomas") == ["4"]
    assert keys(Name="Mustermann", City="Hamburg") == []
    assert "1" in keys(Country="DE", Name="Muster%") and "1" in keys(Country="D", Name="Muster%")
    assert keys(OrderNr="100001") and len(keys(OrderNr="100001")) == 1
    assert len(keys(Name="%", RowCount="7")) == 7
    erika = dem.call("pixiCustomerSearch", {"CustNrExternal": "K10001"}).rows()[0]
    assert erika["Address"] == "Hauptstraße 5" and erika["ZIP"] == "10115" and erika["Locked"] == "N"
    assert int(erika["OrderCount"]) >= 30 and "Company" not in erika  # NULL column omitted
    sabine = dem.call("pixiCustomerSearch", {"CustNrExternal": "K10003"}).rows()[0]
    assert sabine["Locked"] == "Y"


def test_customer_search_by_invoice_number(dem: SoapClient, simulator: RunningSimulator) -> None:
    db = simulator.database("pixiDEM")
    with db.lock:
        invoice = next(i for i in db.invoices.values() if i.cust_key == 2)
    rows = dem.call("pixiCustomerSearch", {"InvoiceNr": invoice.invoice_nr}).rows()
    assert [r["CustKey"] for r in rows] == ["2"]


def test_scalar_and_key_lookups(dem: SoapClient) -> None:
    answer = dem.call("pixiCustomerKeyByEmail", {"eMail": "j.mueller@mueller-haustechnik.example"})
    assert answer.result_element("pixiCustomerKeyByEmail").text == "2"
    rows = dem.call(
        "pixiCustomerKeyByNumber", {"ShopId": "FHD", "AllowAmbiguous": "0", "CustomerNrExternal": "K10002"}
    ).rows()
    assert rows == [{"CustKey": "2"}]


def test_customer_info_is_one_row_set_without_custkey_and_addresses_come_by_key(dem: SoapClient) -> None:
    (info,) = dem.call("pixiGetCustomerInfo", {"CustKey": "3"}).rowsets()  # as documented: one row set
    assert info[0]["CustomerLocked"] == "Y" and info[0]["Comment"] == "Zahlungsausfall – nur Vorkasse"
    assert "CustKey" not in info[0]
    sabine_billing = dem.call("pixiGetAddress", {"AddrKey": info[0]["BillingAddrKey"]}).rows()
    assert sabine_billing[0]["City"] == "München"
    (erika,) = dem.call("pixiGetCustomerInfo", {"CustKey": "1"}).rows()
    erika_addresses = [
        dem.call("pixiGetAddress", {"AddrKey": erika[key]}).rows()[0]
        for key in ("BillingAddrKey", "ShippingAddrKey")
    ]
    assert [a["AddrType"] for a in erika_addresses] == ["B", "S"]
    address = erika_addresses[0]
    assert address["Street"] == "Hauptstraße" and address["CountryCodeISO2"] == "DE"


def test_order_header_pages_newest_first_with_warning(dem: SoapClient) -> None:
    first = dem.call("pixiGetOrderHeader", {"CustKey": "1", "RowCount": "10"})
    rows = first.rows()
    numbers = [int(r["OrderNr"]) for r in rows]
    assert len(numbers) == 10 and numbers == sorted(numbers, reverse=True)
    assert all(r["TotalRows"] == "10" for r in rows)
    assert first.messages()[0]["Number"] == "8153"
    twenty = dem.call("pixiGetOrderHeader", {"CustKey": "1", "RowCount": "20"}).rows()
    more = [int(r["OrderNr"]) for r in twenty]
    assert more[:10] == numbers  # RowCount is the documented way to page on: the newest n
    everything = [int(r["OrderNr"]) for r in dem.call("pixiGetOrderHeader", {"CustKey": "1"}).rows()]
    assert len(everything) == len(set(everything)) >= 30 and everything == sorted(everything, reverse=True)


def test_undocumented_parameters_are_refused(dem: SoapClient) -> None:
    """pixi documents no StartKey for pixiGetOrderHeader and no ItemNrInt for pixiItemSearch."""
    for call, params in (
        ("pixiGetOrderHeader", {"CustKey": "1", "StartKey": "100010"}),
        ("pixiItemSearch", {"ItemNrInt": "TS-1001-M"}),
    ):
        answer = dem.call(call, params)
        assert answer.rowsets() == [] and answer.messages()[0]["Number"] == "8145", call


def test_full_order_with_nested_lines_and_invoices(dem: SoapClient) -> None:
    headers = dem.call("pixiGetOrderHeader", {"CustKey": "1", "RowCount": "0"}).rows()
    numbers = "".join(f"<OrderNr>{h['OrderNr']}</OrderNr>" for h in headers)
    xml = f"<OrderNrs>{numbers}</OrderNrs>"
    answer = dem.call("pixiGetOrder", {"OrderNrXML": xml})
    assert answer.status == 200 and answer.root is not None
    rowset_ns = "urn:schemas-microsoft-com:sql:SqlRowSet1"
    orders = answer.root.findall(f".//{{{rowset_ns}}}SqlRowSet1/{{{rowset_ns}}}row")
    assert len(orders) == len(headers)
    two_invoices = [o for o in orders if len(o.findall(f"{{{rowset_ns}}}Invoices/{{{rowset_ns}}}row")) == 2]
    assert two_invoices
    invoices = two_invoices[0].findall(f"{{{rowset_ns}}}Invoices/{{{rowset_ns}}}row")
    assert {i.findtext(f"{{{rowset_ns}}}Paid") for i in invoices} == {"0", "1"}
    assert (
        invoices[0].get("InvoiceKey")
        and invoices[0].find(f"{{{rowset_ns}}}InvoiceLines/{{{rowset_ns}}}row") is not None
    )
    order = orders[0]
    billing = order.find(f"{{{rowset_ns}}}BillingAddress/{{{rowset_ns}}}row")
    shipping = order.find(f"{{{rowset_ns}}}ShippingAddress/{{{rowset_ns}}}row")
    assert billing.get("AddrType") == "B" and shipping.get("AddrType") == "S"
    assert billing.findtext(f"{{{rowset_ns}}}ZIP") == "10115"
    assert shipping.findtext(f"{{{rowset_ns}}}Address") == "Friedrichstraße 120"
    assert order.find(f"{{{rowset_ns}}}Customer/{{{rowset_ns}}}row").get("CustKey") == "1"
    lines = order.findall(f"{{{rowset_ns}}}Orderlines/{{{rowset_ns}}}row")
    assert lines and all(ln.findtext(f"{{{rowset_ns}}}Status") for ln in lines)
    by_external = dem.call(
        "pixiGetOrder",
        {
            "OrderNrXML": "<OrderNrs><OrderNrExternal>"
            f"{headers[0]['OrderNrExternal']}</OrderNrExternal></OrderNrs>"
        },
    )
    assert by_external.rows()[0]["OrderNr"] == headers[0]["OrderNr"]


def test_order_xml_param_may_arrive_as_markup(dem: SoapClient) -> None:
    answer = dem.call(
        "pixiGetOrder", "<OrderNrXML><OrderNrs><OrderNr>100001</OrderNr></OrderNrs></OrderNrXML>"
    )
    assert answer.rows()[0]["OrderNr"] == "100001"


def test_invoices(dem: SoapClient) -> None:
    mine = dem.call("pixiGetInvoicesForCustomer", {"CustKey": "1"}).rows()
    assert mine and {r["Paid"] for r in mine} == {"0", "1"}
    error = dem.call("pixiGetInvoicesForCustomer", {"CustKey": "1", "CustomerNrExternal": "K10001"}).rows()
    assert error[0]["ReturnCode"] == "ERROR"
    page1 = dem.call("pixiGetInvoice", {"RowCount": "50"}).rows()
    page2 = dem.call("pixiGetInvoice", {"RowCount": "50", "StartKey": page1[-1]["InvoiceKey"]}).rows()
    keys = [int(r["InvoiceKey"]) for r in page1 + page2]
    assert keys == sorted(keys) and len(set(keys)) == 100 and page1[0]["TotalRows"] == "50"


def test_items_and_stock(dem: SoapClient) -> None:
    shirts = dem.call("pixiItemSearch", {"ItemName": "Funktionsshirt Öko%"}).rows()
    master = next(r for r in shirts if r.get("IsVariationMaster") == "1")
    variations = [r for r in shirts if r.get("MasterItemKey") == master["ItemKey"]]
    assert len(variations) == 8 and master["DefaultVariationKey"] in {v["ItemKey"] for v in variations}
    assert len(dem.call("pixiItemSearch", {"RowCount": "0"}).rows()) >= 500
    info = dem.call("pixiGetItemInfo", {"EANUPC": variations[0]["EANUPC"]}).rows()
    assert info[0]["ItemKey"] == variations[0]["ItemKey"]
    stock = dem.call("pixiGetItemStock", {"ItemNrInt": variations[0]["ItemNrInt"]}).rows()
    assert stock[0]["ItemKey"] == variations[0]["ItemKey"]
    assert dem.call("pixiGetItemStock").rows()[0]["ReturnCode"] == "ERROR"


def test_reference_calls(dem: SoapClient) -> None:
    payment = {r["Code"]: r for r in dem.call("pixiGetPaymenttypes").rows()}
    assert (
        payment["V"]["IniOrderStatus"] == "HAL" and payment["R"]["_x0058_MLTag"] == "INVOICE"
    )  # XML… names are escaped
    currencies = {r["Code"]: r for r in dem.call("pixiGetCurrency").rows()}
    assert currencies["EUR"]["Id"] == "1" and currencies["USD"]["Active"] == "0"
    countries = {r["CntCode"]: r for r in dem.call("pixiGetCountries").rows()}
    assert countries["D"]["CntCodeISO2"] == "DE" and countries["CH"]["IsEU"] == "0"
    assert dem.call("pixiGetServerTime").rows()[0]["ServerTime"][:2] == "20"


def test_hold_and_release(dem: SoapClient, simulator: RunningSimulator) -> None:
    db = simulator.database("pixiDEM")
    with db.lock:
        order = next(o for o in db.orders.values() if o.status == "OPEN" and o.cust_key > 6)
    lock = dem.call(
        "pixiSetOrderShippingLock", {"Locked": "1", "Reason": "Rückfrage", "OrderNr": str(order.order_nr)}
    )
    assert lock.rows()[0]["ReturnCode"] == "OK"
    header = dem.call("pixiGetOrderHeader", {"OrderNr": str(order.order_nr)}).rows()[0]
    assert header["OrderStatus"] == "HOLD"
    again = dem.call("pixiSetOrderShippingLock", {"Locked": "1", "OrderNr": str(order.order_nr)})
    assert again.rows()[0]["ReturnCode"] == "INFO"
    released = dem.call(
        "pixiReleaseOrder", {"ShopId": order.shop_id, "OrderNrExternal": order.order_nr_external}
    )
    assert released.rows()[0]["ReturnCode"] == "OK"
    assert dem.call("pixiGetOrderHeader", {"OrderNr": str(order.order_nr)}).rows()[0]["OrderStatus"] == "OPEN"
    comments = dem.call("pixiGetOrderComments", {"OrderNr": str(order.order_nr)}).rows()
    assert any("Rückfrage" in c["Comment"] for c in comments)
    added = dem.call("pixiAddOrderComment", {"OrderNr": str(order.order_nr), "Comment": "Kunde ruft zurück"})
    assert added.rows()[0]["Status"] == "OK"


def test_tenants_are_isolated(tst: SoapClient, dem: SoapClient) -> None:
    assert tst.call("pixiCustomerSearch", {"Name": "Mustermann"}).rows() == []
    assert tst.call("pixiCustomerSearch", {"eMail": "erika.mustermann@example.com"}).rows() == []
    tst_customers = tst.call("pixiCustomerSearch").rows()
    dem_customers = dem.call("pixiCustomerSearch").rows()
    assert 30 <= len(tst_customers) < len(dem_customers)
    assert not {c["eMail"] for c in tst_customers} & {c["eMail"] for c in dem_customers}
