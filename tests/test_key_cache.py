"""The data key cache: bounded, time-limited, and counted (vault/cache.py)."""

from __future__ import annotations

from vault._aead import DataKey, new_key
from vault.cache import KeyCache


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _key(name: str) -> DataKey:
    return DataKey(name, new_key())


def test_entries_expire_after_the_ttl() -> None:
    clock = FakeClock()
    cache = KeyCache(10, 300, clock=clock)
    key = _key("a")
    cache.put(key)
    clock.now += 299
    assert cache.get("a") is key
    clock.now += 2
    assert cache.get("a") is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_size_is_bounded_oldest_first() -> None:
    clock = FakeClock()
    cache = KeyCache(3, 300, clock=clock)
    for name in "abcd":
        cache.put(_key(name))
        clock.now += 1
    assert len(cache) == 3
    assert cache.get("a") is None
    assert all(cache.get(name) is not None for name in "bcd")


def test_expired_entries_go_before_live_ones() -> None:
    clock = FakeClock()
    cache = KeyCache(2, 10, clock=clock)
    cache.put(_key("old"))
    clock.now += 5
    cache.put(_key("live"))
    clock.now += 6  # "old" expired, "live" has 4 s left
    cache.put(_key("new"))
    assert cache.get("live") is not None and cache.get("new") is not None


def test_evict_and_disable() -> None:
    cache = KeyCache(5, 60)
    cache.put(_key("a"))
    cache.evict(["a", "missing"])
    assert cache.get("a") is None
    disabled = KeyCache(0, 60)
    disabled.put(_key("a"))
    assert len(disabled) == 0
