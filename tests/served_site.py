"""A built site served over HTTP on localhost, the way a static host serves it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

from dev_server import StaticSiteHandler


@contextmanager
def serve(root: Path, port: int) -> Iterator[str]:
    handler = functools.partial(StaticSiteHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()
