"""The log formatter, kept free of Django imports: logging is configured before apps load."""

import logging
import time


class UTCFormatter(logging.Formatter):
    """ISO 8601 timestamps in UTC (`2025-10-24T08:15:02.123Z`), whatever the server's zone."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"
