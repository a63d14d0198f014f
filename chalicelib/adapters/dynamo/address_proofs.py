"""Proofs that a tenant owns a mail address, kept on the tenant item (one pending link per role).

Issuing replaces the role's pending proof (an older link stops working). Confirming sets the
role's proven address and removes the proof in one conditional update: the link works once, only
while it is the newest, and only while the tenant still has that address in that role.
"""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.adapters.dynamo.models import TenantModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.mail_identity import AddressProof, AddressProofInvalidError, AddressRole
from chalicelib.errors import NotFoundError


def _attributes(role: AddressRole) -> tuple[Any, Any, Any, Any, Any]:
    """(address, proven, proof hash, proof address, proof expiry) of ``role``."""
    if role is AddressRole.SENDER:
        return (
            TenantModel.sender_address, TenantModel.sender_proven, TenantModel.sender_proof_hash,
            TenantModel.sender_proof_address, TenantModel.sender_proof_expires_at,
        )
    return (
        TenantModel.support_address, TenantModel.support_proven, TenantModel.support_proof_hash,
        TenantModel.support_proof_address, TenantModel.support_proof_expires_at,
    )


class AddressProofRepository:
    def issue(self, proof: AddressProof) -> None:
        _, _, token_hash, address, expires_at = _attributes(proof.role)
        with storage("issue address proof"):
            try:
                TenantModel(proof.tenant_id).update(
                    actions=[
                        token_hash.set(proof.token_hash),
                        address.set(proof.address),
                        expires_at.set(proof.expires_at),
                    ],
                    condition=TenantModel.tenant_id.exists(),
                )
            except UpdateError as exc:
                if condition_failed(exc):
                    raise NotFoundError(detail=f"tenant {proof.tenant_id} missing") from exc
                raise

    def find(self, tenant_id: str, token_hash: str) -> AddressProof | None:
        """The tenant's pending proof with this hash (either role), expired ones included."""
        with storage("find address proof"):
            try:
                item = TenantModel.get(tenant_id, consistent_read=True)
            except DoesNotExist:
                return None
        for role in AddressRole:
            _, _, hash_attr, address_attr, expires_attr = _attributes(role)
            if getattr(item, hash_attr.attr_name) == token_hash:
                expires_at = aware(getattr(item, expires_attr.attr_name))
                assert expires_at is not None
                return AddressProof(
                    tenant_id, role, getattr(item, address_attr.attr_name) or "", token_hash, expires_at
                )
        return None

    def confirm(self, proof: AddressProof) -> None:
        """The proof's address becomes the role's proven one; ``AddressProofInvalidError`` when the
        link was used or replaced, or the tenant's address in that role changed meanwhile."""
        address, proven, token_hash, proof_address, expires_at = _attributes(proof.role)
        with storage("confirm address proof"):
            try:
                TenantModel(proof.tenant_id).update(
                    actions=[
                        proven.set(proof.address),
                        token_hash.remove(),
                        proof_address.remove(),
                        expires_at.remove(),
                    ],
                    condition=(token_hash == proof.token_hash) & (address == proof.address),
                )
            except UpdateError as exc:
                if condition_failed(exc):
                    raise AddressProofInvalidError(
                        detail=f"{proof.role} proof used, replaced or address changed"
                    ) from exc
                raise
