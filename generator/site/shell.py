"""Entity pages straight into the theme's HTML shell, without a MkDocs page build each.

A national release has tens of thousands of generated pages one level below a section (aanbieders/<id>/,
indicatoren/<id>/, regio/<id>/, …). Every one of them is the same Material page around its own title,
description, canonical address and body, and its links are relative to its section, the same for every
page of that section. So MkDocs builds one placeholder page per section (its title, description and body
are sentinels); its HTML, split at the sentinels, is the section's shell, and each entity page is its
shell with the page's own values filled in: the bytes MkDocs would have written, in a fraction of the
time. The hand-written pages and the overview pages stay MkDocs pages.
"""

from __future__ import annotations

import gzip
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.core import background
from generator.site.mkdocs import SEARCH_MARK, with_csp
from generator.site.page import frame, page_text, read_page

#: The placeholder page of each section is <section>/<PLACEHOLDER>.md (URL <section>/<PLACEHOLDER>/).
PLACEHOLDER = "zs-shell-7d1c"
TITLE, DESCRIPTION, BODY = "ZsShellTitle7d1c", "ZsShellDescription7d1c", "ZsShellBody7d1c"
SENTINELS = re.compile(f"({TITLE}|{DESCRIPTION}|{BODY}|{PLACEHOLDER})")
#: A page the shell can build: one folder below a section, as its index page.
ENTITY_PAGE = re.compile(r"(?P<section>[^/]+)/(?P<id>[^/]+)/index\.md")


@dataclass(frozen=True)
class EntityPage:
    """A generated page built from its section's shell. Its text is read from the docs folder when it is
    filled in: holding every page through the MkDocs build would take a GB at national size."""

    section: str
    id: str

    @property
    def html_path(self) -> str:
        """Where the page's HTML goes in the site."""
        return f"{self.section}/{self.id}/index.html"


def entity_pages(docs: dict[str, str]) -> dict[str, EntityPage]:
    """The pages of `docs` (path -> text of the docs folder) that the shell builds, by their docs path.

    A page qualifies when it lies one folder below a section (<section>/<id>/index.md), page_text()
    wrote it and it has a description (without one, the theme falls back to the site's description).
    """
    return {path: page for path, text in docs.items() if (page := entity_page(path, text)) is not None}


def entity_page(path: str, text: str) -> EntityPage | None:
    """The page the shell builds from the docs page at `path` with `text`, or None (see entity_pages)."""
    match = ENTITY_PAGE.fullmatch(path)
    meta = read_page(text) if match and not SENTINELS.search(text) else None
    if meta is not None and meta.get("description"):
        return EntityPage(match["section"], match["id"])
    return None


def placeholders(pages: dict[str, EntityPage]) -> dict[str, str]:
    """The placeholder page (docs path -> text) of every section that has shell pages."""
    return {placeholder_path(s): page_text(TITLE, DESCRIPTION, BODY) for s in sections(pages)}


def sections(pages: dict[str, EntityPage]) -> list[str]:
    """The sections of the shell pages."""
    return sorted({p.section for p in pages.values()})


def placeholder_path(section: str) -> str:
    """The docs path of a section's placeholder page."""
    return f"{section}/{PLACEHOLDER}.md"


def exclude_pattern(pages: dict[str, EntityPage], paths) -> str:
    """The exclude_docs lines (gitignore style) that keep the shell's pages out of the MkDocs build: one
    pattern per section, and the section's other pages of `paths` (the docs paths) let back in."""
    kept = sections(pages)
    back = [p for p in paths if p not in pages and (m := ENTITY_PAGE.fullmatch(p)) and m["section"] in kept]
    return "".join([f"/{section}/*/index.md\n" for section in kept] + [f"!/{p}\n" for p in sorted(back)])


class Shell:
    """A section's page HTML cut at the sentinels: fill() puts a page's own values in."""

    def __init__(self, html: str):
        self.parts = SENTINELS.split(html.replace(frame(BODY), BODY))  # a page's body comes framed
        found = sorted(set(self.parts[1::2]))
        if not {TITLE, DESCRIPTION, BODY} <= set(found) or self.parts[1::2].count(BODY) != 1:
            raise ValueError(f"the placeholder page lacks a sentinel or has the body twice: {found}")

    def fill(self, page: EntityPage, text: str) -> str:
        """The page's HTML from its page text: the shell with its title, description, body and address."""
        meta = read_page(text)
        values = {
            TITLE: meta["title"],
            DESCRIPTION: meta["description"],
            BODY: meta["zs_body"],
            PLACEHOLDER: page.id,
        }
        return "".join(values.get(part, part) if i % 2 else part for i, part in enumerate(self.parts))


