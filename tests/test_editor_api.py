"""The content editor's backend while drafting (editor_api.py, served by
`make serve`): it answers only this checkout's own /admin/ page, and writes
only the editor's content folders and its media folder.

Against a real `invoke serve` on a copy of the project, as a hostile page or
local process would try it; plus a property test that no generated path ever
writes, or deletes, anything outside those folders.
"""

from __future__ import annotations

import base64
import html
import http.client
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dev_server import free_port
from tests.built_site import ROOT
from tests.project_copy import copy_project, tree_digest

ALLOWED = ("content/pages", "content/articles", "content/images")
HOSTILE = [
    "content/../pelicanconf.py", "/etc/x", ".git/hooks/pre-commit",
    "content/pages/../../plugins/x.py", "content/pages/%2e%2e/%2e%2e/pelicanconf.py",
    "content/pages/..%2f..%2fpelicanconf.py", "content/%2E%2E/pelicanconf.py",
    "content/pages/linked-out/x.md",  # a folder link to outside the project
    "content/pages/linked-settings.md",  # a file link to pelicanconf.py
    "content/pages/x.md\x00.py", "pelicanconf.py", "plugins/cms_config/cms_config.py",
    "content/images/page.html",  # not a STATIC_FILE_TYPES file: it would run
]  # fmt: skip


def start_preview(project: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "invoke"), "serve", "--port", str(port)],
        cwd=project,
        stdout=(project / "preview.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def get(url: str, seconds: float = 180) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`invoke serve` on a copy, with links planted inside content/ that point
    out of it, a .git/hooks folder, and a folder outside the project."""
    tmp = tmp_path_factory.mktemp("editor")
    project = copy_project(tmp / "site")
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "kept.txt").write_text("outside the project\n", "utf-8")
    (project / "content/pages/linked-out").symlink_to(outside)
    (project / "content/pages/linked-settings.md").symlink_to(
        project / "pelicanconf.py"
    )
    (project / ".git/hooks").mkdir(parents=True)
    port = free_port()
    process = start_preview(project, port)
    base = f"http://localhost:{port}"
    try:
        get(base + "/admin/config.yml")
        yield project, outside, base
    finally:
        stop(process)


def api_url(base: str) -> str:
    """Where this server's /admin/ sends its saves: it must be this server."""
    config = json.loads(get(base + "/admin/config.yml"))
    url = config.get("local_backend", {}).get("url", "")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == base, (
        f"the editor at {base}/admin/ saves through {url!r}, not this server"
    )
    return url


def post(url: str, action: str, params: dict, host=None, origin=None):
    """POST {action, params} as the editor does; (status, JSON answer)."""
    parts = urlsplit(url)
    body = json.dumps({"action": action, "params": params}).encode()
    connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=30)
    connection.putrequest("POST", parts.path, skip_host=True)
    connection.putheader("Host", host or parts.netloc)
    connection.putheader("Origin", origin or f"{parts.scheme}://{parts.netloc}")
    connection.putheader("Content-Type", "application/json; charset=utf-8")
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    return response.status, json.loads(answer or b"null")


def entry(path: str, raw: str = "Title: x\n\nx\n") -> dict:
    data = {"slug": "x", "path": path, "raw": raw}
    return {
        "branch": "main",
        "dataFiles": [data],
        "assets": [],
        "options": {"commitMessage": "x", "useWorkflow": False, "status": ""},
    }


def media(path: str, data: bytes = b"\x89PNG\r\n") -> dict:
    content = base64.b64encode(data).decode()
    asset = {"path": path, "content": content, "encoding": "base64"}
    return {"branch": "main", "asset": asset, "options": {"commitMessage": "x"}}


def removal(path: str) -> dict:
    return {"branch": "main", "path": path, "options": {"commitMessage": "x"}}


