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


class FeatureNotBookedError(PermissionDeniedError):
    code = "feature_not_booked"
    default_message = "Diese Funktion ist im gebuchten Paket nicht enthalten."


class SetupRequiredError(AppError):
    status = 409
    code = "setup_required"
    default_message = "Die Funktion ist noch nicht eingerichtet."


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


class PixiNotConfiguredError(SetupRequiredError):
    code = "pixi_not_configured"
    default_message = "Es ist keine aktive pixi-API-Verbindung eingerichtet."


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
