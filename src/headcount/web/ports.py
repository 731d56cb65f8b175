"""Whether the workbench can listen where it is asked to: checked before anything else, and
before the web stack is even imported (which takes seconds), so that `headcount serve` and
`headcount demo` refuse a taken port at once rather than after minutes of work."""

from __future__ import annotations

import socket


class PortTaken(OSError):
    """Another program listens on the address and port asked for."""


def check_port(host: str, port: int) -> None:
    """Refuse at once when the port is taken, before any long work (the demo's pipeline,
    the warm-up) rather than after it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortTaken(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}): another program "
                f"holds it; stop it or choose another port (--port, or `make demo PORT=…`)"
            ) from None
