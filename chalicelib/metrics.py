"""Business metrics as CloudWatch embedded-metric-format lines (Powertools ``single_metric``).

Each count is one JSON line on stdout that CloudWatch turns into a metric, written at once (a
Lambda frozen after the response loses nothing). Powertools' metrics module is imported on the
first count, not at cold start. Dimensions are few and fixed (every dimension value is a metric of
its own); the tenant and connection go along as metadata, searchable in the logs.
"""

from __future__ import annotations

from collections.abc import Mapping

from chalicelib.log import SERVICE_NAME

NAMESPACE = "PixiCallcenter"


def count(name: str, *, dimensions: Mapping[str, str] | None = None,
          metadata: Mapping[str, str] | None = None) -> None:
    """Add 1 to the metric ``name``."""
    from aws_lambda_powertools.metrics import MetricUnit, single_metric

    with single_metric(name=name, unit=MetricUnit.Count, value=1, namespace=NAMESPACE,
                       default_dimensions={"service": SERVICE_NAME}) as metric:
        for key, value in (dimensions or {}).items():
            metric.add_dimension(key, value)
        for key, value in (metadata or {}).items():
            metric.add_metadata(key, value)
