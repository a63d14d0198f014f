"""Download a merchant's promo price file (P1) through the one outgoing-fetch module.

``chalicelib.adapters.outbound`` checks the target (no internal hosts, https outside the local
stack, redirects checked hop by hop) and limits size and time; this module refuses answers that
are no price file by their content type. The parser refuses HTML by sniffing as well, for servers
that call a web page ``text/plain`` or ``application/octet-stream``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chalicelib.adapters.outbound import open_stream
from chalicelib.errors import PriceFileRefusedError
from chalicelib.settings import get_settings

CHUNK_BYTES = 64 * 1024
ACCEPT = "text/csv, text/plain;q=0.9, */*;q=0.1"
PRICE_FILE_TYPES = frozenset(
    {
        "",  # no Content-Type: the parser decides
        "text/csv",
        "text/plain",
        "text/comma-separated-values",
        "text/x-csv",
        "application/csv",
        "application/x-csv",
        "application/vnd.ms-excel",  # what many servers call a .csv
        "application/octet-stream",  # a generic download
        "binary/octet-stream",  # S3's default
    }
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
HTML_MESSAGE = "Die Adresse liefert eine Webseite (HTML) statt einer CSV-Datei."


def refusal_for(content_type: str) -> PriceFileRefusedError | None:
    """Why an answer of ``content_type`` (media type, lower case) is no price file, or None."""
    if content_type in HTML_TYPES:
        return PriceFileRefusedError(HTML_MESSAGE, problem="html_page")
    if content_type not in PRICE_FILE_TYPES:
        return PriceFileRefusedError(
            f"Die Adresse liefert „{content_type}“ statt einer CSV- oder Textdatei.",
            problem="content_type",
            detail=content_type,
        )
    return None


@contextmanager
def price_file_chunks(url: str, *, timeout_seconds: float | None = None) -> Iterator[Iterator[bytes]]:
    """The bytes of the file at ``url`` as they arrive. ``OutboundRefusedError`` (400) for a refused
    target, ``OutboundFailedError`` (502) when the download fails (also midway, while iterating),
    ``PriceFileRefusedError`` (422) when the answer is no price file."""
    settings = get_settings()
    with open_stream(
        url,
        max_bytes=settings.promo_file_max_bytes,
        timeout_seconds=timeout_seconds or settings.promo_file_timeout_seconds,
        accept=ACCEPT,
        allowed_schemes=("https",),
    ) as response:
        refused = refusal_for(response.content_type)
        if refused is not None:
            raise refused
        yield response.chunks(CHUNK_BYTES)
