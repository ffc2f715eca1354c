"""publish/serve.py's request checks, line by line (`make mutate`): the preview's Handler answered
over a real socket, with requests that reach each part (the Host header's forms, the status endpoint,
the index with its reload script, the files a build did not write, the headers of every answer)."""

from __future__ import annotations

import http.client
import json
import logging
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.pipeline import Manifest
from generator.publish.serve import STATUS_PATH, Handler, Status


def started(out: Path, status: Status) -> ThreadingHTTPServer:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(out), status=status))
    threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True).start()  # shut down in 10 ms, not 0.5 s
    return httpd


@pytest.fixture
def preview(tmp_path: Path):
    """(port, output folder, status) of a preview of a folder a build wrote a PDF and an index into."""
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    (out / "en/consult-card.pdf").write_bytes(b"%PDF built")
    (out / "en/notes.txt").write_text("the user's")
    (out / "index.html").write_text("<html><body>index</body></html>")
    manifest = Manifest(out)
    manifest.own(out / "en/consult-card.pdf", b"%PDF built")
    manifest.own(out / "en/notes.txt", b"")  # owned, but reached only by its own name
    manifest.own(out / "index.html", b"")
    manifest.save()
    status = Status()
    httpd = started(out, status)
    yield httpd.server_address[1], out, status
    httpd.shutdown()
    httpd.server_close()


def request(port: int, path: str, host: str | None = "", method: str = "GET") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    if host is not None:
        connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    return response


@pytest.mark.parametrize("host", ["localhost", "LocalHost:8000", " 127.0.0.1 ", "[::1]:8000", "[::1]"])
def test_every_spelling_of_this_machine_is_answered(preview, host: str) -> None:
    port, _, _ = preview
    assert request(port, "/en/consult-card.pdf", host).status == 200


@pytest.mark.parametrize("host", [None, "127.0.0.2", "localhost.evil.example", "[::2]:80", "evil:127.0.0.1"])
def test_any_other_host_is_refused_with_a_reason(preview, host: str | None) -> None:
    port, _, _ = preview
    for method in ("GET", "HEAD"):
        response = request(port, "/en/consult-card.pdf", host, method)
        assert response.status == 403, (host, method)
    assert b"this preview answers only to 127.0.0.1 and localhost" in request(port, "/", host).body


def test_the_status_is_json_with_its_length_and_never_cached(preview) -> None:
    port, _, status = preview
    status.version, status.building = 3, True
    response = request(port, STATUS_PATH + "?t=1")
    assert response.status == 200
    assert json.loads(response.body) == {"version": 3, "building": True}
    assert response.getheader("Content-Type") == "application/json"
    assert response.getheader("Content-Length") == str(len(response.body))
    assert response.getheader("Cache-Control") == "no-store"


@pytest.mark.parametrize("path", ["/", "/index.html", "/?x=1"])
def test_the_index_carries_the_reload_script_before_its_end(preview, path: str) -> None:
    port, _, status = preview
    status.version = 7
    response = request(port, path)
    page = response.body.decode("utf-8")
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert page.startswith("<html><body>index<script>") and page.endswith("</script>\n</body></html>")
    assert "const version = 7;" in page and f'fetch("{STATUS_PATH}"' in page
    assert "GUIDE_VERSION" not in page and "GUIDE_STATUS" not in page
    assert response.getheader("Content-Length") == str(len(response.body))


def test_an_index_without_a_body_end_gets_the_script_at_its_end_and_a_missing_one_is_404(preview) -> None:
    port, out, _ = preview
    (out / "index.html").write_text("<p>bare")
    page = request(port, "/").body.decode("utf-8")
    assert page.startswith("<p>bare<script>") and page.endswith("</script>\n")
    (out / "index.html").unlink()
    response = request(port, "/index.html")
    assert response.status == 404 and b"no index yet: the first build is running" in response.body


REFUSED = ["/en", "/en/", "/en/.hidden", "/.guide-build.json", "/en%5cconsult-card.pdf", "/en/missing.pdf", "/%2e%2e/x"]


@pytest.mark.parametrize("path", REFUSED)
def test_only_files_the_build_wrote_are_served(preview, path: str) -> None:
    port, out, _ = preview
    (out / "en" / ".hidden").write_text("x")
    response = request(port, path)
    assert response.status == 404 and b"not a file of this build" in response.body, path


def test_a_file_is_served_whole_with_no_store(preview) -> None:
    port, _, _ = preview
    response = request(port, "/en/consult-card.pdf?download=1")
    assert (response.status, response.body) == (200, b"%PDF built")
    assert response.getheader("Cache-Control") == "no-store"
    assert request(port, "/en/notes.txt").body == b"the user's"
    head = request(port, "/en/consult-card.pdf", method="HEAD")
    assert head.status == 200 and head.getheader("Content-Length") == "10" and head.body == b""


def test_a_directory_is_never_listed(preview, tmp_path: Path) -> None:
    """send_head refuses a folder first; list_directory refuses too, should a folder get past it."""
    port, out, status = preview
    handler = Handler.__new__(Handler)
    sent: list[tuple[int, str]] = []
    handler.send_error = lambda code, message=None, explain=None: sent.append((code, message))  # type: ignore[method-assign]
    assert handler.list_directory(str(out)) is None and sent == [(404, "no directory listings")]
    assert request(port, "/en/").status == 404


def test_requests_are_logged_at_debug_with_the_clients_address(preview, caplog: pytest.LogCaptureFixture) -> None:
    port, _, _ = preview
    with caplog.at_level(logging.DEBUG, logger="generator.publish.serve"):
        request(port, "/en/consult-card.pdf")
    assert any(r.getMessage().startswith('127.0.0.1 "GET /en/consult-card.pdf HTTP/1.1" 200') for r in caplog.records)


def raw(port: int, request_line: str, host: str) -> bytes:
    """Everything the server writes for one request, until it closes the connection."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"{request_line}\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_refused_host_gets_the_refusal_and_nothing_else(preview, method: str) -> None:
    port, _, _ = preview
    answer = raw(port, f"{method} /en/consult-card.pdf HTTP/1.1", "evil.example")
    assert answer.startswith(b"HTTP/1.0 403 this preview answers only to 127.0.0.1 and localhost\r\n")
    assert answer.count(b"HTTP/1.0 ") == 1 and b"%PDF built" not in answer


def test_each_refusal_says_exactly_why_in_its_status_line(preview) -> None:
    port, out, _ = preview
    assert request(port, "/en/notes").reason == "not a file of this build"
    (out / "index.html").unlink()
    assert request(port, "/").reason == "no index yet: the first build is running"
    refused = request(port, "/en/consult-card.pdf", "evil")
    assert refused.reason == "this preview answers only to 127.0.0.1 and localhost"


def test_a_dotfile_or_a_backslash_is_refused_even_if_a_build_had_written_it(preview) -> None:
    """The manifest is the second answer: a name with a dot first or a backslash is refused before it."""
    port, out, _ = preview
    manifest = Manifest(out)
    for name in (".env", "en/.hidden.pdf", "en/a\\b.pdf"):
        (out / name).write_bytes(b"%PDF")
        manifest.own(out / name, b"%PDF")
    manifest.save()
    for path in ("/.env", "/en/.hidden.pdf", "/en/a%5Cb.pdf"):
        assert request(port, path).status == 404, path
    assert request(port, "/", method="HEAD").status == 404  # HEAD of the folder itself: no listing
