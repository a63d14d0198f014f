"""Sign-in routes: login, token refresh, the signed-in agent."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib.api.context import client_ip
from chalicelib.api.models import AgentOut, SessionOut
from chalicelib.api.openapi import endpoint
from chalicelib.domain.permissions import Principal
from chalicelib.services import auth


class LoginIn(BaseModel):
    email: str = Field(min_length=3, max_length=254, description="E-Mail-Adresse des Agenten")
    password: str = Field(min_length=1, max_length=1024)


@endpoint("/auth/login", method="POST", summary="Anmelden", tag="auth", public=True,
          body=LoginIn, response=SessionOut)
def login(body: LoginIn) -> SessionOut:
    return SessionOut.of(auth.login(body.email, body.password, client_ip=client_ip()))


@endpoint("/auth/refresh", method="POST", summary="Token erneuern", tag="auth",
          response=SessionOut)
def refresh(principal: Principal) -> SessionOut:
    return SessionOut.of(auth.refresh(principal))


@endpoint("/me", summary="Der angemeldete Agent", tag="auth", response=AgentOut)
def me(principal: Principal) -> AgentOut:
    return AgentOut.of(auth.profile(principal))
