"""Structured logging: text for people, JSON lines for log shippers (``LJECO_LOG_JSON=true``)."""

from __future__ import annotations

import json
import logging
from typing import Any

from ljeco.core.config import Settings

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # Structured context passed as logger.info("…", extra={"mn": …}) is kept as fields.
        body.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            body["exc"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False, default=str)


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    if settings.log_json:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    # Alembic logs its context at INFO on every migration-state check (each /api/v1/health): keep warnings only.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))


__all__ = ["JsonFormatter", "configure_logging"]
