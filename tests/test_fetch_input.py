"""scripts/fetch_input.py: the monthly workflow's intake from a folder or an HTTPS archive, and the
hostile archives and servers it refuses (issue 13, item 8). HTTPS is faked in-process and plain HTTP
is a server on localhost: no test touches the network."""

import email.message
import http.server
import importlib.util
import io
import stat
import tarfile
import threading
import urllib.request
import urllib.response
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fetch_input.py"
spec = importlib.util.spec_from_file_location("fetch_input", SCRIPT)
fetch_input = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fetch_input)

MiB = 1024 * 1024


def zip_bytes(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return out.getvalue()


def tar_gz_bytes(members: list[tarfile.TarInfo], data: dict[str, bytes]) -> bytes:
    """A .tar.gz of the given members; a regular member's content comes from data[name]."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tf:
        for info in members:
            content = data.get(info.name, b"")
            if info.isfile():
                info.size = len(content)
            tf.addfile(info, io.BytesIO(content) if info.isfile() else None)
    return out.getvalue()


def tar_member(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    return info


def leftovers(folder: Path) -> list[str]:
    """Names in folder that a fetch or unpack left behind (work and staging folders start with '.')."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


class CountingBody(io.RawIOBase):
    """A response body of `size` zero bytes that counts how many were read."""

    def __init__(self, size: int):
        self.size, self.served = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.served)
        buffer[:n] = bytes(n)
        self.served += n
        return n


@pytest.fixture
def https(monkeypatch):
    """Fake HTTPS: routes[url] = (status, headers, body). Anything else is a 404; nothing leaves the test."""
    routes = {}

    def https_open(handler, req):
        status, headers, body = routes.get(req.full_url, (404, {}, b""))
        message = email.message.Message()
        for key, value in headers.items():
            message[key] = value
        fp = io.BufferedReader(body) if isinstance(body, io.RawIOBase) else io.BytesIO(body)
        response = urllib.response.addinfourl(fp, message, req.full_url, status)
        response.msg = "OK" if status == 200 else "Found"
        return response

    monkeypatch.setattr(urllib.request.HTTPSHandler, "https_open", https_open)
    return routes


@pytest.fixture
def http_server():
    """A plain HTTP server on localhost serving a valid intake zip at /in.zip; .requests lists the paths."""
    body = zip_bytes({"intake.yaml": "tables: {}"})
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.requests = requests
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


# ---------------------------------------------------------------- what it does


def test_folder_is_copied(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "intake.yaml").write_text("tables: {}")
    assert fetch_input.main(["x", str(tmp_path / "src"), str(tmp_path / "dest")]) == 0
    assert (tmp_path / "dest" / "intake.yaml").is_file()
    as_the_workflow_calls_it = ["x", "--", str(tmp_path / "src"), str(tmp_path / "d2")]
    assert fetch_input.main(as_the_workflow_calls_it) == 0


