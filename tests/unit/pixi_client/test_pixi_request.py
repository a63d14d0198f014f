"""What the client sends (built offline) and how connections are cached: no network."""

from __future__ import annotations

import threading

from lxml import etree

from chalicelib.adapters.pixi import CustomerCriteria, PixiConnection, pixi_client_for
from chalicelib.adapters.pixi.soap import SoapChannel, wsdl_document
from pixi_simulator.contract import CALLS, wire_name

ENDPOINT = "https://api.pixi.eu/soap/pixiXYZ/"


def body_of(
    channel: SoapChannel, call: str, params: dict[str, object]
) -> tuple[etree._Element, dict[str, str]]:
    content, headers = channel.request(call, params)
    method = etree.fromstring(content).find("{http://schemas.xmlsoap.org/soap/envelope/}Body")[0]
    return method, headers


def test_method_namespace_and_soap_action_follow_the_endpoint() -> None:
    for endpoint in (ENDPOINT, "http://127.0.0.1:8090/soap/pixiTST"):
        channel = SoapChannel(PixiConnection(endpoint, "pixiXYZ", "geheim"))
        method, headers = body_of(channel, "pixiGetShops", {})
        base = endpoint if endpoint.endswith("/") else endpoint + "/"
        assert method.tag == f"{{{base}}}pixiGetShops"
        assert headers["SOAPAction"] == f'"{base}pixiGetShops"'
        assert headers["Content-Type"].startswith("text/xml")


def test_params_in_contract_order_omitted_when_not_given_and_escaped() -> None:
    channel = SoapChannel(PixiConnection(ENDPOINT, "pixiXYZ", "geheim"))
    params = {"RowCount": 51, "City": "Berlin", "Name": "Muster%", "OrderNr": None, "ShopID": "WEB"}
    method, _ = body_of(channel, "pixiCustomerSearch", params)
    assert [(el.tag, el.text) for el in method] == [
        ("Name", "Muster%"), ("City", "Berlin"), ("ShopID", "WEB"), ("RowCount", "51"),
    ]  # fmt: skip
    method, _ = body_of(channel, "pixiImportProcessXML", {"XMLLogKey": 7})
    assert [(el.tag, el.text) for el in method] == [("_x0058_MLLogKey", "7")]
    method, _ = body_of(
        channel, "pixiImportAddXML", {"ChannelRef": 3, "OperationType": "ORDER", "XML": "<ORDER/>"}
    )
    assert [el.tag for el in method] == ["ChannelRef", "OperationType", "_x0058_ML"]
    assert method[2].text == "<ORDER/>"  # sent as (escaped) text


def test_bundled_wsdl_has_every_contract_call_with_params_in_order() -> None:
    document = wsdl_document()
    assert wsdl_document() is document  # parsed once
    binding = next(iter(document.bindings.values()))
    for name, call in CALLS.items():
        operation = binding.get(name)
        element = operation.input.body
        sent = [child_name for child_name, _ in element.type.elements] if call.params else []
        assert sent == [wire_name(p.name) for p in call.params], name


def test_criteria_become_pixi_params_with_star_as_wildcard() -> None:
    params = CustomerCriteria(name=" Muster* ", city="Berlin", order_number=5, email="").params()
    assert params["Name"] == "Muster%" and params["City"] == "Berlin" and params["OrderNr"] == 5
    assert params["eMail"] is None and params["Zip"] is None
    assert CustomerCriteria().is_empty and not CustomerCriteria(shop_id="WEB").is_empty