def snapshot(project: Path, outside: Path) -> tuple[dict, dict, list]:
    """Every file's bytes in the project (not what the build writes) and outside."""
    files = {
        name: digest
        for name, digest in tree_digest(project).items()
        if not name.startswith(("output/", "cache/", "preview.log"))
    }
    links = sorted(str(p) for p in project.rglob("*") if p.is_symlink())
    return files, tree_digest(outside), links


def test_the_editor_saves_through_this_server_only(preview):
    _, _, base = preview
    api_url(base)
    admin = get(base + "/admin/")
    policy = html.unescape(admin.split('Content-Security-Policy" content="')[1])
    connect = policy.split("connect-src")[1].split(";")[0]
    assert base in connect.split(), connect
    assert "8081" not in admin


def test_a_foreign_host_or_origin_is_refused_and_writes_nothing(preview):
    project, outside, base = preview
    url = api_url(base)
    port = urlsplit(url).port
    before = snapshot(project, outside)
    page = entry("content/pages/rebound.en.md")
    for host, origin in [
        (f"rebind.example:{port}", None),  # a DNS-rebinding page
        (None, "http://evil.example"),  # any other site, from the browser
        (None, f"http://localhost:{port + 1}"),  # another checkout's preview
        (None, "null"),
    ]:
        status, answer = post(url, "persistEntry", page, host=host, origin=origin)
        assert status == 403, (host, origin, answer)
        assert "not this dev server" in answer["error"]
        status, _ = post(
            url, "getEntry", {"path": "content/pages/about.en.md"}, host, origin
        )
        assert status == 403
    assert snapshot(project, outside) == before
    assert not (project / "content/pages/rebound.en.md").exists()


def test_the_page_at_127_0_0_1_may_ask_localhost_and_no_other(preview):
    """Both names are this server: the browser asks first (CORS preflight)."""
    _, _, base = preview
    parts = urlsplit(api_url(base))
    for origin, allowed in [
        (f"http://127.0.0.1:{parts.port}", True),
        ("http://evil.example", False),
    ]:
        connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=30)
        connection.request(
            "OPTIONS",
            parts.path,
            headers={"Host": parts.netloc, "Origin": origin,
                     "Access-Control-Request-Method": "POST"},
        )  # fmt: skip
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == (204 if allowed else 403)
        granted = response.getheader("Access-Control-Allow-Origin")
        assert granted == (origin if allowed else None)


@pytest.mark.parametrize("path", HOSTILE)
def test_a_path_outside_the_content_folders_is_refused(preview, path):
    project, outside, base = preview
    url = api_url(base)
    before = snapshot(project, outside)
    for action, params in [
        ("persistEntry", entry(path)),
        ("persistMedia", media(path)),
        ("deleteFile", removal(path)),
        ("deleteFiles", {**removal(path), "paths": [path]}),
    ]:
        status, answer = post(url, action, params)
        assert status in (403, 422), (action, path, answer)
        assert "error" in answer
    assert snapshot(project, outside) == before
    assert (project / "pelicanconf.py").read_text("utf-8").startswith('"""')


def test_one_refused_path_writes_nothing_of_the_request(preview):
    project, outside, base = preview
    url = api_url(base)
    before = snapshot(project, outside)
    params = entry("content/pages/harmless.en.md")
    params["dataFiles"].append(
        {"slug": "x", "path": "content/../pelicanconf.py", "raw": "import os\n"}
    )
    status, _ = post(url, "persistEntry", params)
    assert status == 403
    assert snapshot(project, outside) == before


