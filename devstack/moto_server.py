"""moto server for the local stack, optionally with its state kept across restarts.

moto keeps its state in memory only. With ``--recording FILE`` every state-changing request is
appended to FILE (moto's own recorder), and ``devstack`` replays the file into a fresh server on
start (``POST /moto-api/recorder/replay-recording``). Read-only requests (Get*, List*, Describe*,
Receive*, KMS Decrypt, S3 GET/HEAD) are not recorded, so the file grows only with changes; neither
is queue traffic (a replayed SendMessage would run old jobs again on every start): the queues survive
a restart, the messages in them do not.

A replayed ``CreateKey`` must give the same KMS key back, or ciphertext stored in DynamoDB (the
encrypted pixi passwords) could no longer be decrypted: key ids and key material are therefore
derived from a per-installation secret (``--kms-seed-file``) and the number of keys created so far
in this process, instead of from ``os.urandom``. That is only acceptable for a local stack.

Run: ``python -m devstack.moto_server --port 5001 [--recording FILE --kms-seed-file FILE]``
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import json
import os
import secrets
import threading
import uuid
from pathlib import Path
from typing import Any

_READ_PREFIXES = ("Get", "List", "Describe", "Receive", "Head")
_READ_ACTIONS = frozenset({"Decrypt", "GenerateRandom"})
_QUEUE_TRAFFIC = frozenset(
    {
        "SendMessage",
        "SendMessageBatch",
        "DeleteMessage",
        "DeleteMessageBatch",
        "ChangeMessageVisibility",
        "ChangeMessageVisibilityBatch",
        "PurgeQueue",
    }
)


def _action(method: str, headers: dict[str, str], body: bytes | str | None, url: str) -> str | None:
    """The API action of a recorded request (query/JSON protocols), if it can be told."""
    target = headers.get("X-Amz-Target") or headers.get("x-amz-target")
    if target:
        return target.rsplit(".", 1)[-1]
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    for source in (url.partition("?")[2], text):
        for pair in source.split("&"):
            key, _, value = pair.partition("=")
            if key == "Action":
                return value
    return None


def is_read_only(method: str, headers: dict[str, str], body: bytes | str | None, url: str) -> bool:
    action = _action(method, headers, body, url)
    if action is None:
        return method in ("GET", "HEAD", "OPTIONS")  # REST protocols (S3): reads are GET/HEAD
    return action in _READ_ACTIONS or action.startswith(_READ_PREFIXES)


def is_recorded(method: str, headers: dict[str, str], body: bytes | str | None, url: str) -> bool:
    """A request that changes state worth replaying: not a read, not a queue's messages."""
    if is_read_only(method, headers, body, url):
        return False
    return _action(method, headers, body, url) not in _QUEUE_TRAFFIC


def _load_seed(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return bytes.fromhex(path.read_text().strip())


def make_kms_deterministic(seed: bytes) -> None:
    """Patch moto's KMS so the n-th key created gets the same id and material on every run."""
    import moto.kms.models as kms_models

    lock = threading.Lock()
    created = {"count": 0}
    last_id = threading.local()

    def derive(label: str) -> bytes:
        return hmac.new(seed, label.encode(), hashlib.sha256).digest()

    def key_id(multi_region: bool = False) -> str:
        with lock:
            created["count"] += 1
            number = created["count"]
        value = str(uuid.UUID(bytes=derive(f"kms-key-id-{number}")[:16], version=4))
        last_id.value = value
        return f"mrk-{value.replace('-', '')}" if multi_region else value

    def master_key() -> bytes:
        # Called right after key_id() in Key.__init__, on the same thread.
        return derive(f"kms-key-material-{getattr(last_id, 'value', '')}")

    kms_models.generate_key_id = key_id
    kms_models.generate_master_key = master_key


def record_changes_only(recording: Path) -> None:
    """Turn on moto's recorder, writing to ``recording``, for state-changing requests only."""
    os.environ["MOTO_RECORDER_FILEPATH"] = str(recording)
    recording.parent.mkdir(parents=True, exist_ok=True)
    recording.touch()
    from moto.moto_api import recorder
    from moto.moto_api._internal.recorder.models import Recorder

    original = Recorder._record_request

    def _record_request(self: Recorder, request: Any, body: bytes | None = None) -> None:
        if not self._user_enabled:
            return
        if body is None:
            # Read the body once and put it back, as moto's recorder itself does.
            length = int(request.headers.get("Content-Length") or 0)
            body = request.environ["wsgi.input"].read(length) if length else b""
            request.environ["wsgi.input"] = io.BytesIO(body)
        if not is_recorded(request.method, dict(request.headers), body, request.raw_url):
            return
        original(self, request, body)

    Recorder._record_request = _record_request  # type: ignore[method-assign]
    recorder._location = str(recording)
    recorder.start_recording()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--recording", type=Path, help="append state-changing requests to this file")
    parser.add_argument("--kms-seed-file", type=Path, help="secret that makes KMS keys reproducible")
    args = parser.parse_args(argv)
    if args.kms_seed_file:
        make_kms_deterministic(_load_seed(args.kms_seed_file))
    if args.recording:
        record_changes_only(args.recording)
    from moto.server import main as moto_main

    print(json.dumps({"moto_port": args.port, "recording": str(args.recording or "")}), flush=True)
    moto_main(["--host", "127.0.0.1", "--port", str(args.port)])


if __name__ == "__main__":
    main()
