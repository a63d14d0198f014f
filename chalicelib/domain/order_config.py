"""The order configuration of one pixi connection (O5), its validation and its help texts.

``parse_order_config`` reads what an admin saved (JSON-like: strings, numbers, booleans, lists,
mappings) against what pixi offers (its payment types and currencies) and raises one
``ValidationError`` with a German message per field path (``payment_methods.1.adjustment.value``).
``order_config_as_raw`` writes a configuration back in the same shape, so storing the raw form and
parsing it again gives the same configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from chalicelib.domain.money import Money
from chalicelib.domain.order_number import prefix_problem
from chalicelib.domain.payment import Adjustment, AdjustmentKind, PaymentMethod, payment_kind, provider_reason
from chalicelib.domain.reference import Currency, PaymentType, payment_type_for
from chalicelib.domain.shipping import ShippingMethod, ShippingPrice
from chalicelib.errors import ValidationError


class StockDisplay(StrEnum):
    NUMBER = "number"  # the agent sees pixi's available stock
    INDICATOR = "indicator"  # only available / few / none


class AdjustmentMode(StrEnum):
    PERCENT = "percent"
    ABSOLUTE = "absolute"


AGENT_PLACEHOLDER = "$agent"
DEFAULT_COMMENT_TEMPLATE = "Telefonische Bestellung, aufgenommen von $agent"
COMMENT_TEMPLATE_MAX_LENGTH = 500
CUSTOMER_WISH_LABEL = "Kundenwunsch"
SHIPPING_NAME_MAX_LENGTH = 50
MAX_AMOUNT = Decimal("100000")
MAX_PIXI_INT = 2_147_483_647
INVALID_CONFIG_MESSAGE = "Die Bestellkonfiguration enthält ungültige Angaben."


@dataclass(frozen=True)
class OrderConfig:
    enabled: bool = False
    allow_without_stock: bool = False
    stock_display: StockDisplay = StockDisplay.NUMBER
    few_stock_threshold: int = 5  # indicator "few" up to this many pieces
    customer_number_prefix: str = ""
    order_number_prefix: str = ""
    comment_template: str = DEFAULT_COMMENT_TEMPLATE
    default_currency: str | None = None  # required once enabled
    import_channel_id: int | None = None  # required once enabled
    cart_expiry_hours: int = 72
    order_confirmation_mail: bool = False
    payment_methods: tuple[PaymentMethod, ...] = ()
    shipping_methods: tuple[ShippingMethod, ...] = ()

    def payment_method(self, code: str) -> PaymentMethod | None:
        return next((m for m in self.payment_methods if m.code == code), None)

    def shipping_method(self, vendor_code: str) -> ShippingMethod | None:
        return next((m for m in self.shipping_methods if m.vendor_code == vendor_code), None)


def payment_options(config: OrderConfig, currency: str) -> list[PaymentMethod]:
    """The payment methods an agent may choose for a cart in ``currency``."""
    return [m for m in config.payment_methods if m.offered_in(currency)]


def shipping_options(config: OrderConfig, country: str, currency: str) -> list[ShippingMethod]:
    """The shipping methods that ship to ``country`` (ISO2; "" = not known yet) and have a price in
    ``currency`` (C4)."""
    return [m for m in config.shipping_methods if m.fits(country, currency)]


# --- the comment for pixi ----------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\$([A-Za-z_]\w*)")


def comment_template_problem(template: str) -> str | None:
    """Why a comment template cannot be used (German), or None."""
    if len(template) > COMMENT_TEMPLATE_MAX_LENGTH:
        return f"Höchstens {COMMENT_TEMPLATE_MAX_LENGTH} Zeichen."
    unknown = sorted({f"${name}" for name in _PLACEHOLDER.findall(template)} - {AGENT_PLACEHOLDER})
    if unknown:
        return f"Unbekannter Platzhalter {', '.join(unknown)}; erlaubt ist nur {AGENT_PLACEHOLDER}."
    return None


def render_comment(template: str, *, agent_email: str, customer_wish: str = "") -> str:
    """The comment that goes to pixi (``SHOP_NOTE``): the template with ``$agent`` replaced by the
    agent's e-mail, the customer wish appended on its own line after a label."""
    comment = _PLACEHOLDER.sub(lambda m: agent_email if m.group(0) == AGENT_PLACEHOLDER else m.group(0),
                               template).strip()
    wish = customer_wish.strip()
    if not wish:
        return comment
    wish_part = f"{CUSTOMER_WISH_LABEL}: {wish}"
    return f"{comment}\n\n{wish_part}" if comment else wish_part