def test_a_page_and_a_picture_are_saved_and_shown(preview):
    project, _, base = preview
    url = api_url(base)
    pages = {
        "ja": "Title: 組合員の集い\nLang: ja\nSummary: 集いのお知らせ。\n\n皆さまをお招きします。\n",
        "en": "Title: Members' meeting\nLang: en\nSummary: A meeting.\n\nWe invite every member.\n",
    }
    params = entry("content/pages/members-meeting.ja.md", pages["ja"])
    params["dataFiles"] += entry("content/pages/members-meeting.en.md", pages["en"])[
        "dataFiles"
    ]
    picture = tiny_png()  # a real one: the editor takes photos it can clean
    status, answer = post(url, "persistEntry", params)
    assert status == 200, answer
    status, answer = post(
        url, "persistMedia", media("content/images/hall.png", picture)
    )
    assert status == 200, answer
    assert base64.b64decode(answer["content"]) == picture
    for lang, text in pages.items():
        saved = project / f"content/pages/members-meeting.{lang}.md"
        assert saved.read_text("utf-8") == text
    assert (project / "content/images/hall.png").read_bytes() == picture

    # The editor lists them as it opens, and the preview shows the page.
    status, listed = post(
        url,
        "entriesByFolder",
        {"branch": "main", "folder": "content/pages", "extension": "md", "depth": 1},
    )
    assert status == 200
    assert {"content/pages/members-meeting.en.md", "content/pages/about.ja.md"} <= {
        e["file"]["path"] for e in listed
    }
    assert "content/pages/linked-settings.md" not in {e["file"]["path"] for e in listed}
    status, images = post(
        url, "getMedia", {"branch": "main", "mediaFolder": "content/images"}
    )
    assert [i["path"] for i in images] == ["content/images/hall.png"]
    deadline = time.monotonic() + 120
    while "We invite every member." not in get(base + "/en/members-meeting/", 120):
        assert time.monotonic() < deadline, "the saved page never reached the preview"
        time.sleep(0.3)

    status, _ = post(url, "deleteFile", removal("content/images/hall.png"))
    assert status == 200
    assert not (project / "content/images/hall.png").exists()


def test_two_checkouts_each_edit_their_own(preview, tmp_path):
    first, _, first_base = preview
    second = copy_project(tmp_path / "second")
    port = free_port()
    process = start_preview(second, port)
    second_base = f"http://localhost:{port}"
    try:
        get(second_base + "/admin/config.yml")
        first_url, second_url = api_url(first_base), api_url(second_base)
        assert first_url != second_url
        status, _ = post(
            second_url, "persistEntry", entry("content/pages/second.en.md")
        )
        assert status == 200
        assert (second / "content/pages/second.en.md").is_file()
        assert not (first / "content/pages/second.en.md").exists()
        # The first checkout's API does not answer the second one's page.
        status, _ = post(first_url, "info", {}, origin=second_base)
        assert status == 403
    finally:
        stop(process)


# --- Every path, not only the ones above (Hypothesis) --------------------------
PARTS = st.sampled_from(
    ["content", "pages", "articles", "images", "programs", "..", ".", "", "%2e%2e",
     "..%2f", "%2f", ".git", "hooks", "pre-commit", "plugins", "x.md", "x.py",
     "pelicanconf.py", "link-out", "link-file.md", "a\x00b", "a\\..\\b", "~",
     "\u2024\u2024", "\uff0e\uff0e", "x" * 300, "/", "//", " ", "x.md ", "CON",
     "hard.md", "page.html", "x.png"]
)  # fmt: skip
PATHS = st.one_of(
    st.lists(PARTS, min_size=1, max_size=6).map("/".join),
    st.text(max_size=40),
    st.lists(PARTS, min_size=1, max_size=5).map(lambda p: "/" + "/".join(p)),
)


@pytest.fixture(scope="module")
def little_project(tmp_path_factory):
    from pelican.settings import read_settings

    from cms_config.cms_config import cms_config
    from editor_api import EditorAPI

    tmp = tmp_path_factory.mktemp("little")
    root, outside = tmp / "project", tmp / "outside"
    for folder in (
        *ALLOWED,
        "content/pages/programs",
        "plugins",
        ".git/hooks",
        "outside",
    ):
        (root / folder).mkdir(parents=True, exist_ok=True)
    outside.mkdir()
    (outside / "kept.txt").write_text("kept", "utf-8")
    (root / "pelicanconf.py").write_text("SETTINGS = 1\n", "utf-8")
    (root / "content/pages/about.en.md").write_text("Title: About\n", "utf-8")
    (root / "content/pages/link-out").symlink_to(outside)
    (root / "content/pages/link-file.md").symlink_to(root / "pelicanconf.py")
    (root / "content/images/link-out").symlink_to(outside)
    os.link(root / "pelicanconf.py", root / "content/pages/hard.md")  # one file
    config = cms_config(read_settings(str(ROOT / "pelicanconf.py")))
    return root, outside, EditorAPI(root, config, 8000)