def test_zip_with_one_top_folder_is_lifted(tmp_path):
    archive = zip_bytes({"release-2026-11/intake.yaml": "x", "release-2026-11/r.csv": "a"})
    fetch_input.unpack(archive, "https://x/in.zip", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["intake.yaml", "r.csv"]


def test_tar_gz_is_unpacked(tmp_path):
    data = {"intake.yaml": b"tables: {}"}
    fetch_input.unpack(tar_gz_bytes([tar_member("intake.yaml")], data), "https://x/in.tar.gz", tmp_path)
    assert (tmp_path / "intake.yaml").read_text() == "tables: {}"


@pytest.mark.parametrize("name", ["../evil.csv", "/etc/evil.csv", "a/../../evil.csv"])
def test_members_outside_the_folder_are_refused(tmp_path, name):
    with pytest.raises(SystemExit, match="outside the intake folder"):
        fetch_input.unpack(zip_bytes({name: "x"}), "https://x/in.zip", tmp_path / "dest")
    assert not (tmp_path / "evil.csv").exists()


def test_plain_http_and_a_folder_without_intake_yaml_are_refused(tmp_path):
    assert fetch_input.main(["x", "http://example.org/in.zip", str(tmp_path / "a")]) == 2
    (tmp_path / "empty").mkdir()
    assert fetch_input.main(["x", str(tmp_path / "empty"), str(tmp_path / "b")]) == 2


def test_an_https_archive_is_downloaded_and_unpacked_after_an_https_redirect(tmp_path, https):
    https["https://intake.test/latest"] = (302, {"Location": "https://cdn.test/in.zip?sig=secret"}, b"")
    https["https://cdn.test/in.zip?sig=secret"] = (200, {}, zip_bytes({"r/intake.yaml": "tables: {}"}))
    assert fetch_input.main(["x", "https://intake.test/latest", str(tmp_path / "dest")]) == 0
    assert leftovers(tmp_path) == ["dest"] and (tmp_path / "dest" / "intake.yaml").is_file()


# ---------------------------------------------------------------- hostile servers


@pytest.mark.parametrize("scheme", ["http", "ftp"])
def test_a_redirect_away_from_https_is_refused(tmp_path, https, http_server, capsys, scheme):
    target = http_server.url.replace("http", scheme, 1) + "/in.zip?token=abc"
    https["https://intake.test/in.zip"] = (302, {"Location": target}, b"")
    assert fetch_input.main(["x", "https://intake.test/in.zip", str(tmp_path / "dest")]) == 2
    message = capsys.readouterr().err.strip()
    assert message == (
        f"fetch_input: https://.../in.zip redirects (302) to {scheme}://.../in.zip: "
        "only https:// is followed"
    ), "one line; the secret intake address is not shown"
    assert http_server.requests == [] and leftovers(tmp_path) == []


def test_a_download_is_streamed_and_stops_at_the_size_cap(tmp_path, https, capsys):
    body = CountingBody(64 * MiB)  # no Content-Length: the server does not say how much is coming
    https["https://intake.test/in.zip"] = (200, {}, body)
    command = ["x", "--max-download", "2M", "https://intake.test/in.zip", str(tmp_path / "dest")]
    assert fetch_input.main(command) == 2
    message = capsys.readouterr().err.strip()
    assert message == "fetch_input: https://.../in.zip is larger than --max-download 2 MiB"
    assert body.served <= 2 * MiB + 2 * fetch_input.CHUNK, "read no further than the cap"
    assert leftovers(tmp_path) == []


def test_an_announced_oversized_download_is_refused_before_reading(tmp_path, https, capsys):
    body = CountingBody(10 * MiB)
    https["https://intake.test/in.zip"] = (200, {"Content-Length": str(10 * 1024**3)}, body)
    assert fetch_input.main(["x", "https://intake.test/in.zip", str(tmp_path / "dest")]) == 2
    assert "larger than --max-download 2 GiB (Content-Length 10 GiB)" in capsys.readouterr().err
    assert body.served == 0 and leftovers(tmp_path) == []


# ---------------------------------------------------------------- hostile archives


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    bomb = zip_bytes({"intake.yaml": "tables: {}", "results.csv": bytes(4 * MiB)})  # 4 KiB packed
    rule = r"in\.zip: member 'results\.csv' refused: it expands \d+:1 .* --max-ratio 100:1"
    with pytest.raises(SystemExit, match=rule):
        fetch_input.unpack(bomb, "https://x/in.zip", tmp_path / "dest")
    assert leftovers(tmp_path) == []


def test_a_zip_over_the_total_size_and_member_caps_is_refused_before_unpacking(tmp_path, https, capsys):
    files = {"intake.yaml": "tables: {}", **{f"r{i}.csv": "a,b\n" * 300 for i in range(5)}}
    https["https://intake.test/in.zip"] = (200, {}, zip_bytes(files))
    url, dest = "https://intake.test/in.zip", str(tmp_path / "dest")
    assert fetch_input.main(["x", "--max-unpacked", "3K", url, dest]) == 2
    assert capsys.readouterr().err.strip() == (
        "fetch_input: in.zip: member 'r2.csv' refused: "
        "the archive unpacks to more than --max-unpacked 3 KiB"
    )
    assert fetch_input.main(["x", "--max-members", "4", url, dest]) == 2
    assert "member 'r3.csv' refused: more than --max-members 4 members" in capsys.readouterr().err
    assert leftovers(tmp_path) == []
    assert fetch_input.main(["x", url, dest]) == 0


def test_a_tar_gz_bomb_is_refused_before_it_is_read_through(tmp_path):
    bomb = tar_gz_bytes(
        [tar_member("intake.yaml"), tar_member("results.csv")],
        {"intake.yaml": b"tables: {}", "results.csv": bytes(8 * MiB)},
    )
    rule = r"in\.tar\.gz: member 'results\.csv' refused: .* more than --max-ratio 100:1"
    with pytest.raises(SystemExit, match=rule):
        fetch_input.unpack(bomb, "https://x/in.tar.gz", tmp_path / "dest")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("kind", "linkname", "rule"),
    [
        (tarfile.SYMTYPE, "/etc/passwd", "a symbolic link to '/etc/passwd'"),
        (tarfile.SYMTYPE, "intake.yaml", "a symbolic link to 'intake.yaml'"),
        (tarfile.LNKTYPE, "intake.yaml", "a hard link to 'intake.yaml'"),
        (tarfile.CHRTYPE, "", "a character device"),
    ],
)
def test_tar_links_and_devices_are_refused_with_nothing_unpacked(tmp_path, kind, linkname, rule):
    archive = tar_gz_bytes(
        [tar_member("intake.yaml"), tar_member("data", kind, linkname)], {"intake.yaml": b"tables: {}"}
    )
    with pytest.raises(SystemExit) as refused:
        fetch_input.unpack(archive, "https://x/in.tar.gz", tmp_path / "dest")
    assert str(refused.value.code) == (
        f"fetch_input: in.tar.gz: member 'data' refused: {rule}; " "only files and folders are unpacked"
    )
    assert leftovers(tmp_path) == [], "the intake.yaml before the link was not unpacked either"


