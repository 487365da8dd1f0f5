import socket

import pytest


@pytest.fixture
def closed_port() -> int:
    """A port on this machine that nothing listens on (bound for a moment, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
