"""The local stack: DynamoDB Local, moto server, pixi simulator, chalice local, static site.

``python -m devstack run`` starts it for people (``make run``); ``LocalStack`` starts it for tests.
"""

from devstack.process import PartFailedError
from devstack.stack import LocalStack, Ports

__all__ = ["LocalStack", "PartFailedError", "Ports"]