def test_a_zip_symlink_entry_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("intake.yaml", "tables: {}")
        link = zipfile.ZipInfo("results.csv")
        link.create_system, link.external_attr = 3, (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(SystemExit, match="member 'results.csv' refused: symbolic links are not unpacked"):
        fetch_input.unpack(out.getvalue(), "https://x/in.zip", tmp_path / "dest")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["../evil.csv", "/etc/evil.csv", "r/../../evil.csv"])
def test_path_traversal_is_refused_end_to_end_with_nothing_left(tmp_path, https, capsys, name):
    https["https://intake.test/in.tar.gz"] = (
        200,
        {},
        tar_gz_bytes(
            [tar_member("intake.yaml"), tar_member(name)], {"intake.yaml": b"tables: {}", name: b"x"}
        ),
    )
    assert fetch_input.main(["x", "https://intake.test/in.tar.gz", str(tmp_path / "dest")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"fetch_input: in.tar.gz: member {name!r} refused: it would "
        "be written outside the intake folder (absolute path or '..')"
    )
    assert leftovers(tmp_path) == []


def test_a_broken_archive_is_a_message_not_a_traceback(tmp_path, https, capsys):
    https["https://intake.test/in.tar.gz"] = (200, {}, b"\x1f\x8b\x08\x00 not really gzip")
    assert fetch_input.main(["x", "https://intake.test/in.tar.gz", str(tmp_path / "dest")]) == 2
    assert capsys.readouterr().err.startswith("fetch_input: in.tar.gz: not a readable .zip or .tar.gz")
    assert leftovers(tmp_path) == []


def test_help_names_the_limits(capsys):
    assert fetch_input.main(["x", "--help"]) == 0
    text = capsys.readouterr().out
    for option in ("--max-download SIZE", "--max-unpacked SIZE", "--max-members N", "--max-ratio N"):
        assert option in text
