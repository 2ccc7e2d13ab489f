"""The streamed render (site/render.py render_pages, site_build.SiteFiles): every generated file goes to
disk as it is rendered, to the one place that decides where it goes, and the files are those render_site
collects in memory."""

from __future__ import annotations

import os

import pytest

from generator import site_build
from generator.demo.generate import generate_demo, intake_yaml
from generator.pipeline import build_release
from generator.publish import writer
from generator.site import render, stream
from generator.site.mkdocs import hand_written_files
from generator.site.page import page_text


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A small demo release, built once for this module."""
    folder = tmp_path_factory.mktemp("demo-intake")
    writer.write_intake_folder(folder, generate_demo(providers=30, seed=5), intake_yaml())
    return build_release(folder, "2026-11")


class Stop(Exception):
    """Raised by a put() to end the render at its first file."""


class First:
    """A sink that ends the render at the first file it is sent."""

    def __init__(self):
        self.seen = []

    def put(self, path, text):
        self.seen.append(path)
        raise Stop


def test_the_first_file_is_put_before_the_next_is_rendered(demo):
    sink = First()
    with pytest.raises(Stop):
        render.render_pages(demo.public, sink)
    assert len(sink.seen) == 1


class Logged:
    """A sink that writes each file into a folder and logs which process wrote which path."""

    def __init__(self, folder):
        self.folder, self.log = folder, folder.with_suffix(".log")

    def put(self, path, text):
        writer.write_file(self.folder, path, text)
        with self.log.open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {path}\n")

    def noted(self):
        return os.getpid()

    def merge(self, noted):
        assert noted != os.getpid()


def tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_render_split_with_a_helper_process_gives_the_same_files(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "PROVIDER_BLOCK", 2)  # many blocks, for both processes to take some
    alone, split = Logged(tmp_path / "alone"), Logged(tmp_path / "split")
    render.render_pages(demo.public, alone)
    render.render_pages(demo.public, split, ready=lambda: True)
    assert tree(alone.folder) == tree(split.folder)
    writers = {}
    for line in split.log.read_text("utf-8").splitlines():
        pid, path = line.split(" ", 1)
        writers.setdefault(pid, []).append(path)
    assert len(writers) == 2 and all(any(p.startswith("aanbieders/") for p in w) for w in writers.values())
    paths = [path for w in writers.values() for path in w]
    assert len(paths) == len(set(paths)) == len(tree(split.folder))  # every file rendered once


def test_site_files_writes_each_file_where_it_goes_and_keeps_no_text(demo, tmp_path):
    docs_dir, static = tmp_path / "docs", tmp_path / "gen" / ".static"
    with site_build.SiteFiles(docs_dir, static) as files:
        render.render_pages(demo.public, files, ready=lambda: True)
        files.put_all(render.release_files(demo.public, []))
        assert not [v for v in vars(files).values() if isinstance(v, str | bytes)]
        expected = render.render_site(demo.public, [])
        for path, text in expected.items():
            where = files.docs if path.endswith(".md") else static
            assert (where / path).read_text("utf-8") == text, path
        assert not [p for p in expected if not p.endswith(".md") and (files.docs / p).exists()]
        order = files.swap_in()
    assert not files.docs.exists() and (docs_dir / "index.md").is_file()
    wanted = {p for p in expected if p.endswith(".md")} | set(hand_written_files())
    assert wanted <= set(order)
    sections = {p.section for p in files.entity_pages.values()}
    assert {p for p in order if "zs-shell" in p} == {f"{s}/zs-shell-7d1c.md" for s in sections}
    first = demo.public.providers["provider_id"].iloc[0]
    assert f"aanbieders/{first}/index.md" in files.entity_pages and "indicatoren" in sections


def test_a_later_text_of_an_entity_page_replaces_it(tmp_path):
    with site_build.SiteFiles(tmp_path / "docs", tmp_path / ".static") as files:
        files.put("aanbieders/a/index.md", page_text("A", "Over A", "<p>a</p>"))
        assert list(files.entity_pages) == ["aanbieders/a/index.md"]
        files.put("aanbieders/a/index.md", "# A, hand-made\n")
        assert files.entity_pages == {}
        assert (files.docs / "aanbieders/a/index.md").read_text("utf-8") == "# A, hand-made\n"


def test_a_failed_render_leaves_no_folder_behind(tmp_path):
    with pytest.raises(Stop), site_build.SiteFiles(tmp_path / "docs", tmp_path / ".static") as files:
        files.put("a.json", "{}\n")
        files.put("b/index.md", "# B\n")
        raise Stop
    assert sorted(p.name for p in tmp_path.iterdir()) == []