# --- help texts --------------------------------------------------------------------------------

FIELD_HELP: dict[str, tuple[str, str]] = {
    "enabled": (
        "Schaltet die Bestellfunktion für diese pixi-Verbindung ein. Erst dann sehen Agenten Warenkorb "
        "und Bestellformular.",
        "Turns ordering on for this pixi connection. Only then do agents see the cart and order form.",
    ),
    "allow_without_stock": (
        "Erlaubt Artikel über den verfügbaren Bestand hinaus; solche Zeilen werden markiert. Aus: Die "
        "Menge wird mit Bestand und Wunschmenge abgelehnt.",
        "Allows items beyond the available stock; such lines are marked. Off: the quantity is refused "
        "with the stock and the wanted quantity.",
    ),
    "stock_display": (
        "„number“ zeigt den verfügbaren Bestand aus pixi (AvailableStock), „indicator“ nur verfügbar / "
        "wenige / keine.",
        "\"number\" shows pixi's available stock (AvailableStock), \"indicator\" only available / few / "
        "none.",
    ),
    "few_stock_threshold": (
        "Bis zu diesem Bestand zeigt der Indikator „wenige“.",
        "Up to this stock the indicator shows \"few\".",
    ),
    "customer_number_prefix": (
        "Steht vor der Kundennummer neuer Kunden; landet in pixi als Kundennummer (CustomerNrExternal).",
        "Put in front of the customer number of new customers; ends up in pixi as the customer number "
        "(CustomerNrExternal).",
    ),
    "order_number_prefix": (
        "Steht vor der Bestellnummer; landet in pixi als externe Auftragsnummer (ORDER_ID, "
        "OrderNrExternal).",
        "Put in front of the order number; ends up in pixi as the external order number (ORDER_ID, "
        "OrderNrExternal).",
    ),
    "comment_template": (
        "Kommentar am Auftrag in pixi (SHOP_NOTE). $agent wird durch die E-Mail-Adresse des Agenten "
        "ersetzt, der Kundenwunsch wird angehängt; so können pixi-Regeln solche Aufträge z. B. auf HOLD "
        "setzen.",
        "Comment on the order in pixi (SHOP_NOTE). $agent becomes the agent's e-mail address, the "
        "customer wish is appended, so pixi rules can e.g. put such orders on HOLD.",
    ),
    "default_currency": (
        "Vorbelegte Währung neuer Warenkörbe; eine der aktiven Währungen in pixi (PRICE_CURRENCY).",
        "Preselected currency of new carts; one of pixi's active currencies (PRICE_CURRENCY).",
    ),
    "import_channel_id": (
        "Nummer des aktiven Importkanals in pixi, über den Aufträge importiert werden (ChannelRef). "
        "pixi kann Kanäle nicht auflisten: Ein falscher Kanal zeigt sich als fehlgeschlagene Bestellung.",
        "Number of the active import channel in pixi that imports the orders (ChannelRef). pixi cannot "
        "list channels: a wrong channel shows up as a failed order.",
    ),
    "cart_expiry_hours": (
        "Nach so vielen Stunden ohne Änderung verfällt ein offener Warenkorb.",
        "An open cart expires after this many hours without a change.",
    ),
    "order_confirmation_mail": (
        "Schickt dem Kunden nach der Bestellung eine Bestätigung per E-Mail (aus: keine Mail).",
        "Sends the customer a confirmation e-mail after the order (off: no mail).",
    ),
    "payment_methods": (
        "Zahlungsarten, die Agenten anbieten dürfen, aus den Zahlungsarten in pixi. Zahlungsanbieter "
        "(Klarna, PayPal, Kreditkarte, …) sind ausgeschlossen.",
        "Payment methods agents may offer, from pixi's payment types. Payment providers (Klarna, "
        "PayPal, credit card, …) are excluded.",
    ),
    "payment_methods.*.code": (
        "Zahlungsart-Code in pixi (ein Zeichen, z. B. R für Rechnung); ihr XMLTag landet im Auftrag "
        "(PAYMENT).",
        "pixi's payment code (one character, e.g. R for invoice); its XMLTag ends up in the order "
        "(PAYMENT).",
    ),
    "payment_methods.*.adjustment": (
        "Optionaler Aufschlag oder Rabatt dieser Zahlungsart.",
        "Optional surcharge or discount of this payment method.",
    ),
    "payment_methods.*.adjustment.kind": (
        "„surcharge“ (Aufschlag) oder „discount“ (Rabatt).",
        "\"surcharge\" or \"discount\".",
    ),
    "payment_methods.*.adjustment.mode": (
        "„percent“: Prozent vom Warenwert nach Rabatt plus Versand; „absolute“: fester Betrag je Währung.",
        "\"percent\": percent of the goods after discount plus shipping; \"absolute\": a fixed amount "
        "per currency.",
    ),
    "payment_methods.*.adjustment.value": (
        "Prozentsatz (größer 0, höchstens 100) oder je Währung ein Betrag, z. B. {\"EUR\": \"2.00\"}. "
        "Ohne Betrag in einer Währung wird die Zahlungsart dort nicht angeboten.",
        "Percentage (above 0, at most 100) or an amount per currency, e.g. {\"EUR\": \"2.00\"}. Without "
        "an amount in a currency the method is not offered in it.",
    ),
    "shipping_methods": (
        "Versandarten, die Agenten wählen können.",
        "Shipping methods agents can choose.",
    ),
    "shipping_methods.*.vendor_code": (
        "Versanddienstleister-Code aus pixi (bis 3 Zeichen, z. B. DHL); landet im Auftrag "
        "(SHIPPINGVENDOR).",
        "pixi's shipping vendor code (up to 3 characters, e.g. DHL); ends up in the order "
        "(SHIPPINGVENDOR).",
    ),
    "shipping_methods.*.name": (
        "Name, den Agenten sehen.",
        "Name agents see.",
    ),
    "shipping_methods.*.countries": (
        "Lieferländer (ISO-Codes wie DE, AT); leer = alle Länder.",
        "Destination countries (ISO codes such as DE, AT); empty = every country.",
    ),
    "shipping_methods.*.prices": (
        "Je Währung Versandkosten und optional die Versandkostenfrei-Grenze; ohne Preis in einer "
        "Währung wird die Versandart dort nicht angeboten.",
        "Per currency the shipping cost and optionally the free-shipping threshold; without a price in "
        "a currency the method is not offered in it.",
    ),
    "shipping_methods.*.prices.*.cost": (
        "Versandkosten; landen im Auftrag (REMARK SHIPPING).",
        "Shipping cost; ends up in the order (REMARK SHIPPING).",
    ),
    "shipping_methods.*.prices.*.free_from": (
        "Ab diesem Warenwert (nach Rabatten) ist der Versand kostenlos; leer = nie.",
        "From this goods total (after discounts) shipping is free; empty = never.",
    ),
}


