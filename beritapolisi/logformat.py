"""One JSON object per log line (`LOG_FORMAT=json`), for log collectors that parse fields."""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if status := getattr(record, "status_code", None):
            entry["status_code"] = status
        return json.dumps(entry, ensure_ascii=False)
