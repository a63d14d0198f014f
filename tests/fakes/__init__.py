"""In-memory stand-ins for the ports of ``chalicelib.services.ports``, for tests.

Each fake is held to the behaviour of the real adapter by the contract tests in
``tests/integration/contracts`` (the same tests run against the fake and against DynamoDB Local).
"""
