"""Prometheus counters of the QuickBooks API calls this process makes (see
ontraccr_clone.operations for how several processes' counters are put together)."""

from prometheus_client import Counter, Histogram

calls = Counter(
    "ontraccr_quickbooks_calls", "QuickBooks API calls, by how they ended.", ["outcome"]
)
throttled = Counter(
    "ontraccr_quickbooks_throttled", "QuickBooks API calls answered 429 (too many requests)."
)
latency = Histogram(
    "ontraccr_quickbooks_call_seconds",
    "How long QuickBooks took to answer a call.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
