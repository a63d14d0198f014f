"""Session fixtures shared by every test folder. Folder-specific fixtures live in sub-folder conftests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from devstack import LocalStack
from devstack.stack import patched_environ, reset_app_settings

# The environment as it was before the local stack set its own (None: the name was not set).
_environ_before_stack: dict[str, str | None] | None = None


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """The whole local stack on free ports, in memory, started once on first use, stopped at session end.

    While it is active, ``os.environ`` carries ``local_stack.env``, so boto3 and PynamoDB in the
    tests reach DynamoDB Local and moto server. Tests that do not use it get their usual
    environment back for their duration (see ``_environment_without_local_stack``).
    """
    global _environ_before_stack
    stack = LocalStack(ports="free", persistent=False, data_dir=tmp_path_factory.mktemp("local-stack"))
    try:
        _environ_before_stack = {name: os.environ.get(name) for name in stack.env}
        with patched_environ(stack.env):
            reset_app_settings()
            try:
                stack.start()
            except Exception as exc:
                pytest.fail(
                    f"The local stack did not start: {exc}\n\nLogs ({stack.log_dir}):\n{stack.log_tails(25)}",
                    pytrace=False,
                )
            try:
                yield stack
            finally:
                stack.stop()
    finally:
        _environ_before_stack = None
        reset_app_settings()


@pytest.fixture(autouse=True)
def _environment_without_local_stack(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that does not use ``local_stack`` never sees its endpoints, even while it runs."""
    saved = _environ_before_stack
    if saved is None or "local_stack" in request.fixturenames:
        yield
        return
    stack_values = {name: os.environ[name] for name in saved if name in os.environ}
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    reset_app_settings()
    try:
        yield
    finally:
        os.environ.update(stack_values)
        reset_app_settings()
