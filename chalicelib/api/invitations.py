"""Public link routes: the invitation page (show, accept) and password reset by mail."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.context import client_ip
from chalicelib.api.models import EMAIL_PATTERN, AcceptedOut, SessionOut
from chalicelib.api.openapi import endpoint
from chalicelib.domain.mail import Language
from chalicelib.services import invitations


class InvitationOut(BaseModel):
    tenant_name: str
    email: str
    name: str
    expires_at: datetime


class AcceptInvitationIn(BaseModel):
    token: str = Field(min_length=1, max_length=256)
    name: str | None = Field(default=None, max_length=120)
    password: str = Field(
        min_length=1, max_length=1024, description="Mindestens 10 Zeichen, nicht nur eine Zeichenart"
    )


class PasswordResetIn(BaseModel):
    email: str = Field(min_length=5, max_length=254, pattern=EMAIL_PATTERN)
    language: Language = Language.DE


class PasswordResetConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=256)
    password: str = Field(min_length=1, max_length=1024)


class PasswordChangedOut(BaseModel):
    status: Literal["password_changed"] = "password_changed"
    message: str


@endpoint("/invitations/{token}",
    summary="Einladung ansehen (Konto und E-Mail)",
    tag="invitations",
    public=True,
    response=InvitationOut,
)
def show_invitation(token: str) -> InvitationOut:
    info = invitations.invitation_info(token)
    return InvitationOut(
        tenant_name=info.tenant_name, email=info.email, name=info.name, expires_at=info.expires_at
    )


@endpoint("/invitations/accept",
    method="POST",
    summary="Einladung annehmen: Passwort setzen und angemeldet werden",
    tag="invitations",
    public=True,
    body=AcceptInvitationIn,
    response=SessionOut,
)
def accept_invitation(body: AcceptInvitationIn) -> SessionOut:
    return SessionOut.of(invitations.accept_invitation(body.token, password=body.password, name=body.name))


@endpoint("/auth/password-reset",
    method="POST",
    summary="Neues Passwort per E-Mail anfordern",
    tag="auth",
    public=True,
    body=PasswordResetIn,
    response=AcceptedOut,
)
def request_password_reset(body: PasswordResetIn) -> AcceptedOut:
    invitations.request_password_reset(body.email, client_ip=client_ip(), language=body.language)
    return AcceptedOut(message=invitations.PASSWORD_RESET_ACCEPTED_MESSAGE)


@endpoint("/auth/password-reset/confirm",
    method="POST",
    summary="Neues Passwort festlegen",
    tag="auth",
    public=True,
    body=PasswordResetConfirmIn,
    response=PasswordChangedOut,
)
def confirm_password_reset(body: PasswordResetConfirmIn) -> PasswordChangedOut:
    invitations.confirm_password_reset(body.token, body.password)
    return PasswordChangedOut(message="Ihr Passwort ist geändert. Sie können sich jetzt anmelden.")
