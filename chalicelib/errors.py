"""The one error vocabulary of the app.

Every layer raises these; ``chalicelib.api.errors`` maps them to HTTP in one place. ``message`` is
safe to show to an agent (German, the page may translate by ``code``); ``detail`` goes to the log
only.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status = 500
    code = "internal_error"
    default_message = "Ein unerwarteter Fehler ist aufgetreten."

    def __init__(self, message: str | None = None, *, detail: str = "", **context: Any) -> None:
        self.message = message or self.default_message
        self.detail = detail
        self.context = context
        super().__init__(self.message)


class ValidationError(AppError):
    status = 400
    code = "validation_error"
    default_message = "Die Eingabe ist ungültig."

    def __init__(
        self, message: str | None = None, *, fields: dict[str, str] | None = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.fields = fields or {}


class AuthenticationError(AppError):
    status = 401
    code = "unauthenticated"
    default_message = "Anmeldung fehlgeschlagen."


class SessionExpiredError(AuthenticationError):
    """The session is older than its absolute lifetime: refresh does not help, the agent logs in."""

    code = "session_expired"
    default_message = "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an."


class PermissionDeniedError(AppError):
    status = 403
    code = "forbidden"
    default_message = "Dafür fehlt die Berechtigung."


class NotFoundError(AppError):
    status = 404
    code = "not_found"
    default_message = "Nicht gefunden."


class ConflictError(AppError):
    status = 409
    code = "conflict"
    default_message = "Der Vorgang steht im Konflikt mit dem aktuellen Stand."


class TooManyRequestsError(AppError):
    status = 429
    code = "too_many_requests"
    default_message = "Zu viele Versuche. Bitte später erneut versuchen."

    def __init__(self, message: str | None = None, *, retry_after_seconds: int, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after_seconds = max(1, retry_after_seconds)
        """Goes out as the ``Retry-After`` header."""


class FeatureNotBookedError(PermissionDeniedError):
    code = "feature_not_booked"
    default_message = "Diese Funktion ist im gebuchten Paket nicht enthalten."


class SetupRequiredError(AppError):
    status = 409
    code = "setup_required"
    default_message = "Die Funktion ist noch nicht eingerichtet."


# --- ordering (carts and the order configuration) --------------------------------------------


class OrderingNotConfiguredError(SetupRequiredError):
    """The order function of this pixi connection is not configured or switched off (O5)."""

    code = "ordering_not_configured"
    default_message = (
        "Die Bestellfunktion ist für diese pixi-Verbindung nicht eingerichtet oder ausgeschaltet."
    )


class CartVersionConflictError(ConflictError):
    """A change against an older version of a cart: someone else changed it meanwhile."""

    code = "cart_version_conflict"

    def __init__(self, changed_by: str = "", **kw: Any) -> None:
        by = f" (von {changed_by})" if changed_by else ""
        super().__init__(f"Der Warenkorb wurde inzwischen geändert{by}. Bitte neu laden.", **kw)
        self.changed_by = changed_by


class CartOtherConnectionError(ConflictError):
    """A cart works on the pixi connection it was started on; the request named another one."""

    code = "cart_other_connection"
    default_message = (
        "Dieser Warenkorb gehört zu einer anderen pixi-Verbindung. Bitte die Verbindung des Warenkorbs "
        "wählen."
    )


class CartNotChangeableError(ConflictError):
    """The cart is parked (take it over first) or already ordered."""

    code = "cart_not_changeable"


class StockInsufficientError(ConflictError):
    """More pieces than available, and the order configuration allows no items without stock."""

    code = "stock_insufficient"


class CartNotReadyToOrderError(ValidationError):
    """The cart lacks what the order needs (lines, billing address, payment, shipping, bank account)."""

    code = "cart_not_ready"
    default_message = "Der Warenkorb ist noch nicht vollständig. Bitte ergänzen Sie die markierten Angaben."


# --- pixi ------------------------------------------------------------------------------------


class PixiError(AppError):
    """pixi answered, but not with what we asked for (a SOAP fault, an error row, garbage)."""

    status = 502
    code = "pixi_error"
    default_message = "pixi hat die Anfrage mit einem Fehler beantwortet."


class PixiUnavailableError(PixiError):
    """pixi could not be reached (connection refused, DNS, 5xx)."""

    code = "pixi_unavailable"
    default_message = "pixi ist gerade nicht erreichbar. Bitte gleich noch einmal versuchen."


class PixiTimeoutError(PixiError):
    status = 504
    code = "pixi_timeout"
    default_message = "pixi antwortet zu langsam. Bitte gleich noch einmal versuchen."


class PixiAuthError(PixiError):
    """pixi refused the stored credentials (HTTP 401/403)."""

    code = "pixi_auth"
    default_message = "pixi hat die Zugangsdaten abgelehnt. Bitte die pixi-API-Verbindung prüfen."


class PixiResponseError(PixiError):
    """pixi's answer could not be understood (not XML, not a SOAP envelope, unexpected shape)."""

    code = "pixi_bad_response"
    default_message = "pixi hat eine unverständliche Antwort geschickt."


