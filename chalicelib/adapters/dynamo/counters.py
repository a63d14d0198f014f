"""Per-tenant counters for order and customer numbers: one atomic ``UpdateItem ADD`` each."""

from __future__ import annotations

from chalicelib.adapters.dynamo.models import CounterModel
from chalicelib.adapters.dynamo.storage import storage


class CounterRepository:
    def next_value(self, tenant_id: str, counter: str) -> int:
        """The counter raised by one (the first value is 1). DynamoDB applies concurrent ``ADD``s one
        after the other, so no two callers ever get the same value and none is handed out twice."""
        with storage(f"raise counter {counter}"):
            item = CounterModel(tenant_id, counter)
            item.update(actions=[CounterModel.value.add(1)])
            return int(item.value)