def call(api, action: str, params: dict) -> int:
    body = json.dumps({"action": action, "params": params}).encode()
    headers = {
        "Host": "localhost:8000",
        "Origin": "http://localhost:8000",
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
    }
    return api.respond("POST", headers, "127.0.0.1", lambda n: body[:n]).status


def outside_allowed(root: Path, outside: Path) -> dict:
    digest = {
        name: value
        for name, value in tree_digest(root).items()
        if not name.startswith(tuple(f + "/" for f in ALLOWED))
    }
    links = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_symlink())
    return {"files": digest, "outside": tree_digest(outside), "links": links}


@settings(max_examples=300, deadline=None)
@example(path="content/pages/hard.md", action="persistEntry")  # a hard link
@example(path="content/pages/link-file.md", action="deleteFile")
@example(path="content/images/link-out/x.png", action="persistMedia")
@given(
    path=PATHS, action=st.sampled_from(["persistEntry", "persistMedia", "deleteFile"])
)
def test_no_path_writes_outside_the_content_folders(little_project, path, action):
    root, outside, api = little_project
    before = outside_allowed(root, outside)
    params = {"persistEntry": entry, "persistMedia": media, "deleteFile": removal}[
        action
    ](path)
    status = call(api, action, params)
    assert outside_allowed(root, outside) == before, (action, path)
    if status == 200:  # only a plain path into an allowed folder, never a link
        assert path.startswith(tuple(f + "/" for f in ALLOWED)), path
        assert ".." not in path.split("/") and "link" not in path, path


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # inf and nan included: json reads Infinity and NaN
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
ACTIONS = ["info", "entriesByFolder", "entriesByFiles", "getEntry", "persistEntry",
           "getMedia", "getMediaFile", "persistMedia", "deleteFile", "deleteFiles",
           "getDeployPreview", "nonsense"]  # fmt: skip
KEYS = ["folder", "extension", "depth", "files", "path", "entry", "asset",
        "mediaFolder", "paths", "options", "dataFiles", "assets", "raw"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    action=st.sampled_from(ACTIONS),
    params=st.dictionaries(st.sampled_from(KEYS), JSON, max_size=5),
)
def test_any_request_gets_an_answer_not_an_exception(little_project, action, params):
    """A request the editor never sends (depth 1e999 found by the hostile
    review) is refused with a status; the server never drops it."""
    root, outside, api = little_project
    before = outside_allowed(root, outside)
    status = call(api, action, params)
    assert status in (200, 403, 404, 409, 411, 413, 422, 500), status
    assert outside_allowed(root, outside) == before


def test_a_photo_saved_through_the_editor_keeps_no_gps(little_project, tmp_path):
    """The original that goes into content/ (and git) is already clean: the
    editor's walkthrough uploaded a photo with its GPS position."""
    from PIL import ExifTags, Image

    from tests.synthetic_photo import CAMERA, save_photo

    root, _outside, api = little_project
    photo = save_photo(tmp_path / "kobe.jpg", 600, 400).read_bytes()
    assert CAMERA.encode() in photo
    assert call(api, "persistMedia", media("content/images/kobe.jpg", photo)) == 200
    saved = root / "content/images/kobe.jpg"
    assert CAMERA.encode() not in saved.read_bytes()
    with Image.open(saved) as image:
        assert image.size == (600, 400)
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    not_a_photo = media("content/images/fake.jpg", b"<html>not a photo</html>")
    assert call(api, "persistMedia", not_a_photo) == 422
    assert not (root / "content/images/fake.jpg").exists()


def tiny_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()
