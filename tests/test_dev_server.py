"""`make serve`: both languages answer on localhost, and a saved edit shows up."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from dev_server import free_port
from tests.project_copy import copy_project, invoke
from tests.project_copy import edit_text as edit


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory):
    """`invoke serve` on a copy of the project, so edits stay in the copy."""
    project = copy_project(tmp_path_factory.mktemp("project") / "site")
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "invoke"),
            "serve",
            "--port",
            str(port),
        ],
        cwd=project,
        stdout=(project / "preview.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield project, f"http://localhost:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def test_serves_japanese_at_root_and_english_under_en(dev_server):
    _, base = dev_server
    deadline = time.monotonic() + 120
    assert '<html lang="ja">' in fetch(base + "/", deadline)
    assert '<html lang="en">' in fetch(base + "/en/", deadline)


def test_the_content_editor_is_served_without_the_reload_script(dev_server):
    """A save must not reload the editor and lose the editor's unsaved work."""
    project, base = dev_server
    deadline = time.monotonic() + 120
    assert "__live" in fetch(base + "/about/", deadline)
    admin = fetch(base + "/admin/", deadline)
    assert "<html" in admin and "__live" not in admin
    said = (project / "preview.log").read_text("utf-8")
    if "needs `invoke tools`" not in said:  # npm tools installed: it names its port
        assert f"The content editor: {base}/admin/" in said


def served_eventually(url: str, wanted: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while wanted not in (page := fetch(url, deadline)):
        assert time.monotonic() < deadline, f"{wanted!r} never reached {url}"
        time.sleep(0.1)
    return page


def test_saving_a_markdown_file_rebuilds_the_page(dev_server):
    project, base = dev_server
    fetch(base + "/en/about/", time.monotonic() + 120)
    edit(
        project / "content/pages/about.en.md",
        "## At a glance",
        "Freshly saved.\n\n## At a glance",
    )
    served_eventually(base + "/en/about/", "Freshly saved.")


def test_a_new_article_title_reaches_the_listing_and_home(dev_server):
    project, base = dev_server
    source = project / "content/articles/coworking-asia-conference-tokyo-2013.en.md"
    edit(
        source,
        "Title: Coworking Asia Conference Tokyo 2013 announced",
        "Title: Retitled news",
    )
    served_eventually(base + "/en/news/", "Retitled news")
    served_eventually(base + "/en/", "Retitled news")
    article = served_eventually(
        base + "/en/news/coworking-asia-conference-tokyo-2013/", "Retitled news"
    )
    assert "<title>Retitled news | " in article


def test_a_theme_change_rebuilds_every_page(dev_server):
    project, base = dev_server
    edit(
        project / "theme/templates/partials/site_footer.html",
        "</footer>",
        "<p>Footer note.</p></footer>",
    )
    for url in ("/", "/en/news/", "/programs/welfare/"):
        served_eventually(base + url, "Footer note.")


def test_a_broken_template_keeps_the_last_good_preview(dev_server):
    project, base = dev_server
    template = project / "theme/templates/page.html"
    good = template.read_text("utf-8")
    template.write_text(good.replace("{% endblock %}", "{% endblok %}", 1), "utf-8")
    log = project / "preview.log"
    deadline = time.monotonic() + 30
    while "Build failed: the last good preview stays up." not in log.read_text("utf-8"):
        assert time.monotonic() < deadline, "the failed build was never reported"
        time.sleep(0.1)
    assert '<html lang="en">' in fetch(base + "/en/about/", time.monotonic() + 10)
    template.write_text(good, "utf-8")
    edit(
        project / "content/pages/about.en.md",
        "## At a glance",
        "Fixed again.\n\n## At a glance",
    )
    served_eventually(base + "/en/about/", "Fixed again.")


def test_the_open_page_reloads_itself_after_a_save(dev_server, browser):
    project, base = dev_server
    page = browser.new_page()
    try:
        with page.expect_request(lambda request: "/__live/events" in request.url):
            page.goto(base + "/en/purpose/")
        page.wait_for_timeout(300)  # its first event names the build it shows
        edit(
            project / "content/pages/purpose.en.md",
            "In 2010,",
            "Reloaded by itself. In 2010,",
        )
        page.get_by_text("Reloaded by itself.").wait_for(timeout=15_000)
    finally:
        page.close()


# --- Bad requests are messages, never tracebacks --------------------------------
def log_after(project: Path, size: int, seconds: float = 1.0) -> list[str]:
    """The lines the preview logged since the log had `size` characters."""
    time.sleep(seconds)
    return (project / "preview.log").read_text("utf-8")[size:].splitlines()


def raw_request(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


@pytest.mark.parametrize(
    ("path", "status"),
    [("/%00", 400), ("/en/%00/", 400), ("/" + "a" * 300 + "/", 404),
     ("/en/" + "長" * 300 + ".html", 404), ("/" + "a/" * 3000, 404),
     ("/%ff", 400), ("/en/%ed%a0%80/", 400)],
    ids=["nul", "nul-in-folder", "300-letters", "300-kanji", "6000-long",
         "not-utf8", "surrogate"],
)  # fmt: skip
def test_a_bad_address_gets_an_answer_and_one_line(dev_server, path, status):
    project, base = dev_server
    fetch(base + "/", time.monotonic() + 120)
    size = len((project / "preview.log").read_text("utf-8"))
    port = int(base.rsplit(":", 1)[1])
    answer, _ = raw_request(port, urllib.parse.quote(path, safe="/%"))
    assert answer == status
    said = log_after(project, size)
    assert len(said) == 1 and "Traceback" not in said[0], said
    assert '<html lang="en">' in fetch(base + "/en/about/", time.monotonic() + 10)


def test_a_browser_that_hangs_up_early_costs_one_line(dev_server):
    project, base = dev_server
    fetch(base + "/", time.monotonic() + 120)
    port = int(base.rsplit(":", 1)[1])
    size = len((project / "preview.log").read_text("utf-8"))
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"GET /en/about/ HTTP/1.1\r\nHost: localhost\r\n")
        time.sleep(0.3)  # the server waits for the rest of the headers
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    said = log_after(project, size)
    assert len(said) == 1 and "Traceback" not in said[0], said
    assert "closed the connection" in said[0]
    assert '<html lang="en">' in fetch(base + "/en/about/", time.monotonic() + 10)


def test_a_page_under_another_name_reads_no_draft(dev_server):
    """DNS rebinding: a site whose name now points at 127.0.0.1 gets nothing."""
    project, base = dev_server
    fetch(base + "/", time.monotonic() + 120)
    port = int(base.rsplit(":", 1)[1])
    size = len((project / "preview.log").read_text("utf-8"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/en/about/", headers={"Host": f"rebind.example:{port}"})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    assert response.status == 403
    assert "skip-link" not in body, "the draft page was served"
    said = log_after(project, size)
    assert len(said) == 1 and "Traceback" not in said[0], said


def test_a_port_already_taken_stops_serve_with_one_clear_line(tmp_path):
    project = copy_project(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke(project, "serve", "--port", str(port))
    assert result.returncode != 0
    said = (result.stdout + result.stderr).strip().splitlines()
    assert said == [
        f"Port {port} is in use (another `make serve`, perhaps in another "
        f"checkout?): stop it, or run `make serve PORT=8000`."
    ], said
    assert not (project / "output").exists()  # it stopped before building
