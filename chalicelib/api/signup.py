"""Public signup routes (T3): start a signup, confirm the address."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.context import client_ip
from chalicelib.api.models import EMAIL_PATTERN, AcceptedOut
from chalicelib.api.openapi import endpoint
from chalicelib.domain.mail import Language
from chalicelib.services import signup


class SignupIn(BaseModel):
    company_name: str = Field(min_length=2, max_length=120, description="Firmenname (Name des Kontos)")
    admin_name: str = Field(min_length=2, max_length=120, description="Name des ersten Administrators")
    email: str = Field(min_length=5, max_length=254, pattern=EMAIL_PATTERN)
    password: str = Field(
        min_length=1, max_length=1024, description="Mindestens 10 Zeichen, nicht nur eine Zeichenart"
    )
    language: Language = Language.DE


class VerifyIn(BaseModel):
    token: str = Field(min_length=1, max_length=256)


class VerifiedOut(BaseModel):
    status: Literal["verified"] = "verified"
    tenant_name: str
    email: str
    message: str


@endpoint("/signup",
    method="POST",
    summary="Registrieren (neues Konto mit erstem Admin)",
    tag="signup",
    public=True,
    body=SignupIn,
    response=AcceptedOut,
)
def sign_up(body: SignupIn) -> AcceptedOut:
    signup.sign_up(
        company_name=body.company_name,
        admin_name=body.admin_name,
        email=body.email,
        password=body.password,
        language=body.language,
        client_ip=client_ip(),
    )
    return AcceptedOut(message=signup.SIGNUP_ACCEPTED_MESSAGE)


@endpoint("/signup/verify",
    method="POST",
    summary="E-Mail-Adresse bestätigen, Konto aktivieren",
    tag="signup",
    public=True,
    body=VerifyIn,
    response=VerifiedOut,
)
def verify_signup(body: VerifyIn) -> VerifiedOut:
    verified = signup.verify_signup(body.token)
    return VerifiedOut(
        tenant_name=verified.tenant_name,
        email=verified.email,
        message="Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.",
    )
