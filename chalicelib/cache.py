"""The one TTL cache of the app: entries with a lifetime, least recently used out first when full.

Used for pixi reads, resolved connections, booked features and secrets. Keys are tuples; every
key of tenant data starts with the tenant id, so ``forget((tenant_id,))`` drops a tenant's part.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 5000


class TtlCache:
    """Entries with a lifetime, least recently used out first when full; safe between threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get_or_load(
        self, key: tuple[Hashable, ...], ttl: float, load: Callable[[], T], *, refresh: bool = False
    ) -> T:
        """The cached value of ``key`` if still fresh, else ``load()`` (stored only if it returns)."""
        if not refresh:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None and entry[0] > self._clock():
                    self._entries.move_to_end(key)
                    self.hits += 1
                    value: T = entry[1]
                    return value
        value = load()  # outside the lock: pixi calls for other keys go on meanwhile
        with self._lock:
            self.misses += 1
            self._entries[key] = (self._clock() + ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def forget(self, prefix: tuple[Hashable, ...] = ()) -> int:
        """Drop every entry whose key starts with ``prefix`` (all when empty); returns how many."""
        with self._lock:
            doomed = [k for k in self._entries if k[: len(prefix)] == prefix]
            for key in doomed:
                del self._entries[key]
            return len(doomed)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0
