"""The content editor's backend while drafting: Decap CMS's local proxy API,
answered by the live preview (dev_server.py) on its own port and origin.

Decap's `local_backend` POSTs JSON `{action, params}` to one URL (the proxy
backend, decap-cms-backend-proxy) and expects what npm's decap-server answers
in its file-system mode: info, entriesByFolder, entriesByFiles, getEntry,
persistEntry, getMedia, getMediaFile, persistMedia, deleteFile, deleteFiles,
getDeployPreview. This module answers those, so `make serve` is one server on
one port, with no Node process (docs/maintaining.md: Editing in the browser).

Owns: the editor API at EDITOR_API_PATH; reading and writing the files of the
editor's configuration (plugins/cms_config's `cms_config()`): its collections'
folders (entries with the collection's extension) and its media folder.

Must not:
- answer a request from another machine, or one whose Host or Origin is not
  this dev server's (another checkout's server, a DNS-rebinding page);
- read, write or delete anything outside those folders: a path is taken only
  as written, relative, already normal (no `..`, `.`, empty or dot-named
  part, absolute path, backslash, NUL, control character or %-escape), and
  no part of it, from the project folder down, may be a symbolic link;
- write anything when one path of a request is refused;
- run anything (no git, no shell): saving is writing a file.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

EDITOR_API_PATH = "/__editor/api/v1"
MAX_BODY = 50 * 1024 * 1024  # decap-server's limit, for pictures sent as base64
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
MAX_NAME = 255  # bytes in one file name (ext4, APFS, NTFS)
ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
UNSAFE = re.compile(r"[\x00-\x1f\x7f\\\ud800-\udfff]")  # and lone surrogates


def editor_url(host: str, port: int) -> str:
    """Where the editor at /admin/ sends its requests: the dev server itself."""
    host = host if host in ("localhost", "127.0.0.1") else "localhost"
    return f"http://{host}:{port}{EDITOR_API_PATH}"


def editor_for(
    settings: dict, content: Path, port: int
) -> tuple[EditorAPI | None, str]:
    """The API on the folders of the editor's configuration (plugins/cms_config:
    one source of truth), and what the terminal says about the editor; None
    when the site has no editor."""
    if not settings.get("CMS_PATH") or "cms_config" not in settings["PLUGINS"]:
        return None, ""
    from cms_config.cms_config import BUNDLE_SCRIPT, bundle_folder, cms_config

    if (bundle_folder(settings) / BUNDLE_SCRIPT).is_file():
        admin = settings["CMS_LOCAL_BACKEND"].removesuffix(EDITOR_API_PATH)
        note = f"The content editor: {admin}/{settings['CMS_PATH']} (saves into {content.name}/)"
    else:
        note = "The content editor at /admin/ needs `invoke tools` (npm) first."
    types = tuple(settings.get("STATIC_FILE_TYPES", ()))
    return EditorAPI(content.parent, cms_config(settings), port, types), note


class Refused(Exception):
    """A request the API does not carry out; the text says why and what to do."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Reply:
    status: int
    payload: object  # JSON
    headers: dict[str, str]
    log: str = ""  # one line for the terminal; "" for an ordinary read


def loopback_origins(port: int) -> tuple[set[str], set[str]]:
    """The Host values and the Origins of this dev server."""
    hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    hosts |= set(LOOPBACK_NAMES) if port == 80 else set()  # no port: http's own
    return hosts, {f"http://{host}" for host in hosts}


