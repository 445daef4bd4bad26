"""Structured logs: JSON lines on stderr, and never a record's contents.

Kawal logs event names, ids and counts. Record contents, subject ids, keys and search values are
never passed to a logger; a test captures the logs of a full put/get/find/shred cycle and checks.
"""

from __future__ import annotations

import logging
import sys

import structlog

#: Third-party loggers that may carry transcript text.
PII_LOGGERS = ("presidio-analyzer", "presidio-anonymizer", "decision_process")


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    """Route structlog and the standard library (uvicorn, alembic) through one JSON renderer."""
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # Presidio logs analysed text and decision traces at debug and chatter at info: pinned to
    # WARNING whatever Kawal's level, so that `KAWAL_LOG_LEVEL=debug` never writes PII to logs.
    for name in PII_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    root.setLevel(level.upper())
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "Context impl ..." on every schema check
    for name in ("uvicorn", "uvicorn.error", "alembic"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Access logs are written by our own middleware (route templates, no query strings).
    logging.getLogger("uvicorn.access").disabled = True
