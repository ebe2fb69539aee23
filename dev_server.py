"""Live preview for editors: build in this process, serve output/, reload on save.

`make serve` (`invoke serve`) runs this. Unlike a fresh `pelican` per
change, one process keeps Python, the theme and every converted source warm,
and plugins/incremental_output re-renders only the pages an edit can change,
so the browser shows the change in well under a second on this site.

- Watches content/, theme/, plugins/ and both settings files (watchfiles).
  A theme change rebuilds everything; a plugin or settings change restarts
  the process, since Python cannot reload plugin code in place.
- A failed build is reported and the last good site stays up.
- Serves output/ like a static host (404.html for a missing path) and adds
  one same-origin script to each HTML page, which reloads it when a build
  finishes (Server-Sent Events; allowed by the site's CSP).
- Answers the content editor at /admin/ on the same port (editor_api.py):
  each build names this server's origin in admin/config.yml and its CSP.
- A bad address (NUL, a name too long for any file) gets 400 or 404 and a
  browser that hangs up early gets nothing: one line each, never a traceback.
  A port already taken stops it before the build (CannotServe).

Knows one Pelican internal, marked: i18n_subsites 1.0.0's module state,
reset before each build.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import socket
import sys
import threading
import time
import traceback
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import editor_api
from editor_api import MAX_NAME

RELOAD_SCRIPT_PATH = "/__live/reload.js"
EVENTS_PATH = "/__live/events"
RELOAD_SCRIPT = b"""\
// Live preview only (never published): reload when a new build is ready.
(function () {
  "use strict";
  var seen = null;
  new EventSource("/__live/events").onmessage = function (event) {
    if (seen === null) seen = event.data;
    else if (event.data !== seen) window.location.reload();
  };
})();
"""
INJECTION = f'<script src="{RELOAD_SCRIPT_PATH}" defer></script>'.encode()


def free_port() -> int:
    """A TCP port nothing listens on now, for servers started by tests and bench."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CannotServe(Exception):
    """The server cannot listen: the text says why and what to run instead."""


