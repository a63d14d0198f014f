"""Links sent by mail (invitation, verification, password reset), stored by the sha256 of the token.

The agent item keeps the hash of its one current link per purpose. Issuing writes the link and
that pointer in one transaction; using a link removes the pointer under the condition that it
still names this link, in the same transaction as the change the link allows. So a link works
once, and only while it is the newest of its purpose.
"""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamo.models import AgentModel, EmailRegistryModel, LinkTokenModel, TenantModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.agent import AgentState
from chalicelib.domain.link_token import LinkInvalidError, LinkPurpose, LinkToken, LinkUse
from chalicelib.domain.mail import Language
from chalicelib.domain.tenant import TenantStatus
from chalicelib.errors import NotFoundError


def hash_attribute(purpose: LinkPurpose) -> UnicodeAttribute:
    attribute: UnicodeAttribute = {
        LinkPurpose.INVITATION: AgentModel.invitation_hash,
        LinkPurpose.VERIFICATION: AgentModel.verification_hash,
        LinkPurpose.PASSWORD_RESET: AgentModel.password_reset_hash,
    }[purpose]
    return attribute


def link_item(record: LinkToken) -> LinkTokenModel:
    return LinkTokenModel(
        record.token_hash,
        purpose=record.purpose.value,
        tenant_id=record.tenant_id,
        agent_id=record.agent_id,
        email=record.email,
        language=record.language.value,
        expires_at=record.expires_at,
        ttl=int(record.expires_at.timestamp()) + 86400,  # DynamoDB removes it a day after expiry
    )


def _record_from(item: LinkTokenModel) -> LinkToken:
    expires_at = aware(item.expires_at)
    assert expires_at is not None
    return LinkToken(
        token_hash=item.token_hash,
        purpose=LinkPurpose(item.purpose),
        tenant_id=item.tenant_id,
        agent_id=item.agent_id,
        email=item.email,
        language=Language(item.language or "de"),
        expires_at=expires_at,
    )


class LinkTokenRepository:
    def issue(self, record: LinkToken) -> None:
        """Store the link and make it the agent's current one of its purpose (the old one dies)."""
        with storage("issue link"):
            try:
                with TransactWrite(connection=LinkTokenModel._get_connection().connection) as tx:
                    tx.save(link_item(record))
                    tx.update(
                        AgentModel(record.tenant_id, record.agent_id),
                        actions=[hash_attribute(record.purpose).set(record.token_hash)],
                        condition=AgentModel.agent_id.exists(),
                    )
            except TransactWriteError as exc:
                if condition_failed(exc):
                    raise NotFoundError(detail=f"agent {record.agent_id} gone before link issued") from exc
                raise

    def find_current(self, token_hash: str) -> LinkToken | None:
        """The link if it exists and is still its agent's current one (expiry is checked by the caller)."""
        with storage("find link"):
            try:
                record = _record_from(LinkTokenModel.get(token_hash, consistent_read=True))
            except DoesNotExist:
                return None
            try:
                agent = AgentModel.get(record.tenant_id, record.agent_id, consistent_read=True)
            except DoesNotExist:
                return None
        current = getattr(agent, hash_attribute(record.purpose).attr_name, None)
        return record if current == token_hash else None

    def current_of(self, tenant_id: str, agent_id: str, purpose: LinkPurpose) -> LinkToken | None:
        """The agent's current link of a purpose (e.g. to resend in its language)."""
        with storage("current link"):
            try:
                agent = AgentModel.get(tenant_id, agent_id, consistent_read=True)
                current = getattr(agent, hash_attribute(purpose).attr_name, None)
                return _record_from(LinkTokenModel.get(current)) if current else None
            except DoesNotExist:
                return None

    def use(self, record: LinkToken, change: LinkUse) -> None:
        """Clear the link and apply ``change`` atomically; ``LinkInvalidError`` if it was used or
        replaced meanwhile (two clicks at once: exactly one wins)."""
        hash_attr = hash_attribute(record.purpose)
        with storage("use link"):
            try:
                with TransactWrite(connection=LinkTokenModel._get_connection().connection) as tx:
                    tx.update(
                        AgentModel(record.tenant_id, record.agent_id),
                        actions=[*_agent_actions(change), hash_attr.remove()],
                        condition=hash_attr == record.token_hash,
                    )
                    tx.delete(LinkTokenModel(record.token_hash))
                    if change.activate_tenant:
                        tx.update(
                            TenantModel(record.tenant_id),
                            actions=[
                                TenantModel.status.set(TenantStatus.ACTIVE.value),
                                TenantModel.ttl.remove(),
                            ],
                            condition=TenantModel.status == TenantStatus.PENDING.value,
                        )
                        tx.update(
                            EmailRegistryModel(record.email),
                            actions=[EmailRegistryModel.ttl.remove()],
                            condition=EmailRegistryModel.agent_id == record.agent_id,
                        )
            except TransactWriteError as exc:
                if condition_failed(exc):
                    raise LinkInvalidError(
                        detail=f"{record.purpose} link used or replaced meanwhile"
                    ) from exc
                raise


def _agent_actions(change: LinkUse) -> list[Action]:
    actions: list[Action] = []
    if change.password_hash is not None:  # a new password ends every session of the old one
        actions += [AgentModel.password_hash.set(change.password_hash), AgentModel.session_version.add(1)]
    if change.name:
        actions.append(AgentModel.name.set(change.name))
    if change.activate_agent:
        actions += [AgentModel.state.set(AgentState.ACTIVE.value), AgentModel.ttl.remove()]
    if change.lift_lock:
        actions += [
            AgentModel.failed_logins.set(0), AgentModel.locked_until.remove(), AgentModel.unlocks.add(1)
        ]
    return actions
