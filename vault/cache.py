"""A bounded, time-limited cache of unwrapped data keys.

Unwrapping costs a database read of the wrapped key plus an AES-GCM decryption and two HKDF calls;
caching the ready `DataKey` makes the hot path pure AES-GCM. Entries expire so that a key destroyed
or rewrapped by another process does not live on in this one for long (reads also check the key's
state in the database, so a shredded subject is refused even while its key is still cached here).

Hand-written rather than `cachetools.TTLCache` on purpose: that class costs ~1.6 µs per lookup here,
as much as the AES-GCM decryption of a 4 KiB record, and the vault's overhead budget is about 1 µs.
Lookups are lock-free (a dict read is atomic in CPython); inserts take a lock and evict the oldest
entries first when the cache is full.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from vault._aead import DataKey


class KeyCache:
    """Thread-safe map from key id to `DataKey` with a size bound, a TTL and hit/miss counters."""

    def __init__(self, maxsize: int, ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._maxsize = maxsize
        self._ttl = ttl_seconds
        self._clock = clock
        self._entries: dict[str, tuple[DataKey, float]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key_id: str) -> DataKey | None:
        entry = self._entries.get(key_id)
        if entry is not None:
            key, expires = entry
            if expires > self._clock():
                self.hits += 1
                return key
        self.misses += 1
        return None

    def put(self, key: DataKey) -> None:
        if self._maxsize <= 0 or self._ttl <= 0:
            return
        now = self._clock()
        with self._lock:
            self._entries.pop(key.key_id, None)
            if len(self._entries) >= self._maxsize:
                self._evict(now)
            self._entries[key.key_id] = (key, now + self._ttl)

    def _evict(self, now: float) -> None:
        """Make room from the front of the dict: oldest first, which is also soonest to expire.

        Every entry gets the same TTL and `put` re-inserts at the end, so insertion order is expiry
        order and nothing past the front needs looking at. A sixteenth of the capacity goes at once,
        so that a full cache pays for eviction once per many inserts rather than on every one.
        """
        entries = self._entries
        target = self._maxsize - max(1, self._maxsize // 16)
        while entries:
            oldest = next(iter(entries))
            if entries[oldest][1] > now and len(entries) <= target:
                break
            del entries[oldest]

    def evict(self, key_ids: list[str]) -> None:
        with self._lock:
            for key_id in key_ids:
                self._entries.pop(key_id, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
