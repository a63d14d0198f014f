"""Session fixtures shared by every test folder. Folder-specific fixtures live in sub-folder conftests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devstack import LocalStack
from devstack.stack import foreign_aws_variables, patched_environ, reset_app_settings


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """The whole local stack on free ports, in memory, started once on first use, stopped at session end.

    During every test that uses it (directly or through another fixture), ``os.environ`` carries
    ``local_stack.env`` (see ``_local_stack_environment``), so boto3 and PynamoDB reach DynamoDB
    Local and moto server. Other tests, and other folders' session fixtures (the functional
    tests' in-process moto), keep their own environment. A fixture of a wider scope than
    "function" that needs the endpoints uses ``local_stack.env`` or ``patched_environ`` itself.
    """
    stack = LocalStack(ports="free", persistent=False, data_dir=tmp_path_factory.mktemp("local-stack"))
    try:
        stack.start()  # runs create_tables()/seed_demo() with stack.env set, and restores it
    except Exception as exc:
        pytest.fail(
            f"The local stack did not start: {exc}\n\nLogs ({stack.log_dir}):\n{stack.log_tails(25)}",
            pytrace=False,
        )
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(autouse=True)
def _local_stack_environment(request: pytest.FixtureRequest) -> Iterator[None]:
    """Sets ``local_stack.env`` in ``os.environ`` for the tests that use the stack (and removes other
    AWS_* variables, e.g. the functional tests' session token), restoring everything after."""
    if "local_stack" not in request.fixturenames:
        yield
        return
    stack: LocalStack = request.getfixturevalue("local_stack")
    with patched_environ(stack.env, unset=foreign_aws_variables(stack.env)):
        reset_app_settings()
        try:
            yield
        finally:
            reset_app_settings()
    reset_app_settings()
