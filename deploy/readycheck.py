"""The containers' healthcheck: exit 0 when this host's /readyz answers 200, 1 otherwise.

Plain Python, no Django: it runs every few seconds, and loading the app each time would cost
more than the check. It asks as the proxy would, with a host the site serves (ALLOWED_HOSTS)
and X-Forwarded-Proto: https, so neither the host check nor the https redirect answers first.

    python deploy/readycheck.py [http://127.0.0.1:8000/readyz]
"""

import os
import sys
import urllib.error
import urllib.request


def served_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(url: str) -> int:
    request = urllib.request.Request(  # noqa: S310  (a fixed http URL on this host)
        url, headers={"Host": served_host(), "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"not ready: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/readyz"))
