"""The log formatter, kept free of Django imports: logging is configured before apps load."""

import contextvars
import json
import logging
import time


class UTCFormatter(logging.Formatter):
    """ISO 8601 timestamps in UTC (`2025-10-24T08:15:02.123Z`), whatever the server's zone."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"


# The request being answered, for every line logged while it is: set by
# config.requestlog.RequestLogMiddleware, read by JSONFormatter.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# What every LogRecord carries; anything else on a record came as `extra=` and is written out.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JSONFormatter(UTCFormatter):
    """One JSON object a line, for a log collector: time, level, logger, message, the request
    id of the request being answered, and the fields given as `extra=`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (current := request_id.get()) is not None:
            line["request_id"] = current
        # Plain values only: Django's own loggers pass objects such as the request, whose
        # text would bring the query string back.
        line.update(
            (k, v)
            for k, v in vars(record).items()
            if k not in _STANDARD and isinstance(v, str | int | float | bool | None)
        )
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line)
