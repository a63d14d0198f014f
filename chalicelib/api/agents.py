"""Agent management routes (T2), admins only."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from chalicelib.api.models import EMAIL_PATTERN
from chalicelib.api.openapi import endpoint
from chalicelib.domain.agent import AgentState, Role
from chalicelib.domain.mail import Language
from chalicelib.domain.permissions import Principal
from chalicelib.services import agents, invitations


class TeamAgentOut(BaseModel):
    agent_id: str
    email: str
    name: str
    role: Role
    state: AgentState
    failed_logins: int = Field(description="Fehlversuche in Folge seit der letzten Anmeldung")
    locked_until: datetime | None = Field(
        description="Bis dahin werden Anmeldungen vom Anschluss der Fehlversuche abgewiesen"
    )
    locked: bool = Field(
        description="Anmeldung vom Anschluss der Fehlversuche gerade verzögert (andere Anschlüsse nicht)"
    )
    locked_out: bool = Field(description="Nach zu vielen Fehlversuchen: 15 Minuten zwischen zwei Versuchen")
    invitation_expires_at: datetime | None
    created_at: datetime | None

    @classmethod
    def of(cls, view: agents.AgentView) -> TeamAgentOut:
        a = view.agent
        return cls(
            agent_id=a.agent_id,
            email=a.email,
            name=a.name,
            role=a.role,
            state=a.state,
            failed_logins=a.failed_logins,
            locked_until=a.locked_until if view.locked else None,
            locked=view.locked,
            locked_out=view.locked_out,
            invitation_expires_at=view.invitation_expires_at,
            created_at=a.created_at,
        )


class TeamOut(BaseModel):
    agents: list[TeamAgentOut]


class InviteIn(BaseModel):
    email: str = Field(min_length=5, max_length=254, pattern=EMAIL_PATTERN)
    name: str = Field(default="", max_length=120)
    role: Role = Role.AGENT
    language: Language = Language.DE


class ResendIn(BaseModel):
    language: Language | None = Field(default=None, description="ohne: die Sprache der ersten Einladung")


class RoleIn(BaseModel):
    role: Role


class RevokedOut(BaseModel):
    agent_id: str
    revoked: bool


@endpoint("/agents",
    summary="Agenten des Kontos mit Status, Rolle und Sperre",
    tag="agents",
    admin_only=True,
    response=TeamOut,
)
def list_agents(principal: Principal) -> TeamOut:
    return TeamOut(agents=[TeamAgentOut.of(v) for v in agents.list_agents(principal.tenant_id)])


@endpoint("/agents",
    method="POST",
    summary="Agent per E-Mail einladen",
    tag="agents",
    admin_only=True,
    body=InviteIn,
    response=TeamAgentOut,
)
def invite_agent(principal: Principal, body: InviteIn) -> TeamAgentOut:
    agent = invitations.invite(
        principal, email=body.email, name=body.name, role=body.role, language=body.language
    )
    return TeamAgentOut.of(agents.view_of(principal.tenant_id, agent.agent_id))


@endpoint("/agents/{agent_id}/invitation",
    method="POST",
    summary="Einladung erneut senden (der alte Link wird ungültig)",
    tag="agents",
    admin_only=True,
    body=ResendIn,
    response=TeamAgentOut,
)
def resend_invitation(principal: Principal, agent_id: str, body: ResendIn) -> TeamAgentOut:
    invitations.resend_invitation(principal, agent_id, body.language)
    return TeamAgentOut.of(agents.view_of(principal.tenant_id, agent_id))


@endpoint("/agents/{agent_id}/invitation",
    method="DELETE",
    summary="Einladung zurückziehen (die Adresse wird frei)",
    tag="agents",
    admin_only=True,
    response=RevokedOut,
)
def revoke_invitation(principal: Principal, agent_id: str) -> RevokedOut:
    invitations.revoke_invitation(principal, agent_id)
    return RevokedOut(agent_id=agent_id, revoked=True)


@endpoint("/agents/{agent_id}/disable",
    method="POST",
    summary="Agent deaktivieren",
    tag="agents",
    admin_only=True,
    response=TeamAgentOut,
)
def disable_agent(principal: Principal, agent_id: str) -> TeamAgentOut:
    return TeamAgentOut.of(agents.disable_agent(principal, agent_id))


@endpoint("/agents/{agent_id}/enable",
    method="POST",
    summary="Agent wieder aktivieren",
    tag="agents",
    admin_only=True,
    response=TeamAgentOut,
)
def enable_agent(principal: Principal, agent_id: str) -> TeamAgentOut:
    return TeamAgentOut.of(agents.enable_agent(principal, agent_id))


@endpoint("/agents/{agent_id}/role",
    method="PUT",
    summary="Rolle ändern",
    tag="agents",
    admin_only=True,
    body=RoleIn,
    response=TeamAgentOut,
)
def change_role(principal: Principal, agent_id: str, body: RoleIn) -> TeamAgentOut:
    return TeamAgentOut.of(agents.change_role(principal, agent_id, body.role))


@endpoint("/agents/{agent_id}/unlock",
    method="POST",
    summary="Anmeldesperre aufheben (Fehlversuche zurücksetzen)",
    tag="agents",
    admin_only=True,
    response=TeamAgentOut,
)
def unlock_agent(principal: Principal, agent_id: str) -> TeamAgentOut:
    return TeamAgentOut.of(agents.unlock_agent(principal, agent_id))