class StaticSiteHandler(SimpleHTTPRequestHandler):
    """Serves a built site the way static hosts do: /404.html, with status 404,
    for any missing path. A bad request gets 400/404 and one line on stderr."""

    quiet_error = False

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except ConnectionError:  # reset, broken pipe: nobody is left to answer
            self.close_connection = True
            self.log_line("the browser closed the connection early")
        except Exception as error:  # a bug here: one line, the preview stays up
            self.close_connection = True
            self.log_line(f"could not answer ({type(error).__name__}: {error})")

    def do_GET(self):
        if not self.refused():
            super().do_GET()

    def do_HEAD(self):
        if not self.refused():
            super().do_HEAD()

    def refused(self) -> bool:
        """Answer 400/404 to an address no file can have; True if it did."""
        try:
            path = unquote(self.path.split("?", 1)[0], errors="strict")
        except UnicodeDecodeError:
            path = "\ud800"
        if any("\ud800" <= c <= "\udfff" for c in path):
            self.refuse(400, "the address is not valid UTF-8")
        elif "\0" in path:
            self.refuse(400, "the address contains a NUL byte")
        elif any(len(part.encode("utf-8")) > MAX_NAME for part in path.split("/")):
            self.refuse(404, f"a part of the address is longer than {MAX_NAME} bytes")
        else:
            return False
        return True

    def refuse(self, code: int, why: str) -> None:
        self.log_line(f"{code}: {why}")
        self.quiet_error = True
        self.send_error(code, why)

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.exists():
            return super().send_error(code, message, explain)
        self.send_body(404, not_found.read_bytes(), "text/html; charset=utf-8")
        return None

    def send_body(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_line(self, message: str) -> None:
        """One line on stderr: what was asked, and what happened."""
        asked = f"{getattr(self, 'command', '') or '-'} {getattr(self, 'path', '')}"
        asked = asked.encode("ascii", "backslashreplace").decode()
        asked = asked if len(asked) <= 90 else asked[:89] + "…"
        print(f"[dev server] {asked}: {message}", file=sys.stderr, flush=True)

    def log_error(self, format, *args):  # a malformed request; 404s stay quiet
        if not self.quiet_error and not (args and args[0] == 404):
            self.log_line(format % args)

    def log_message(self, format, *args):  # quiet: the build output matters
        pass


class LivePreviewHandler(StaticSiteHandler):
    """StaticSiteHandler plus the reload script and its event stream."""

    preview: LivePreview

    def do_GET(self):
        if self.refused() or self.foreign_host():
            return None
        path = self.path.split("?", 1)[0]
        if path == RELOAD_SCRIPT_PATH:
            return self.send_body(200, RELOAD_SCRIPT, "text/javascript; charset=utf-8")
        if path == EVENTS_PATH:
            return self.stream_builds()
        try:
            target = Path(self.translate_path(path))
            if target.is_dir():
                target = target / "index.html"
            if (
                target.suffix == ".html"
                and target.is_file()
                and path.endswith(("/", ".html"))
                # The content editor keeps its unsaved work: no reload on a build.
                and not (self.preview.cms_url and path.startswith(self.preview.cms_url))
            ):
                html = target.read_bytes()
                html = html.replace(b"</head>", INJECTION + b"</head>", 1)
                return self.send_body(200, html, "text/html; charset=utf-8")
        except OSError as error:  # e.g. a path longer than the system takes
            return self.refuse(404, f"cannot be read ({error.strerror or error})")
        return super().do_GET()

    def do_HEAD(self):
        if not self.foreign_host():
            super().do_HEAD()

    def foreign_host(self) -> bool:
        """Drafts are for this computer: a page reached under another name (a
        DNS-rebinding site pointing its name at 127.0.0.1) reads nothing."""
        hosts, _origins = editor_api.loopback_origins(self.server.server_address[1])
        if (self.headers.get("Host") or "").lower() in hosts:
            return False
        self.refuse(403, "the preview answers only localhost and 127.0.0.1")
        return True

    def do_POST(self):
        self.answer_editor("POST")

    def do_OPTIONS(self):
        self.answer_editor("OPTIONS")

    def answer_editor(self, method: str) -> None:
        """The content editor's saves (editor_api.py); nothing else takes POST."""
        editor = self.preview.editor
        if editor is None or self.path.split("?", 1)[0] != editor_api.EDITOR_API_PATH:
            return self.refuse(404, "only the content editor's API takes this")
        if line := editor.answer_http(self, method):
            self.log_line(line)
        return None

    def stream_builds(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        last = None
        try:
            while True:
                build = self.preview.wait_for_build(after=last, timeout=15)
                message = f"data: {build}\n\n" if build != last else ": keep-alive\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                last = build
        except (BrokenPipeError, ConnectionResetError):
            pass


class LivePreview:
    def __init__(
        self,
        root: Path,
        host: str,
        port: int,
        content: Path | None = None,
        output: Path | None = None,
    ) -> None:
        self.root = root
        self.content = content or root / "content"
        self.output = output or root / "output"
        self.settings_file = root / "pelicanconf.py"
        self.cms_url = ""  # "/admin/": the content editor (CMS_PATH), read each build
        self.editor: editor_api.EditorAPI | None = None  # from each build
        self.editor_note = ""  # what the terminal says about the editor
        self.host, self.port = host, port
        self.builds = 0  # finished builds; with the pid, what a page was built by
        self.changed = threading.Condition()

    # --- building -------------------------------------------------------
    @property
    def build_id(self) -> str:
        return f"{os.getpid()}-{self.builds}"

    def build(self) -> None:
        """One in-process Pelican build. plugins/incremental_output renders only
        what the edits since the last build can change (its manifest stays in
        this process's memory)."""
        from pelican import Pelican
        from pelican.plugins.i18n_subsites import i18n_subsites
        from pelican.settings import read_settings

        # i18n_subsites 1.0.0 keeps its state in module globals and only starts
        # afresh when _MAIN_SETTINGS is None; a failed build can leave it set.
        i18n_subsites._MAIN_SETTINGS = None
        started = time.perf_counter()
        try:
            settings = read_settings(
                str(self.settings_file),
                override={
                    "PATH": str(self.content),
                    "OUTPUT_PATH": str(self.output),
                    # This process keeps every conversion in memory
                    # (plugins/shared_markdown): Pelican's disk cache would
                    # only add the cost of pickling it on every save.
                    "CACHE_CONTENT": False,
                    "LOAD_CONTENT_CACHE": False,
                    # Every core (plugins/build_processes) only before the
                    # server's threads start: a fork must not copy a lock
                    # one of them holds.
                    "BUILD_PROCESSES": self.builds == 0,
                    # The editor at /admin/ saves through this server
                    # (editor_api.py): config.yml and its CSP name this
                    # port, so no other checkout's server is ever used.
                    "CMS_LOCAL_BACKEND": editor_api.editor_url(self.host, self.port),
                    "CMS_CONTENT_FOLDER": self.content.name,
                },
            )
            self.cms_url = (
                "/" + settings["CMS_PATH"] if settings.get("CMS_PATH") else ""
            )
            self.editor, self.editor_note = editor_api.editor_for(
                settings, self.content, self.port
            )
            Pelican(settings).run()
        except (Exception, SystemExit) as error:
            if not isinstance(error, SystemExit):
                traceback.print_exc()
            print("Build failed: the last good preview stays up.", file=sys.stderr)
            self.keep_warm(succeeded=False)
            return
        self.keep_warm(succeeded=True)
        print(f"Rebuilt in {time.perf_counter() - started:.2f} s", flush=True)
        self.announce()

    @staticmethod
    def live_update():
        """plugins/live_update, as the build loaded it (None without it)."""
        return sys.modules.get("live_update.live_update")

    def keep_warm(self, succeeded: bool) -> None:
        module = self.live_update()
        if module is not None:
            module.build_finished(succeeded)

    def update(self, paths: list[Path]) -> bool:
        """Show edits to sources' text without a build (plugins/live_update),
        or return False for a full one."""
        module = self.live_update()
        if module is None:
            return False
        started = time.perf_counter()
        try:
            if not module.update(paths):
                return False
        except Exception:
            traceback.print_exc()
            return False
        print(f"Updated in {time.perf_counter() - started:.2f} s", flush=True)
        self.announce()
        return True

    def rebuild_for(self, changes: set[tuple[object, str]]) -> None:
        if any(self.needs_restart(Path(path)) for _, path in changes):
            print("Settings or plugins changed: restarting the preview.", flush=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        if not self.update(sorted({Path(path) for _, path in changes})):
            self.build()

    def needs_restart(self, path: Path) -> bool:
        return path.suffix == ".py" and (
            path.is_relative_to(self.root / "plugins") or path.parent == self.root
        )

    # --- telling browsers ---------------------------------------------------
    def announce(self) -> None:
        with self.changed:
            self.builds += 1
            self.changed.notify_all()

    def wait_for_build(self, after: str | None, timeout: float) -> str:
        with self.changed:
            if after == self.build_id:
                self.changed.wait(timeout)
            return self.build_id

    # --- running --------------------------------------------------------------
    def listen(self) -> ThreadingHTTPServer:
        """Bind the port before building: a port taken stops here, at once."""
        handler = functools.partial(LivePreviewHandler, directory=str(self.output))
        LivePreviewHandler.preview = self
        try:
            server = ThreadingHTTPServer((self.host, self.port), handler)
        except OSError as error:
            other = 8001 if self.port == 8000 else 8000
            if getattr(error, "errno", None) == errno.EADDRINUSE:
                raise CannotServe(
                    f"Port {self.port} is in use (another `make serve`, perhaps in "
                    f"another checkout?): stop it, or run `make serve PORT={other}`."
                ) from None
            raise CannotServe(
                f"Cannot serve on {self.host}:{self.port} "
                f"({error.strerror or error}): try `make serve PORT={other}`."
            ) from None
        server.daemon_threads = True
        self.port = server.server_address[1]
        return server

    def serve(self, server: ThreadingHTTPServer | None = None) -> None:
        """Build, serve and rebuild on every save; `server` when the caller
        has already claimed the port (listen)."""
        from pelican.log import init as init_logging
        from watchfiles import watch

        server = server or self.listen()
        init_logging(level=logging.WARNING)
        self.build()
        watched = [self.content, self.root / "theme", self.root / "plugins"]
        watched += [self.root / "pelicanconf.py", self.root / "publishconf.py"]
        # Watch before answering anyone: a save made as soon as the page (or a
        # test) sees the first build must not fall before the watcher starts.
        # An empty set comes every rust_timeout ms while nothing changes.
        changes = watch(*watched, step=30, debounce=400, yield_on_timeout=True,
                        rust_timeout=250)  # fmt: skip
        next(changes)  # returns once the watcher is in place
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(
            f"Serving http://{self.host}:{self.port}/ (日本語) and "
            f"http://{self.host}:{self.port}/en/ (English); Ctrl+C stops.",
            flush=True,
        )
        if self.editor_note:
            print(self.editor_note, flush=True)
        try:
            for changed in changes:
                if changed:
                    self.rebuild_for(changed)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