def test_clients_are_cached_per_connection_and_threads_share_one() -> None:
    connection = PixiConnection(ENDPOINT, "pixiXYZ", "geheim")
    results = []

    def build() -> None:
        results.append(pixi_client_for(PixiConnection(ENDPOINT, "pixiXYZ", "geheim")))

    threads = [threading.Thread(target=build) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(c is results[0] for c in results)
    assert pixi_client_for(connection) is results[0]
    assert pixi_client_for(PixiConnection(ENDPOINT, "pixiXYZ", "neu")) is not results[0]
    assert pixi_client_for(PixiConnection(ENDPOINT, "pixiXYZ", "geheim", read_timeout=5)) is not results[0]


def test_tenants_never_share_a_client_even_for_the_same_pixi() -> None:
    demo = pixi_client_for(PixiConnection(ENDPOINT, "pixiXYZ", "geheim", tenant_id="demo"))
    assert pixi_client_for(PixiConnection(ENDPOINT, "pixiXYZ", "geheim", tenant_id="demo")) is demo
    assert pixi_client_for(PixiConnection(ENDPOINT, "pixiXYZ", "geheim", tenant_id="nord")) is not demo
    unsaved = PixiConnection(ENDPOINT, "pixiXYZ", "geheim")  # an admin's connection test
    assert pixi_client_for(unsaved) is not demo


def test_password_is_not_in_repr() -> None:
    connection = PixiConnection(ENDPOINT, "pixiXYZ", "streng-geheim")
    assert "streng-geheim" not in repr(connection)
    assert "streng-geheim" not in repr(pixi_client_for(connection))


def test_an_item_search_runs_its_calls_at_once_on_the_one_shared_pool(monkeypatch) -> None:
    from chalicelib.adapters.pixi import PixiClient
    from chalicelib.adapters.pixi.result import SqlResult
    from chalicelib.concurrency import run_concurrently

    client = PixiClient(PixiConnection(ENDPOINT, "pixiXYZ", "geheim"))
    together = threading.Barrier(3, timeout=5)  # EAN, item number and name searches meet here
    threads: list[str] = []

    def read(call: str, **params: object) -> SqlResult:
        threads.append(threading.current_thread().name)
        together.wait()
        return SqlResult(rowsets=[[]])

    monkeypatch.setattr(client, "_read", read)
    assert client.search_items("4006381333931") == []
    assert len(threads) == 3 and all(name.startswith("pixi-call") for name in threads)
    threads.clear()
    together = threading.Barrier(1)  # inside a pool thread the calls run inline, one after another
    assert run_concurrently(lambda: client.search_items("Kocher"), lambda: None)[0] == []
    assert len(threads) == 2 and len(set(threads)) == 1


def test_the_client_sends_only_documented_parameters_and_pages_orders_with_row_count(monkeypatch) -> None:
    """pixi documents no StartKey for pixiGetOrderHeader and no ItemNrInt for pixiItemSearch: the
    client pages with RowCount alone and looks item numbers up with pixiGetItemInfo."""
    from chalicelib.adapters.pixi import PixiClient
    from chalicelib.adapters.pixi.result import SqlResult

    client = PixiClient(PixiConnection(ENDPOINT, "pixiXYZ", "geheim"))
    sent: list[tuple[str, dict[str, object]]] = []
    orders = [{"OrderNr": str(n), "CustKey": "1"} for n in range(150, 100, -1)]  # 50 orders, newest first

    def read(call: str, **params: object) -> SqlResult:
        sent.append((call, params))
        if call == "pixiGetOrderHeader":
            return SqlResult(rowsets=[orders[: int(str(params["RowCount"]))]])
        if call == "pixiGetCustomerInfo":
            return SqlResult(rowsets=[[{"Name": "Erika", "BillingAddrKey": "11", "ShippingAddrKey": "12"}]])
        if call == "pixiGetAddress":
            return SqlResult(rowsets=[[{"AddrKey": str(params["AddrKey"]), "AddrType": "B"}]])
        return SqlResult(rowsets=[[]])

    monkeypatch.setattr(client, "_read", read)
    first, more = client.list_orders(1, limit=10)
    assert [o.order_number for o in first] == list(range(150, 140, -1)) and more
    second, more = client.list_orders(1, limit=10, before_order_number=141)
    assert [o.order_number for o in second] == list(range(140, 130, -1)) and more
    last, more = client.list_orders(1, limit=10, before_order_number=111)
    assert [o.order_number for o in last] == list(range(110, 100, -1)) and not more
    client.search_items("4006381333931")
    customer = client.get_customer(7)
    assert customer.customer_key == 7  # the key asked for: the answer documents no CustKey
    assert sorted(a.address_key for a in customer.addresses) == [11, 12]
    for call, params in sent:
        documented = {p.name for p in CALLS[call].params}
        given = {name for name, value in params.items() if value is not None}
        assert given <= documented, (call, given - documented)
    assert ("pixiGetItemInfo", {"ItemNrInt": "4006381333931"}) in sent
