"""Sign-in routes: login, token refresh, the signed-in agent."""

from __future__ import annotations

from datetime import datetime

from chalice import Blueprint
from pydantic import BaseModel, Field

from chalicelib.api.openapi import endpoint
from chalicelib.domain.agent import Role
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import Feature
from chalicelib.services import auth

auth_routes = Blueprint(__name__)


class LoginIn(BaseModel):
    email: str = Field(min_length=3, max_length=254, description="E-Mail-Adresse des Agenten")
    password: str = Field(min_length=1, max_length=1024)


class AgentOut(BaseModel):
    agent_id: str
    email: str
    name: str
    role: Role
    tenant_id: str
    tenant_name: str
    features: list[Feature]

    @classmethod
    def of(cls, profile: auth.AgentProfile) -> AgentOut:
        return cls(
            agent_id=profile.agent_id,
            email=profile.email,
            name=profile.name,
            role=profile.role,
            tenant_id=profile.tenant_id,
            tenant_name=profile.tenant_name,
            features=list(profile.features),
        )


class SessionOut(BaseModel):
    token: str
    expires_at: datetime
    agent: AgentOut

    @classmethod
    def of(cls, session: auth.Session) -> SessionOut:
        return cls(token=session.token, expires_at=session.expires_at, agent=AgentOut.of(session.agent))


@endpoint(auth_routes, "/auth/login", method="POST", summary="Anmelden", tag="auth", public=True,
          body=LoginIn, response=SessionOut)
def login(body: LoginIn) -> SessionOut:
    return SessionOut.of(auth.login(body.email, body.password))


@endpoint(auth_routes, "/auth/refresh", method="POST", summary="Token erneuern", tag="auth",
          response=SessionOut)
def refresh(principal: Principal) -> SessionOut:
    return SessionOut.of(auth.refresh(principal))


@endpoint(auth_routes, "/me", summary="Der angemeldete Agent", tag="auth", response=AgentOut)
def me(principal: Principal) -> AgentOut:
    return AgentOut.of(auth.profile(principal))