PAGE_BLOCK = 500  # shell pages a process takes at a time
SHARED_FROM = 2 * PAGE_BLOCK  # with fewer pages, a helper process would cost more than it saves


def fill_pages(
    site_dir: Path, cut: dict[str, Shell], pages: list[tuple[str, EntityPage]], blocks, docs_dir: Path
) -> dict[str, bool]:
    """Write the HTML (with its CSP) of the shell pages of the given blocks of `pages` (docs path, page)
    into site_dir, each its section's shell `cut` filled with its page text in docs_dir; return their site
    paths, each with whether it has the search mark."""
    done = {}
    for number in blocks:
        for path, page in pages[number * PAGE_BLOCK : (number + 1) * PAGE_BLOCK]:
            html = cut[page.section].fill(page, (docs_dir / path).read_text("utf-8"))
            target = site_dir / page.html_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(with_csp(html, page.html_path), "utf-8")
            done[page.html_path] = SEARCH_MARK in html
    return done


SITEMAP_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)
LOC = re.compile(r"<loc>(.*?)</loc>")


def walk_key(path: str) -> tuple:
    """The place of a docs path in MkDocs' order (os.walk, folders sorted, a folder's files before its
    subfolders, index.md first): the order of its sitemap."""
    *folders, name = path.split("/")
    stem = name.rsplit(".", 1)[0]
    return (*((1, f) for f in folders), (0, stem not in ("index", "README"), name))


def sitemap_with(sitemap: str, pages: dict[str, EntityPage], order: list[str]) -> str:
    """MkDocs' sitemap with an entry for every shell page (made from its placeholder's entry), each in
    the place MkDocs would have given it; the placeholders' entries leave. `order`: the docs paths."""
    found = list(SITEMAP_ENTRY.finditer(sitemap))
    entries = {LOC.search(m.group()).group(1): m.group() for m in found}
    if not entries:
        return sitemap  # no site_url: no page has an address, the sitemap is empty
    base = next(iter(entries))  # the home page's address, the site's (index.md comes first)
    out = []
    for path in sorted((p for p in order if p.endswith(".md")), key=walk_key):
        page = pages.get(path)
        if page is not None:
            out.append(entries[base + page_url(placeholder_path(page.section))].replace(PLACEHOLDER, page.id))
        elif PLACEHOLDER not in path:
            out.append(entries.pop(base + page_url(path), ""))
    out += [e for loc, e in entries.items() if PLACEHOLDER not in loc]  # none expected: kept, not lost
    return sitemap[: found[0].start()] + "".join(out) + sitemap[found[-1].end() :]


def page_url(path: str) -> str:
    """A docs page's address below the site (MkDocs' directory URLs)."""
    folder, _, stem = path[: -len(".md")].rpartition("/")
    folder = f"{folder}/" if folder else ""
    return folder if stem in ("index", "README") else f"{folder}{stem}/"


def build_pages(
    site_dir: Path, pages: dict[str, EntityPage], order: list[str], docs_dir: Path
) -> dict[str, bool]:
    """After MkDocs built site_dir with the placeholders: write every shell page (with its CSP) into it,
    remove the placeholders and list the pages in the sitemap; return the written pages' site paths, each
    with whether it has the search mark (mkdocs.SEARCH_MARK).
    `order` is every path of the docs folder docs_dir (for the sitemap's order)."""
    shells = {}
    for section in sections(pages):
        folder = site_dir / section / PLACEHOLDER
        shells[section] = (folder / "index.html").read_text("utf-8")
        shutil.rmtree(folder)
    cut, items = {section: Shell(html) for section, html in shells.items()}, list(pages.items())
    claims = background.Claims(-(-len(items) // PAGE_BLOCK))
    if len(items) < SHARED_FROM:
        done = fill_pages(site_dir, cut, items, claims, docs_dir)
    else:  # a forked helper fills pages beside this process, a block at a time
        with background.Background(fill_pages, site_dir, cut, items, claims, docs_dir) as helper:
            done = fill_pages(site_dir, cut, items, claims, docs_dir)
            done |= helper.result()
    done = {page.html_path: done[page.html_path] for page in pages.values()}  # in the pages' order
    sitemap, packed = site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"
    if sitemap.is_file():
        text = sitemap_with(sitemap.read_text("utf-8"), pages, order).encode("utf-8")
        sitemap.write_bytes(text)
        if packed.is_file():  # packed again as MkDocs packs it, with the time its header has
            mtime = int.from_bytes(packed.read_bytes()[4:8], "little")
            with packed.open("wb") as fh, gzip.GzipFile(str(packed), "wb", fileobj=fh, mtime=mtime) as gz:
                gz.write(text)
    return done
