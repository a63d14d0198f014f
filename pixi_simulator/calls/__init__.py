"""The answers of every contract call; importing this package registers all handlers."""

from pixi_simulator.calls import customer, imports, invoice, item, order, reference
from pixi_simulator.calls.registry import HANDLERS, execute

__all__ = ["HANDLERS", "customer", "execute", "imports", "invoice", "item", "order", "reference"]