class EditorAPI:
    """One project's files, as the editor's configuration allows them."""

    def __init__(
        self, root: Path, config: dict, port: int, media_types: tuple = ()
    ) -> None:
        self.root = root.resolve()
        self.media_types = tuple(t.lower() for t in media_types)  # () takes any
        self.hosts, self.origins = loopback_origins(port)
        self.admin = f"http://localhost:{port}/admin/"  # where to open the editor
        collections = config["collections"]
        self.entries = {
            c["folder"]: c.get("extension", "md") for c in collections if "folder" in c
        }
        # A "files" collection (the site's settings) edits the files it names.
        self.files = {f["file"] for c in collections for f in c.get("files", ())}
        self.media = config["media_folder"]
        for folder in (*self.entries, *self.files, self.media):
            check_syntax(folder)
        self.where = (
            ", ".join(
                [f"{folder}/ (.{ext})" for folder, ext in self.entries.items()]
                + sorted(self.files)
            )
            + f" and {self.media}/"
        )

    # --- who may ask ------------------------------------------------------
    def check_caller(self, method: str, headers, client: str) -> str:
        """The caller's Origin, or Refused when this is not our own page."""
        try:
            loopback = ipaddress.ip_address(client.removeprefix("::ffff:")).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise Refused(403, f"only this computer may use the editor, not {client}")
        host = (headers.get("Host") or "").lower()
        origin = (headers.get("Origin") or "").lower()
        for name, value, allowed in (
            ("Host", host, self.hosts),
            ("Origin", origin, self.origins),
        ):
            if value not in allowed:
                raise Refused(
                    403,
                    f"{name} {value or '(none)'} is not this dev server: only its own "
                    f"page may use the editor (open {self.admin})",
                )
        kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if method == "POST" and kind != "application/json":
            raise Refused(
                415, "the editor API takes JSON (Content-Type: application/json)"
            )
        return origin

    def respond(self, method: str, headers, client: str, read_body) -> Reply:
        """Answer one request; read_body(n) reads the request's body."""
        try:
            origin = self.check_caller(method, headers, client)
        except Refused as refused:
            line = f"refused {method} from {client}: {refused}"
            return Reply(refused.status, {"error": str(refused)}, {}, line)
        cors = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        if method == "OPTIONS":  # 127.0.0.1:PORT's page asking localhost:PORT
            cors["Access-Control-Allow-Methods"] = "POST"
            cors["Access-Control-Allow-Headers"] = "Content-Type"
            return Reply(204, None, cors)
        action = "?"
        try:
            length = int(headers.get("Content-Length") or -1)
            if length < 0:
                raise Refused(411, "a request to the editor API needs a Content-Length")
            if length > MAX_BODY:
                raise Refused(
                    413, f"a request to the editor API is at most {MAX_BODY} bytes"
                )
            request = json.loads(read_body(length))
            if not isinstance(request, dict):
                raise Refused(
                    422, "the editor API takes a JSON object {action, params}"
                )
            action = str(request.get("action"))
            params = request.get("params") or {}
            if not isinstance(params, dict):
                raise Refused(422, f"{action}: params must be a JSON object")
            payload, log = self.answer(action, params)
            return Reply(200, payload, cors, log)
        except Refused as refused:
            line = f"refused {action}: {refused}"
            return Reply(refused.status, {"error": str(refused)}, cors, line)
        except (
            ValueError,
            KeyError,
            TypeError,
            RecursionError,
            ArithmeticError,
        ) as error:
            message = f"{action}: malformed request ({type(error).__name__}: {error})"
            return Reply(422, {"error": message}, cors, message)
        except OSError as error:
            message = f"{action}: {error.strerror or error} ({error.filename or ''})"
            return Reply(500, {"error": message}, cors, message)

    def answer_http(self, handler, method: str) -> str:
        """Answer the request an http.server handler holds; the line to log."""
        declared = handler.headers.get("Content-Length", "")
        length, read = int(declared) if declared.isdigit() else 0, [0]

        def read_body(size: int) -> bytes:
            read[0] += size
            return handler.rfile.read(size)

        reply = self.respond(
            method, handler.headers, handler.client_address[0], read_body
        )
        if 0 < length - read[0] <= MAX_BODY:  # unread, a reset would hide the reply
            handler.rfile.read(length - read[0])
        body = b"" if reply.status == 204 else json.dumps(reply.payload).encode()
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Cache-Control", "no-store")
        handler.send_header("X-Content-Type-Options", "nosniff")
        handler.end_headers()
        handler.wfile.write(body)
        return f"{reply.status} editor {reply.log}" if reply.log else ""

    # --- what it does -----------------------------------------------------
    def answer(self, action: str, params: dict) -> tuple[object, str]:
        if action == "info":
            info = {"repo": self.root.name, "publish_modes": ["simple"]}
            return {**info, "type": "local_fs"}, ""
        if action == "entriesByFolder":
            folder = self.folder(params["folder"])
            extension = str(params["extension"])
            depth = int(params["depth"])
            return [self.entry(p) for p in self.listing(folder, extension, depth)], ""
        if action == "entriesByFiles":
            return [
                self.entry(str(f["path"]), f.get("label")) for f in params["files"]
            ], ""
        if action == "getEntry":
            return self.entry(params["path"]), ""
        if action == "getMedia":
            folder = self.folder(params["mediaFolder"])
            return [self.media_file(p) for p in self.listing(folder, "", 1)], ""
        if action == "getMediaFile":
            return self.media_file(params["path"]), ""
        if action == "persistEntry":
            return self.persist_entry(params)
        if action == "persistMedia":
            asset = params["asset"]
            target = self.target(asset["path"], media=True)
            writes = [(target, without_metadata(asset["path"], decode(asset)))]
            self.write_all(writes)
            return self.media_file(asset["path"]), f"saved {asset['path']}"
        if action in ("deleteFile", "deleteFiles"):
            paths = params["paths"] if action == "deleteFiles" else [params["path"]]
            if not isinstance(paths, list):
                raise Refused(422, f"{action}: paths must be a list")
            targets = [self.target(path) for path in paths]
            for target in targets:
                if target.is_file():
                    target.unlink()
            names = ", ".join(map(str, paths))
            return {"message": f"deleted {names}"}, f"deleted {names}"
        if action == "getDeployPreview":
            return None, ""
        raise Refused(
            422, f"unknown action {action!r} (this editor saves straight into content/)"
        )

    def persist_entry(self, params: dict) -> tuple[object, str]:
        data_files = params.get("dataFiles") or [params["entry"]]
        writes, moves = [], []
        for data in data_files:
            raw = data["raw"]
            if not isinstance(raw, str):
                raise Refused(422, f"{data.get('path')}: raw must be text")
            writes.append((self.target(data["path"]), raw.encode("utf-8")))
            if data.get("newPath"):
                moves.append((writes[-1][0], self.target(data["newPath"])))
        for asset in params.get("assets") or []:
            writes.append((self.target(asset["path"], media=True), decode(asset)))
        self.write_all(writes)
        for source, destination in moves:
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, destination)
        names = ", ".join(str(path.relative_to(self.root)) for path, _ in writes)
        return {"message": "entry persisted"}, f"saved {names}"

    def write_all(self, writes: list[tuple[Path, bytes]]) -> None:
        """Each file whole, in one step: a new file put in place (never written
        through a link to another), keeping an existing file's permissions."""
        for target, data in writes:  # each one was checked before any is written
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.editor")
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            try:
                with open(os.open(temporary, flags, 0o666), "wb") as file:
                    file.write(data)
                if target.is_file():
                    os.chmod(temporary, target.stat().st_mode & 0o777)
                os.replace(temporary, target)
            finally:
                temporary.unlink(missing_ok=True)

    def entry(self, path: str, label: object = None) -> dict:
        file: dict = {"path": path, "id": None}
        if isinstance(label, str):
            file["label"] = label
        try:
            data = self.target(path, reading=True).read_bytes()
        except (Refused, OSError):
            return {"data": None, "file": file}
        file["id"] = hashlib.sha256(data).hexdigest()
        return {"data": data.decode("utf-8", "replace"), "file": file}

    def media_file(self, path: str) -> dict:
        try:
            data = self.target(path, media=True, reading=True).read_bytes()
        except FileNotFoundError:
            raise Refused(404, f"{path} does not exist") from None
        return {
            "id": hashlib.sha256(data).hexdigest(),
            "content": base64.b64encode(data).decode("ascii"),
            "encoding": "base64",
            "path": path,
            "name": path.rsplit("/", 1)[-1],
        }

    def listing(self, folder: Path, extension: str, depth: int) -> list[str]:
        """Files (no links) below folder, depth levels down, as project paths."""
        found: list[str] = []
        if depth <= 0 or not folder.is_dir() or folder.is_symlink():
            return found
        for child in sorted(folder.iterdir()):
            if child.is_symlink() or child.name.startswith("."):
                continue
            if child.is_dir():
                found += self.listing(child, extension, depth - 1)
            elif child.is_file() and child.name.endswith(extension):
                found.append(child.relative_to(self.root).as_posix())
        return found

    # --- where it may ---------------------------------------------------------
    def folder(self, path: object) -> Path:
        """A folder the editor lists: one of its collections' or its media's."""
        if path not in (*self.entries, self.media):
            raise Refused(403, f"{path}: the editor lists only {self.where}")
        return self.checked(str(path))

    def target(
        self, path: object, *, media: bool = False, reading: bool = False
    ) -> Path:
        """The file a project path names, or Refused when it is not one the
        editor's configuration allows."""
        check_syntax(path)
        in_media, types = path.startswith(self.media + "/"), self.media_types
        if in_media and types and not path.lower().endswith(types):
            raise Refused(403, f"{path}: {self.media}/ takes only {', '.join(types)}")
        if not in_media and (
            media
            or not (
                path in self.files
                or any(
                    path.startswith(folder + "/") and path.endswith("." + ext)
                    for folder, ext in self.entries.items()
                )
            )
        ):
            what = f"{self.media}/" if media else self.where
            verb = "reads" if reading else "saves"
            raise Refused(
                403, f"{path}: the editor {verb} only {what}; nothing written"
            )
        return self.checked(path)

    def checked(self, path: str) -> Path:
        """root/path, when no part of it from the project folder down is a link."""
        current = self.root
        for part in path.split("/"):
            current = current / part
            if current.is_symlink():
                raise Refused(
                    403,
                    f"{path}: {current.relative_to(self.root)} is a symbolic link; "
                    "the editor follows none (replace it with the real folder or file)",
                )
        return current


