"""The theme shell (generator/site/shell.py): entity pages filled into their section's placeholder page
must come out as MkDocs itself builds them, sitemap included; and a page's text must read back as
MkDocs (PyYAML) reads its front matter."""

from __future__ import annotations

import gzip

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.publish import writer
from generator.site import mkdocs as site
from generator.site import mkdocs_config, shell
from generator.site.page import front_matter_safe, page_text, read_page

HOSTILE = 'Zorg & <i>co</i> "quoted" \u00e9\u00e8 \\ back \t tab: colon # hash'
BODY = (
    '<section data-pagefind-body>\n  <h1>Kop</h1>\n\n    indented line\n<script>var x = "</p>";</script>\n'
    '<script type="application/json">{"a": 1}</script>\n</section>'
)


def docs() -> dict[str, str]:
    """A small docs folder: hand-written pages, overview pages and entity pages of two sections, one of
    them without a description (MkDocs builds that one)."""
    return {
        "index.md": "# Home\n\nWelkom.\n",
        "aanbieders/index.md": page_text("Alle aanbieders", "Alle", "<p>lijst</p>"),
        "aanbieders/0123/index.md": page_text(HOSTILE, "Over " + HOSTILE, BODY),
        "aanbieders/AB-9/index.md": page_text("Tweede", "Een tweede aanbieder", "<p>twee</p>"),
        "aanbieders/zonder/index.md": page_text("Zonder beschrijving", "", "<p>geen</p>"),
        "regio/noord/index.md": page_text("Noord", "Regio Noord", "<p>noord</p>", search=True),
        "methode/index.md": "# Methode\n\nTekst.\n",
    }


def build(tmp_path, name: str, files: dict[str, str], exclude: str = ""):
    writer.write_files(tmp_path / f"{name}-docs", files)
    out = tmp_path / f"{name}-site"
    extra = {"demo": True, "release": "2026-01"}
    config = mkdocs_config.config_path(tmp_path / f"{name}-docs").with_name(f"{name}-mkdocs.yml")
    writer.replace_folder(config.parent / mkdocs_config.OVERRIDES_DIR, mkdocs_config.overrides())
    text = mkdocs_config.config_file(f"{name}-docs", extra, "nl", "https://example.org/zs/", exclude)
    writer.write_bytes(config, text)
    site.mkdocs_build(config, out)
    return out


@pytest.mark.parametrize("shared", [False, True], ids=["one-process", "with-a-helper"])
def test_shell_pages_are_the_bytes_mkdocs_builds(tmp_path, monkeypatch, shared):
    if shared:  # a page a block and a helper process from the first page on
        monkeypatch.setattr(shell, "PAGE_BLOCK", 1)
        monkeypatch.setattr(shell, "SHARED_FROM", 0)
    plain = build(tmp_path, "plain", docs())
    site.add_csp(plain)
    pages = shell.entity_pages(docs())
    assert sorted(pages) == ["aanbieders/0123/index.md", "aanbieders/AB-9/index.md", "regio/noord/index.md"]
    files = docs() | shell.placeholders(pages)
    shelled = build(tmp_path, "shell", files, shell.exclude_pattern(pages, files))
    assert not (shelled / "aanbieders/0123/index.html").exists()  # MkDocs left it to the shell
    done = shell.build_pages(shelled, pages, list(files), tmp_path / "shell-docs")
    assert done == {p.html_path: "data-pagefind-body" in files[path] for path, p in pages.items()}
    assert list(done) == [p.html_path for p in pages.values()]  # in the pages' order, whoever wrote them
    site.add_csp(shelled, done)
    for path in sorted(plain.rglob("*")):
        rel = path.relative_to(plain)
        if path.is_file() and rel.suffix in (".html", ".xml", ".gz"):
            assert (shelled / rel).read_bytes() == path.read_bytes(), rel
    assert not list(shelled.rglob(f"*{shell.PLACEHOLDER}*"))
    assert "aanbieders/AB-9/" in gzip.decompress((shelled / "sitemap.xml.gz").read_bytes()).decode()


def test_a_shell_without_its_sentinels_is_refused():
    with pytest.raises(ValueError, match="sentinel"):
        shell.Shell(f"<html><title>{shell.TITLE}</title><body>{shell.BODY}{shell.BODY}</body></html>")


def test_only_pages_one_folder_below_a_section_with_a_description_are_taken():
    text = page_text("T", "D", "<p>b</p>")
    taken = shell.entity_pages(
        {
            "a/b/index.md": text,
            "a/index.md": text,
            "a/b/c/index.md": text,
            "a/b.md": text,
            "x/y/index.md": "# Y",
        }
    )
    assert list(taken) == ["a/b/index.md"]


texts = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(title=texts, description=texts, body=st.lists(texts, max_size=5).map("\n".join))
def test_a_page_reads_back_as_pyyaml_reads_its_front_matter(title, description, body):
    text = page_text(front_matter_safe(title), front_matter_safe(description), front_matter_safe(body))
    mine = read_page(text)
    theirs = yaml.safe_load(text[4 : -len("---\n")])
    assert mine == theirs


def test_pagefind_reads_the_marked_pages_and_only_those(tmp_path):
    for path, html in {
        "a/index.html": "<div data-pagefind-body>",
        "b/index.html": "<p>",
        "c/index.html": "",
    }.items():
        (tmp_path / path).parent.mkdir(parents=True)
        (tmp_path / path).write_text(html)
    done = {"c/index.html": True, "d/index.html": False}  # written by the shell: their mark as it said
    assert sorted(site.marked_pages(tmp_path, done)) == ["a/index.html", "c/index.html"]
    assert site.marked_pages(tmp_path, {"x{y}/index.html": True}) is None  # not plain in a glob


def test_no_page_of_the_navigation_is_left_to_the_shell():
    """A page in the nav is marked active in its own HTML, which a section's shell cannot know."""
    from generator.site.mkdocs_config import MKDOCS_YML

    def paths(nav):
        for item in nav if isinstance(nav, list) else [nav]:
            for value in item.values() if isinstance(item, dict) else [item]:
                yield from paths(value) if isinstance(value, list | dict) else [value]

    nav = list(paths(yaml.safe_load(MKDOCS_YML.read_text("utf-8"))["nav"]))
    assert "index.md" in nav and "methode/onderdrukking.md" in nav
    assert not [p for p in nav if shell.ENTITY_PAGE.fullmatch(p)]