def help_key(path: str) -> str:
    """The ``FIELD_HELP`` key of a field path in an error: ``payment_methods.1.code`` ->
    ``payment_methods.*.code``."""
    parts = path.split(".")
    generic = [
        "*" if i > 0 and parts[i - 1] in ("payment_methods", "shipping_methods", "prices") else part
        for i, part in enumerate(parts)
    ]
    if len(generic) > 1 and generic[-2] in ("value", "countries"):
        generic = generic[:-1]  # one currency of ...adjustment.value, one entry of ...countries
    return ".".join(generic)


# --- parsing -----------------------------------------------------------------------------------

_BOOL_MESSAGE = "Bitte ja oder nein (true/false) angeben."
_REQUIRED_WHEN_ENABLED = "Pflichtangabe, sobald die Bestellfunktion eingeschaltet ist."
_UNKNOWN_FIELD = "Unbekanntes Feld."
_LIST_MESSAGE = "Bitte eine Liste angeben."
_OBJECT_MESSAGE = "Bitte ein Objekt mit Feldern angeben."
_AMOUNT_MESSAGE = "Bitte einen Betrag größer 0 mit höchstens zwei Nachkommastellen angeben."
_COST_MESSAGE = "Bitte einen Betrag ab 0 mit höchstens zwei Nachkommastellen angeben."
_PERCENT_MESSAGE = (
    "Bitte einen Prozentsatz größer 0 und höchstens 100 angeben (höchstens zwei Nachkommastellen)."
)
_DECIMAL = re.compile(r"\A\s*(\d{1,9})(?:[.,](\d+))?\s*\Z")
_VENDOR_CODE = re.compile(r"\A[A-Z0-9]{1,3}\Z")
_ISO2 = re.compile(r"\A[A-Z]{2}\Z")
_TOP_LEVEL = frozenset(
    {"enabled", "allow_without_stock", "stock_display", "few_stock_threshold", "customer_number_prefix",
     "order_number_prefix", "comment_template", "default_currency", "import_channel_id", "cart_expiry_hours",
     "order_confirmation_mail", "payment_methods", "shipping_methods"}
)


