"""The tenants table: a merchant's account with its package and mail addresses."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.dynamo.models import TenantModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.tenant import Feature, Tenant, TenantStatus
from chalicelib.errors import NotFoundError


def _tenant_from(item: TenantModel) -> Tenant:
    known = {f.value for f in Feature}
    return Tenant(
        tenant_id=item.tenant_id,
        name=item.name,
        status=TenantStatus(item.status),
        features=tuple(Feature(str(f)) for f in (item.features or []) if str(f) in known),
        support_address=item.support_address or "",
        sender_address=item.sender_address or "",
        created_at=aware(item.created_at),
        support_proven=item.support_proven or "",
        sender_proven=item.sender_proven or "",
    )


class TenantRepository:
    def get(self, tenant_id: str) -> Tenant | None:
        with storage("get tenant"):
            try:
                return _tenant_from(TenantModel.get(tenant_id))
            except DoesNotExist:
                return None

    def save(self, tenant: Tenant) -> None:
        with storage("save tenant"):
            TenantModel(
                tenant.tenant_id,
                name=tenant.name,
                status=tenant.status.value,
                features=[f.value for f in tenant.features],
                support_address=tenant.support_address,
                sender_address=tenant.sender_address,
                created_at=tenant.created_at or datetime.now(UTC),
                support_proven=tenant.support_proven or None,
                sender_proven=tenant.sender_proven or None,
            ).save()

    def update_settings(
        self,
        tenant_id: str,
        *,
        features: tuple[Feature, ...] | None = None,
        support_address: str | None = None,
        sender_address: str | None = None,
    ) -> None:
        actions: list[Action] = []
        if features is not None:
            actions.append(TenantModel.features.set([f.value for f in features]))  # type: ignore[misc]
        if support_address is not None:
            actions.append(TenantModel.support_address.set(support_address))
        if sender_address is not None:
            actions.append(TenantModel.sender_address.set(sender_address))
        if not actions:
            return
        with storage("update tenant settings"):
            try:
                TenantModel(tenant_id).update(actions=actions, condition=TenantModel.tenant_id.exists())
            except UpdateError as exc:
                if condition_failed(exc):
                    raise NotFoundError(detail=f"tenant {tenant_id} missing") from exc
                raise
