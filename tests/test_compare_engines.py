"""scripts/compare_engines.py: page bodies found, normalised and compared per page type; the exit code
says whether the engines agree within the documented allowance. The engine run is checked end to end
with a stand-in for Zensical (MkDocs again, writing where Zensical writes); the CI job 'engines' runs the
real one."""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
from pathlib import Path

import pytest
from sitebuild import subpath_build

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "compare_engines.py"
spec = importlib.util.spec_from_file_location("compare_engines", SCRIPT)
engines = importlib.util.module_from_spec(spec)
sys.modules["compare_engines"] = engines  # its dataclass looks its module up
spec.loader.exec_module(engines)

PAGE = """<html><body><header>menu</header>
<div class="md-content"><article class="md-content__inner md-typeset">{body}</article></div>
<footer>{footer}</footer></body></html>"""


def site(folder: Path, pages: dict[str, str], footer: str = "") -> Path:
    for name, body in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(PAGE.format(body=body, footer=footer), "utf-8")
    return folder


def test_the_body_is_the_content_element_with_nested_articles_and_whitespace_normalised():
    html = PAGE.format(
        body="\n  <h1>Titel</h1>\n\n <article class='card'> <p>a  b</p> </article>\n<p>na</p> ", footer=""
    )
    assert engines.body(html) == "<h1>Titel</h1><article class='card'><p>a b</p></article><p>na</p>"
    assert engines.body("<html><body><article class='other'>x</article></body></html>") is None


def test_the_engines_own_skip_target_is_not_part_of_the_body():
    plain = PAGE.format(body="<h1>Titel</h1>", footer="")
    zensical = PAGE.format(body='\n<a id="__skip" tabindex="-1"></a>\n<h1>Titel</h1>', footer="")
    assert engines.body(plain) == engines.body(zensical) == "<h1>Titel</h1>"
    moved = PAGE.format(body='<h1>Titel</h1><a id="__skip" tabindex="-1"></a>', footer="")
    assert engines.body(moved) != engines.body(plain)  # only at the start, where Zensical puts it


def test_page_types_are_the_first_folder():
    assert engines.page_type("aanbieders/0123/index.html") == "aanbieders"
    assert engines.page_type("404.html") == "(top)"


def test_bodies_are_compared_per_type_and_the_frame_around_them_does_not_count(tmp_path):
    ours = site(tmp_path / "a", {"index.html": "<h1>Home</h1>", "aanbieders/x/index.html": "<p>1</p>"})
    theirs = site(
        tmp_path / "b",
        {"index.html": "<h1>Home</h1>", "aanbieders/x/index.html": "<p>2</p>", "extra/index.html": "<p/>"},
        footer="another engine's footer",
    )
    counts = engines.compare(ours, theirs)
    assert set(counts) == {"(top)", "aanbieders", "extra"}
    assert (counts["(top)"].pages, counts["(top)"].identical) == (1, 1)
    assert counts["aanbieders"].differing == ["aanbieders/x/index.html"]
    assert "mkdocs …<p>1</p>… | zensical …<p>2</p>…" in counts["aanbieders"].examples[0]
    assert counts["extra"].only_zensical == ["extra/index.html"]
    problems = engines.verdict(counts, allowed={})
    assert problems == [
        "extra/index.html: built by zensical only",
        "1 page bodies differ beyond the allowance: aanbieders/x/index.html",
    ]
    assert engines.verdict(counts, allowed={"aanbieders/x/index.html": "why"}) == problems[:1]
    table = engines.table(counts)
    assert table.splitlines()[-2].split() == [
        "total",
        "3",
        "1",
        "1",
        "0",
        "1",
    ]  # the last line is the example


def stand_in(folder: Path, change: str = "") -> Path:
    """A 'zensical' that builds with MkDocs into the configuration's site_dir, optionally changing a body."""
    script = folder / "zensical"
    site_dir = '"$(dirname "$3")/html"'
    edit = f"sed -i 's|</article>|{change}</article>|' {site_dir}/over/index.html\n" if change else ""
    script.write_text(
        f'#!/bin/sh\nset -e\n"{sys.executable}" -m mkdocs build -q -f "$3" -d {site_dir}\n{edit}', "utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.skipif(os.name != "posix", reason="the stand-in is a shell script")
def test_the_script_builds_both_and_its_exit_says_whether_they_agree(tmp_path_factory, tmp_path, capsys):
    build = subpath_build(tmp_path_factory).out
    agree = engines.main(
        [str(build), "--zensical", str(stand_in(tmp_path)), "--json", str(tmp_path / "f.json")]
    )
    out = capsys.readouterr().out
    assert agree == 0, out
    assert "total" in out and "build time: mkdocs" in out and (tmp_path / "f.json").is_file()
    assert not (build / "html").exists() and not (build / engines.MKDOCS_SITE).exists()  # built in a copy
    differ = tmp_path / "differ"
    differ.mkdir()
    assert engines.main([str(build), "--zensical", str(stand_in(differ, "<p>anders</p>"))]) == 1
    assert "over/index.html" in capsys.readouterr().err