def check_syntax(path: object) -> None:
    """A relative path, as written normally: Refused otherwise."""
    why = ""
    if not isinstance(path, str):
        raise Refused(422, f"a path must be text, not {json.dumps(path)}")
    if not path or path.startswith("/"):
        why = "is not a path inside the project"
    elif UNSAFE.search(path):
        why = "contains a control character, NUL or backslash"
    elif ESCAPE.search(path):
        why = "contains a %-escape (write the name itself)"
    elif any(part in ("", ".", "..") for part in path.split("/")):
        why = "is not a normal path (no `..`, `.` or `//`)"
    elif any(part.startswith(".") for part in path.split("/")):
        why = "names a hidden file or folder"
    elif any(len(part.encode("utf-8")) > MAX_NAME for part in path.split("/")):
        why = f"has a name longer than {MAX_NAME} bytes"
    if why:
        raise Refused(403, f"{json.dumps(path)} {why}; nothing was written")


def without_metadata(path: str, data: bytes) -> bytes:
    """A photo's bytes without its GPS position or camera data (static_files)."""
    from responsive_images.encoding import NotUsable
    from static_files.checks import cleaned_upload

    try:
        return cleaned_upload(path, data)
    except NotUsable as problem:
        raise Refused(422, f"{path} {problem}") from None


def decode(asset: dict) -> bytes:
    if asset.get("encoding") != "base64":
        raise Refused(422, f"{asset.get('path')}: media must be sent as base64")
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (ValueError, TypeError):
        raise Refused(422, f"{asset.get('path')}: not valid base64") from None