class PixiCircuitOpenError(PixiError):
    """pixi stopped answering: the app does not ask it again for ``retry_after_seconds``."""

    status = 503
    code = "pixi_circuit_open"
    default_message = "pixi antwortet nicht – neuer Versuch in Kürze."

    def __init__(self, message: str | None = None, *, retry_after_seconds: int, **kw: Any) -> None:
        super().__init__(message or f"pixi antwortet nicht – neuer Versuch in {retry_after_seconds} s.", **kw)
        self.retry_after_seconds = retry_after_seconds


class PixiBusyError(PixiError):
    """The tenant has as many pixi calls in flight as it may; one more is refused at once."""

    status = 429
    code = "pixi_busy"
    default_message = (
        "pixi bearbeitet gerade sehr viele Anfragen Ihres Hauses. Bitte in einem Moment erneut versuchen."
    )
    retry_after_seconds = 1


class PixiNotConfiguredError(SetupRequiredError):
    code = "pixi_not_configured"
    default_message = "Es ist keine aktive pixi-API-Verbindung eingerichtet."


# --- outgoing requests to tenant-given URLs (chalicelib.adapters.outbound) -----------------------


class OutboundRefusedError(AppError):
    """A tenant-given URL we do not fetch: wrong scheme, internal, loopback, reserved or unresolvable
    target. One message for every kind, so the answer does not help to scan internal networks."""

    status = 400
    code = "target_refused"
    default_message = (
        "Diese Adresse wird nicht abgerufen. Bitte eine öffentlich erreichbare https-Adresse angeben."
    )


class OutboundFailedError(AppError):
    """The target was allowed but the fetch failed; ``reason`` says how (``connect_timeout``,
    ``timeout``, ``tls``, ``unreachable``, ``redirect``, ``http_status``, ``too_large``). The message
    says it in words and never contains what the foreign server sent."""

    status = 502
    code = "target_failed"
    default_message = "Die Adresse konnte nicht abgerufen werden."

    def __init__(self, message: str | None = None, *, reason: str, **kw: Any) -> None:
        super().__init__(message, reason=reason, **kw)
        self.reason = reason


# --- storage ---------------------------------------------------------------------------------


class StorageUnavailableError(AppError):
    """Our own data store (DynamoDB, Secrets Manager) failed; the detail goes to the log only."""

    status = 503
    code = "storage_unavailable"
    default_message = "Der Dienst ist gerade gestört. Bitte gleich noch einmal versuchen."


class SecretNotFoundError(NotFoundError):
    """The secret store has no secret of that name (e.g. a pixi password that was never saved)."""

    default_message = "Ein benötigter geheimer Schlüssel fehlt."


class EmailAlreadyRegisteredError(ConflictError):
    """An e-mail address is unique in the whole system (all tenants)."""

    default_message = "Diese E-Mail-Adresse ist bereits vergeben."

    def __init__(self, message: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.fields = {"email": self.message}


# --- mail ------------------------------------------------------------------------------------


class MailNotSentError(AppError):
    """SES refused or failed to take a mail (unverified sender, throttling, outage)."""

    status = 502
    code = "mail_not_sent"
    default_message = "Die E-Mail konnte nicht versendet werden. Bitte später erneut versuchen."


# --- settings --------------------------------------------------------------------------------


class PixiConnectionCheckFailedError(ValidationError):
    """Saving a pixi connection that does not work is refused; ``problem`` says why."""

    code = "pixi_connection_failed"
    default_message = "Die Verbindung zu pixi konnte nicht hergestellt werden."

    def __init__(self, message: str | None = None, *, problem: str, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.problem = problem


# --- promo prices ----------------------------------------------------------------------------


class PriceFileRefusedError(ValidationError):
    """The download is no price file (an HTML page, another content type); ``problem`` says which.
    Same code as the parser's ``PromoFileUnusableError``: the file cannot be used."""

    status = 422
    code = "promo_file_unusable"
    default_message = "Die Preisdatei ist nicht verwendbar."

    def __init__(self, message: str | None = None, *, problem: str, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.problem = problem


class PromoImportRunningError(ConflictError):
    code = "promo_import_running"
    default_message = "Für diese Währung läuft gerade ein Import. Bitte warten Sie, bis er fertig ist."
