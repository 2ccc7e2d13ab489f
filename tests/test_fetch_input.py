"""scripts/fetch_input.py: the monthly workflow's intake from a folder or an HTTPS archive."""

import importlib.util
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("fetch_input", Path(__file__).resolve().parents[1] / "scripts" / "fetch_input.py")
fetch_input = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fetch_input)


def zip_bytes(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return out.getvalue()


def test_folder_is_copied(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "intake.yaml").write_text("tables: {}")
    assert fetch_input.main(["x", str(tmp_path / "src"), str(tmp_path / "dest")]) == 0
    assert (tmp_path / "dest" / "intake.yaml").is_file()


def test_zip_with_one_top_folder_is_lifted(tmp_path):
    fetch_input.unpack(zip_bytes({"release-2026-11/intake.yaml": "x", "release-2026-11/r.csv": "a"}), "https://x/in.zip", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["intake.yaml", "r.csv"]


def test_tar_gz_is_unpacked(tmp_path):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tf:
        data = b"tables: {}"
        info = tarfile.TarInfo("intake.yaml")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    fetch_input.unpack(out.getvalue(), "https://x/in.tar.gz", tmp_path)
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
