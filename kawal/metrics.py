"""Prometheus metrics: HTTP traffic from middleware, vault counters read at scrape time.

Each app gets its own registry, so that tests can build many apps in one process.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from vault import Vault


class VaultCollector(Collector):
    """Exposes the vault's own counters without the vault importing prometheus."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        ops = CounterMetricFamily("kawal_vault_operations", "Vault operations by kind", labels=["operation"])
        for name, value in self._vault.counters.items():
            ops.add_metric([name], value)
        yield ops
        cache = CounterMetricFamily("kawal_vault_key_cache", "Data key cache lookups", labels=["result"])
        cache.add_metric(["hit"], self._vault.cache.hits)
        cache.add_metric(["miss"], self._vault.cache.misses)
        yield cache


class Metrics:
    """The app's registry and HTTP instruments."""

    def __init__(self, vault: Vault) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "kawal_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "kawal_http_request_duration_seconds", "HTTP request latency", ["method", "route"], registry=self.registry
        )
        self.registry.register(VaultCollector(vault))
