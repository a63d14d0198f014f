"""Signup storage: a new tenant, its first admin, the global e-mail claim and the verification link
in one transaction; and the removal of signups that were never verified."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DeleteError, DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamo.links import hash_attribute, link_item
from chalicelib.adapters.dynamo.models import AgentModel, EmailRegistryModel, TenantModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.agent import Agent, normalize_email
from chalicelib.domain.link_token import LinkToken
from chalicelib.domain.tenant import Tenant, TenantStatus
from chalicelib.errors import ConflictError, EmailAlreadyRegisteredError


class SignupRepository:
    def create(self, tenant: Tenant, admin: Agent, link: LinkToken, *, expires_at: datetime) -> None:
        """All or nothing; ``EmailAlreadyRegisteredError`` when the address is taken anywhere."""
        ttl = int(expires_at.timestamp())
        email = normalize_email(admin.email)
        created_at = tenant.created_at
        assert created_at is not None
        agent_item = AgentModel(
            admin.tenant_id,
            admin.agent_id,
            email=email,
            name=admin.name,
            role=admin.role.value,
            state=admin.state.value,
            password_hash=admin.password_hash,
            failed_logins=0,
            created_at=created_at,
            ttl=ttl,
        )
        setattr(agent_item, hash_attribute(link.purpose).attr_name, link.token_hash)
        with storage("create signup"):
            try:
                with TransactWrite(connection=TenantModel._get_connection().connection) as tx:
                    tx.save(
                        EmailRegistryModel(
                            email, tenant_id=admin.tenant_id, agent_id=admin.agent_id, ttl=ttl
                        ),
                        condition=EmailRegistryModel.email.does_not_exist(),
                    )
                    tx.save(
                        TenantModel(
                            tenant.tenant_id,
                            name=tenant.name,
                            status=tenant.status.value,
                            features=[f.value for f in tenant.features],
                            support_address=tenant.support_address,
                            sender_address=tenant.sender_address,
                            created_at=created_at,
                            ttl=ttl,
                        ),
                        condition=TenantModel.tenant_id.does_not_exist(),
                    )
                    tx.save(agent_item, condition=AgentModel.agent_id.does_not_exist())
                    tx.save(link_item(link))
            except TransactWriteError as exc:
                if not condition_failed(exc):
                    raise
                reasons = [r.code if r else None for r in exc.cancellation_reasons]
                if reasons[:1] == ["ConditionalCheckFailed"]:
                    raise EmailAlreadyRegisteredError(detail=f"signup {email}: {reasons}") from exc
                raise ConflictError(detail=f"signup ids collided: {reasons}") from exc

    def pending_created_before(self, cutoff: datetime) -> list[str]:
        """Ids of tenants still waiting for verification that were created before ``cutoff``."""
        with storage("find expired signups"):
            condition = (TenantModel.status == TenantStatus.PENDING.value) & (TenantModel.created_at < cutoff)
            return [
                item.tenant_id
                for item in TenantModel.scan(filter_condition=condition)
                if (aware(item.created_at) or cutoff) < cutoff
            ]

    def remove_pending(self, tenant_id: str) -> list[str]:
        """Delete a pending tenant with its agents and their e-mail claims; returns the freed addresses.

        Each agent and its claim go in one transaction; the tenant last, only while still pending,
        so a signup verified meanwhile is kept (``ConflictError``)."""
        freed: list[str] = []
        with storage("remove pending signup"):
            try:
                tenant_item = TenantModel.get(tenant_id, consistent_read=True)
            except DoesNotExist:
                return freed
            if tenant_item.status != TenantStatus.PENDING.value:
                raise ConflictError(detail=f"tenant {tenant_id} is not pending anymore")
            for agent in AgentModel.query(tenant_id, consistent_read=True):
                try:
                    with TransactWrite(connection=AgentModel._get_connection().connection) as tx:
                        tx.delete(agent, condition=AgentModel.ttl.exists())  # not verified meanwhile
                        tx.condition_check(
                            TenantModel, tenant_id, condition=TenantModel.status == TenantStatus.PENDING.value
                        )
                        tx.delete(
                            EmailRegistryModel(agent.email),
                            condition=EmailRegistryModel.email.does_not_exist()
                            | (
                                (EmailRegistryModel.tenant_id == tenant_id)
                                & (EmailRegistryModel.agent_id == agent.agent_id)
                            ),
                        )
                except TransactWriteError as exc:
                    if condition_failed(exc):
                        raise ConflictError(detail=f"signup {tenant_id} changed while being removed") from exc
                    raise
                freed.append(agent.email)
            try:
                TenantModel(tenant_id).delete(condition=TenantModel.status == TenantStatus.PENDING.value)
            except DeleteError as exc:
                if condition_failed(exc):
                    raise ConflictError(detail=f"tenant {tenant_id} verified while being removed") from exc
                raise
        return freed
