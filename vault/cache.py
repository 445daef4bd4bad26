"""A bounded, time-limited cache of unwrapped data keys.

Unwrapping costs a database read of the wrapped key plus an AES-GCM decryption and two HKDF calls;
caching the ready `DataKey` makes the hot path pure AES-GCM. Entries expire so that a key destroyed
or rewrapped by another process does not live on in this one for long (reads also check the key's
state in the database, so a shredded subject is refused even while its key is still cached here).
"""

from __future__ import annotations

import threading

from cachetools import TTLCache

from vault._aead import DataKey


class KeyCache:
    """Thread-safe LRU+TTL map from key id to `DataKey`, with hit/miss counters for /metrics."""

    def __init__(self, maxsize: int, ttl_seconds: float) -> None:
        self._enabled = maxsize > 0 and ttl_seconds > 0
        self._cache: TTLCache[str, DataKey] = TTLCache(maxsize=max(maxsize, 1), ttl=max(ttl_seconds, 1e-9))
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key_id: str) -> DataKey | None:
        with self._lock:
            key = self._cache.get(key_id)
            if key is None:
                self.misses += 1
            else:
                self.hits += 1
            return key

    def put(self, key: DataKey) -> None:
        if self._enabled:
            with self._lock:
                self._cache[key.key_id] = key

    def evict(self, key_ids: list[str]) -> None:
        with self._lock:
            for key_id in key_ids:
                self._cache.pop(key_id, None)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