def _decimal(value: object) -> Decimal | None:
    """A non-negative decimal typed by an admin: ``"4.90"``, ``"4,90"``, 4.9 (read as typed), 5."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() and value >= 0 else None
    if isinstance(value, int | float):
        value = repr(value)
    if not isinstance(value, str) or not (match := _DECIMAL.match(value)):
        return None
    whole, fraction = match.groups()
    return Decimal(f"{whole}.{fraction or '0'}")


def _cents(value: object, *, allow_zero: bool) -> Decimal | None:
    """An amount or percentage with at most two decimals, up to ``MAX_AMOUNT``."""
    amount = _decimal(value)
    if amount is None or amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        return None
    return amount if amount > 0 or allow_zero else None


class _Reader:
    """Collects one German message per field path while the raw configuration is read."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def mapping(self, raw: object, path: str, allowed: Iterable[str]) -> Mapping[str, Any]:
        if not isinstance(raw, Mapping):
            self.fail(path, _OBJECT_MESSAGE)
            return {}
        for key in raw:
            if key not in allowed:
                self.fail(f"{path}.{key}" if path else str(key), _UNKNOWN_FIELD)
        return raw

    def sequence(self, raw: object, path: str) -> Sequence[Any]:
        if raw is None:
            return ()
        if isinstance(raw, str | bytes | Mapping) or not isinstance(raw, Sequence):
            self.fail(path, _LIST_MESSAGE)
            return ()
        return raw

    def boolean(self, raw: Mapping[str, Any], name: str, default: bool) -> bool:
        value = raw.get(name, default)
        if not isinstance(value, bool):
            self.fail(name, _BOOL_MESSAGE)
            return default
        return value

    def integer(self, raw: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
        """A whole number from ``low`` to ``high`` (digits in a string will do); None when not given."""
        value = raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(name, f"Bitte eine ganze Zahl von {low} bis {high} angeben.")
            return None
        return value

    def count(self, raw: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
        value = self.integer(raw, name, low, high)
        return default if value is None else value

    def text(self, raw: Mapping[str, Any], path: str, name: str, default: str = "") -> str:
        value = raw.get(name, default)
        if value is None:
            return default
        if not isinstance(value, str):
            self.fail(path, "Bitte einen Text angeben.")
            return default
        return value.strip()


def parse_order_config(
    raw: Mapping[str, Any], *, payment_types: Sequence[PaymentType], currencies: Sequence[Currency]
) -> OrderConfig:
    """The order configuration in ``raw``, checked against pixi's payment types and currencies.

    Raises one ``ValidationError`` whose ``fields`` name every wrong field by its path."""
    if not isinstance(raw, Mapping):
        raise ValidationError(INVALID_CONFIG_MESSAGE, fields={"config": _OBJECT_MESSAGE})
    read = _Reader()
    raw = read.mapping(raw, "", _TOP_LEVEL)
    active = sorted({c.code.upper() for c in currencies if c.active})
    enabled = read.boolean(raw, "enabled", False)

    stock_display = StockDisplay.NUMBER
    display = raw.get("stock_display", StockDisplay.NUMBER.value)
    if display in tuple(StockDisplay):
        stock_display = StockDisplay(display)
    else:
        read.fail("stock_display", "Erlaubt sind „number“ (Bestandszahl) oder „indicator“ (verfügbar / "
                                   "wenige / keine).")

    prefixes = {}
    for name in ("customer_number_prefix", "order_number_prefix"):
        prefixes[name] = read.text(raw, name, name)
        if (problem := prefix_problem(prefixes[name])) is not None:
            read.fail(name, problem)

    comment_template = read.text(raw, "comment_template", "comment_template", DEFAULT_COMMENT_TEMPLATE)
    if (problem := comment_template_problem(comment_template)) is not None:
        read.fail("comment_template", problem)

    default_currency = read.text(raw, "default_currency", "default_currency").upper() or None
    if default_currency is not None and default_currency not in active:
        read.fail("default_currency", _currency_message(default_currency, active))

    config = OrderConfig(
        enabled=enabled,
        allow_without_stock=read.boolean(raw, "allow_without_stock", False),
        stock_display=stock_display,
        few_stock_threshold=read.count(raw, "few_stock_threshold", 5, 1, 1000),
        customer_number_prefix=prefixes["customer_number_prefix"],
        order_number_prefix=prefixes["order_number_prefix"],
        comment_template=comment_template,
        default_currency=default_currency,
        import_channel_id=read.integer(raw, "import_channel_id", 1, MAX_PIXI_INT),
        cart_expiry_hours=read.count(raw, "cart_expiry_hours", 72, 1, 720),
        order_confirmation_mail=read.boolean(raw, "order_confirmation_mail", False),
        payment_methods=_payment_methods(read, raw.get("payment_methods"), payment_types, active),
        shipping_methods=_shipping_methods(read, raw.get("shipping_methods"), active),
    )
    if enabled:
        _check_complete(read, config)
    if read.errors:
        raise ValidationError(INVALID_CONFIG_MESSAGE, fields=read.errors)
    return config


def _currency_message(code: str, active: Sequence[str]) -> str:
    return f"{code} ist in pixi keine aktive Währung (aktiv: {', '.join(active) or 'keine'})."


def _check_complete(read: _Reader, config: OrderConfig) -> None:
    """What an enabled configuration needs so that an agent can take an order at all."""
    for name in ("default_currency", "import_channel_id"):
        if getattr(config, name) is None:
            read.fail(name, _REQUIRED_WHEN_ENABLED)
    currency = config.default_currency
    if not config.payment_methods:
        read.fail("payment_methods", _REQUIRED_WHEN_ENABLED)
    elif currency and not payment_options(config, currency):
        read.fail("payment_methods", f"Keine Zahlungsart ist in der Standardwährung {currency} nutzbar.")
    if not config.shipping_methods:
        read.fail("shipping_methods", _REQUIRED_WHEN_ENABLED)
    elif currency and not any(m.price_in(currency) for m in config.shipping_methods):
        read.fail("shipping_methods", f"Keine Versandart hat einen Preis in der Standardwährung {currency}.")


def _payment_methods(
    read: _Reader, raw: object, payment_types: Sequence[PaymentType], active: Sequence[str]
) -> tuple[PaymentMethod, ...]:
    methods: list[PaymentMethod] = []
    for index, entry in enumerate(read.sequence(raw, "payment_methods")):
        path = f"payment_methods.{index}"
        entry = read.mapping(entry, path, ("code", "adjustment"))
        code = read.text(entry, f"{path}.code", "code")
        payment_type = payment_type_for(code, payment_types) if code else None
        if payment_type is None:
            read.fail(f"{path}.code", f"Die Zahlungsart „{code}“ gibt es in pixi nicht." if code
                      else "Bitte eine Zahlungsart aus pixi wählen.")
            continue
        if (reason := provider_reason(payment_type)) is not None:
            read.fail(f"{path}.code", reason)
            continue
        if any(m.code == payment_type.code for m in methods):
            read.fail(f"{path}.code", "Diese Zahlungsart ist schon aufgeführt.")
            continue
        adjustment = _adjustment(read, entry.get("adjustment"), f"{path}.adjustment", active)
        methods.append(
            PaymentMethod(
                code=payment_type.code,
                xml_tag=payment_type.xml_tag,
                text=payment_type.text,
                kind=payment_kind(payment_type),
                adjustment=adjustment,
            )
        )
    return tuple(methods)


def _adjustment(read: _Reader, raw: object, path: str, active: Sequence[str]) -> Adjustment | None:
    if raw is None:
        return None
    raw = read.mapping(raw, path, ("kind", "mode", "value"))
    kind = raw.get("kind")
    if kind not in tuple(AdjustmentKind):
        read.fail(f"{path}.kind", "Erlaubt sind „surcharge“ (Aufschlag) oder „discount“ (Rabatt).")
        return None
    mode = raw.get("mode")
    value = raw.get("value")
    if mode == AdjustmentMode.PERCENT:
        percent = _cents(value, allow_zero=False)
        if percent is None or percent > 100:
            read.fail(f"{path}.value", _PERCENT_MESSAGE)
            return None
        return Adjustment(AdjustmentKind(kind), percent=percent)
    if mode == AdjustmentMode.ABSOLUTE:
        amounts = _amounts(read, value, f"{path}.value", active)
        return Adjustment(AdjustmentKind(kind), amounts=amounts) if amounts else None
    read.fail(f"{path}.mode", "Erlaubt sind „percent“ (Prozent) oder „absolute“ (fester Betrag je Währung).")
    return None


def _amounts(read: _Reader, raw: object, path: str, active: Sequence[str]) -> dict[str, Money]:
    if not isinstance(raw, Mapping) or not raw:
        read.fail(path, "Bitte je Währung einen Betrag angeben, z. B. {\"EUR\": \"2.00\"}.")
        return {}
    amounts: dict[str, Money] = {}
    for key, value in raw.items():
        currency = str(key).strip().upper()
        if currency not in active:
            read.fail(f"{path}.{key}", _currency_message(currency, active))
        elif (amount := _cents(value, allow_zero=False)) is None:
            read.fail(f"{path}.{key}", _AMOUNT_MESSAGE)
        else:
            amounts[currency] = Money(amount, currency)
    return amounts if len(amounts) == len(raw) else {}


def _shipping_methods(read: _Reader, raw: object, active: Sequence[str]) -> tuple[ShippingMethod, ...]:
    methods: list[ShippingMethod] = []
    for index, entry in enumerate(read.sequence(raw, "shipping_methods")):
        path = f"shipping_methods.{index}"
        entry = read.mapping(entry, path, ("vendor_code", "name", "countries", "prices"))
        before = len(read.errors)
        vendor_code = read.text(entry, f"{path}.vendor_code", "vendor_code").upper()
        if not _VENDOR_CODE.match(vendor_code):
            read.fail(f"{path}.vendor_code", "1 bis 3 Buchstaben oder Ziffern, wie der Code des "
                                             "Versanddienstleisters in pixi (z. B. DHL).")
        elif any(m.vendor_code == vendor_code for m in methods):
            read.fail(f"{path}.vendor_code", "Diese Versandart ist schon aufgeführt.")
        name = read.text(entry, f"{path}.name", "name")
        if not name or len(name) > SHIPPING_NAME_MAX_LENGTH:
            read.fail(
                f"{path}.name", f"Bitte einen Namen angeben (höchstens {SHIPPING_NAME_MAX_LENGTH} Zeichen)."
            )
        countries = _countries(read, entry.get("countries"), f"{path}.countries")
        prices = _prices(read, entry.get("prices"), f"{path}.prices", active)
        if len(read.errors) == before:
            methods.append(ShippingMethod(vendor_code, name, countries, prices))
    return tuple(methods)


def _countries(read: _Reader, raw: object, path: str) -> tuple[str, ...]:
    countries: list[str] = []
    for index, value in enumerate(read.sequence(raw, path)):
        code = value.strip().upper() if isinstance(value, str) else ""
        if not _ISO2.match(code):
            read.fail(
                f"{path}.{index}", f"„{value}“ ist kein Ländercode (ISO 3166, zwei Buchstaben, z. B. DE)."
            )
        elif code not in countries:
            countries.append(code)
    return tuple(countries)


def _prices(read: _Reader, raw: object, path: str, active: Sequence[str]) -> tuple[ShippingPrice, ...]:
    if not isinstance(raw, Mapping) or not raw:
        read.fail(path, "Bitte je Währung die Versandkosten angeben, z. B. {\"EUR\": {\"cost\": \"4.90\"}}.")
        return ()
    prices: list[ShippingPrice] = []
    for key, entry in raw.items():
        currency = str(key).strip().upper()
        if currency not in active:
            read.fail(f"{path}.{key}", _currency_message(currency, active))
            continue
        entry = read.mapping(entry, f"{path}.{key}", ("cost", "free_from"))
        cost = _cents(entry.get("cost"), allow_zero=True)
        if cost is None:
            read.fail(f"{path}.{key}.cost", _COST_MESSAGE)
        free_from = None
        if entry.get("free_from") not in (None, ""):
            free_from = _cents(entry.get("free_from"), allow_zero=False)
            if free_from is None:
                read.fail(f"{path}.{key}.free_from", _AMOUNT_MESSAGE)
        if cost is not None:
            threshold = Money(free_from, currency) if free_from is not None else None
            prices.append(ShippingPrice(Money(cost, currency), threshold))
    return tuple(prices)


# --- writing back ------------------------------------------------------------------------------


def order_config_as_raw(config: OrderConfig) -> dict[str, Any]:
    """``config`` in the shape ``parse_order_config`` reads (amounts as decimal strings)."""
    return {
        "enabled": config.enabled,
        "allow_without_stock": config.allow_without_stock,
        "stock_display": config.stock_display.value,
        "few_stock_threshold": config.few_stock_threshold,
        "customer_number_prefix": config.customer_number_prefix,
        "order_number_prefix": config.order_number_prefix,
        "comment_template": config.comment_template,
        "default_currency": config.default_currency,
        "import_channel_id": config.import_channel_id,
        "cart_expiry_hours": config.cart_expiry_hours,
        "order_confirmation_mail": config.order_confirmation_mail,
        "payment_methods": [_payment_method_as_raw(m) for m in config.payment_methods],
        "shipping_methods": [
            {
                "vendor_code": m.vendor_code,
                "name": m.name,
                "countries": list(m.countries),
                "prices": {
                    p.cost.currency: {
                        "cost": p.cost.as_json(),
                        "free_from": p.free_from.as_json() if p.free_from else None,
                    }
                    for p in m.prices
                },
            }
            for m in config.shipping_methods
        ],
    }


def _payment_method_as_raw(method: PaymentMethod) -> dict[str, Any]:
    adjustment = method.adjustment
    if adjustment is None:
        return {"code": method.code, "adjustment": None}
    value: str | dict[str, str]
    if adjustment.percent is not None:
        mode, value = AdjustmentMode.PERCENT, str(adjustment.percent)
    else:
        mode, value = AdjustmentMode.ABSOLUTE, {c: m.as_json() for c, m in adjustment.amounts.items()}
    return {
        "code": method.code,
        "adjustment": {"kind": adjustment.kind.value, "mode": mode.value, "value": value},
    }
