"""Log lines as JSON objects (BUDGETMETER_LOG_FORMAT=json), one per line, for a log collector.

What goes in: time (UTC), level, logger, message, and for a request its route *template*, method,
status and duration. Never a path, a query string or a client address: those carry EANs, names,
postcodes and whereabouts (SECURITY.md). uvicorn's own access line is off in this mode; the request
line comes from server/api/metrics.py, which knows the route template.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

REQUEST_FIELDS = ("route", "method", "status", "duration_ms")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in REQUEST_FIELDS:
            if hasattr(record, key):
                doc[key] = getattr(record, key)
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False)


def configure(log_format: str, level: str) -> None:
    """The root logger's one handler (stderr) in the chosen format."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
