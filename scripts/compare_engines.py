#!/usr/bin/env python3
"""Build a build's docs folder with MkDocs and with Zensical and compare the pages' bodies.

    scripts/compare-engines [BUILD] [--zensical CMD] [--work DIR] [--json FILE]

BUILD is the folder a `zorgspiegel build` wrote its configuration into: mkdocs.yml with docs/ and
overrides/ beside it (build/ without --out, the --out folder with it). The three are copied into a work
folder, so neither engine writes into the build (Zensical keeps a .cache/ beside the configuration), and
each engine builds them from the configuration alone: `mkdocs build -f` (this Python's MkDocs) and
`zensical build -f` (CMD, e.g. a separate virtual environment's zensical).

A page's body is the inner HTML of its content element (<article class="md-content__inner ...">, Material's
and Zensical's), with whitespace normalised (runs of white space become one space, white space between
tags goes) and what the engine itself puts into that element removed (ENGINE_FRAME: Zensical's skip
target). Per page type (the first folder of its path; "(top)" for pages at the root) the script prints how
many pages each engine built, how many bodies are identical, and for a few differing pages where they
first differ. It exits 1 when a page is built by one engine only or a body differs on a page the allowance
(ALLOWED: each page with the reason) does not name, and 2 when an engine fails. The allowance is short on
purpose: the bodies are Zorgspiegel's own HTML (templates, or Markdown through the same extensions), the
engine only frames them.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

COPIED = ("mkdocs.yml", "docs", "overrides")
MKDOCS_SITE = "mkdocs-site"  # in the work folder
CONTENT_CLASS = "md-content__inner"
#: What an engine puts into the content element of every page itself, removed before bodies are compared:
#: Zensical's target of its skip link (Material's is outside the element; Zorgspiegel's own skip link and
#: target, site_src/overrides/main.html, are on every page under both engines).
ENGINE_FRAME = (re.compile(r'^<a id="__skip" tabindex="-1"></a>'),)
#: The allowance: pages whose bodies may differ, and why. Every other difference fails the comparison.
ALLOWED = {
    "assets/vendor/index.html": (
        "site_src/assets/vendor/README.md rendered as a page; Zensical highlights its code block "
        '(<div class="highlight"><pre><span></span><code>), MkDocs, without pymdownx.highlight, does not'
    )
}
EXAMPLES = 3  # differing pages shown per page type
CONTEXT = 80  # characters shown either side of the first difference


class _Content(HTMLParser):
    """Finds the character span of the first <article> whose class names CONTENT_CLASS."""

    def __init__(self, lines: list[int]):
        super().__init__(convert_charrefs=False)
        self.line_starts, self.depth, self.start, self.end = lines, 0, None, None

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag != "article" or self.end is not None:
            return
        if self.start is not None:
            self.depth += 1
        elif CONTENT_CLASS in (dict(attrs).get("class") or "").split():
            self.start = self.position() + len(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag != "article" or self.start is None or self.end is not None:
            return
        if self.depth:
            self.depth -= 1
        else:
            self.end = self.position()


def body(html: str) -> str | None:
    """The content element's inner HTML with whitespace normalised; None when the page has none."""
    lines, total = [], 0
    for line in html.splitlines(keepends=True):
        lines.append(total)
        total += len(line)
    parser = _Content(lines or [0])
    parser.feed(html)
    parser.close()
    if parser.start is None or parser.end is None:
        return None
    inner = re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html[parser.start : parser.end])).strip()
    for frame in ENGINE_FRAME:
        inner = frame.sub("", inner)
    return inner


def page_type(page: str) -> str:
    """The page's type: the first folder of its path in the site, '(top)' for a page at the root."""
    return page.split("/", 1)[0] if "/" in page else "(top)"


def first_difference(a: str, b: str) -> str:
    """Where two bodies first differ, with a little context from each."""
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    lo = max(0, at - CONTEXT)
    return f"at {at}: mkdocs …{a[lo : at + CONTEXT]}… | zensical …{b[lo : at + CONTEXT]}…"


@dataclass
class TypeCount:
    """The comparison of one page type."""

    pages: int = 0  # built by either engine
    identical: int = 0
    differing: list[str] = field(default_factory=list)
    only_mkdocs: list[str] = field(default_factory=list)
    only_zensical: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


def html_pages(site: Path) -> dict[str, Path]:
    """Every HTML page of a built site by its path in the site."""
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*.html"))}


def compare(mkdocs_site: Path, zensical_site: Path) -> dict[str, TypeCount]:
    """The two sites' pages compared body by body, per page type."""
    ours, theirs = html_pages(mkdocs_site), html_pages(zensical_site)
    counts: dict[str, TypeCount] = defaultdict(TypeCount)
    for page in sorted(ours.keys() | theirs.keys()):
        count = counts[page_type(page)]
        count.pages += 1
        if page not in theirs:
            count.only_mkdocs.append(page)
            continue
        if page not in ours:
            count.only_zensical.append(page)
            continue
        a, b = body(ours[page].read_text("utf-8")), body(theirs[page].read_text("utf-8"))
        if a == b and a is not None:
            count.identical += 1
            continue
        count.differing.append(page)
        if len(count.examples) < EXAMPLES:
            detail = "no content element" if a is None or b is None else first_difference(a, b)
            allowed = f" (allowed: {ALLOWED[page]})" if page in ALLOWED else ""
            count.examples.append(f"{page}: {detail}{allowed}")
    return dict(sorted(counts.items()))


def verdict(counts: dict[str, TypeCount], allowed: dict[str, str] = ALLOWED) -> list[str]:
    """Why the comparison fails (empty when it passes): a page built by one engine only, or a differing
    body on a page `allowed` does not name."""
    problems = [
        f"{page}: built by {engine} only"
        for count in counts.values()
        for engine, pages in (("mkdocs", count.only_mkdocs), ("zensical", count.only_zensical))
        for page in pages
    ]
    differing = [page for count in counts.values() for page in count.differing if page not in allowed]
    if differing:
        problems.append(
            f"{len(differing)} page bodies differ beyond the allowance: {', '.join(differing[:5])}"
        )
    return problems


def table(counts: dict[str, TypeCount]) -> str:
    """The per-type counts as a text table, with the examples of differing pages below it."""
    rows = [("page type", "pages", "identical", "differ", "mkdocs only", "zensical only")]
    for name, c in counts.items():
        rows.append((name, c.pages, c.identical, len(c.differing), len(c.only_mkdocs), len(c.only_zensical)))
    total = [sum(row[i] for row in rows[1:]) for i in range(1, 6)]
    rows.append(("total", *total))
    widths = [max(len(str(row[i])) for row in rows) for i in range(6)]
    lines = [
        "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths)))
        for row in rows
    ]
    lines += [f"  {example}" for c in counts.values() for example in c.examples]
    return "\n".join(lines)


def run(command: list[str], cwd: Path) -> float:
    """Run an engine; return its wall time in seconds. Exits 2 with its output when it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(
            f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-4000:]}\n"
        )
        sys.exit(2)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Copy the build's configuration folder, build it with both engines, compare, print, exit."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "build", nargs="?", type=Path, default=Path("build"), help="folder with mkdocs.yml, docs/, overrides/"
    )
    ap.add_argument("--zensical", default="zensical", help="the zensical command (default: zensical on PATH)")
    ap.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed afterwards)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    missing = [name for name in COPIED if not (args.build / name).exists()]
    if missing:
        ap.error(f"{args.build} has no {', '.join(missing)}: run `zorgspiegel build` first")
    work = args.work or Path(tempfile.mkdtemp(prefix="compare-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for name in COPIED:
            source, target = args.build / name, work / name
            shutil.rmtree(target, ignore_errors=True)
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target)
        config, ours = work / "mkdocs.yml", work / MKDOCS_SITE
        commands = {
            "mkdocs": [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(ours)],
            "zensical": [args.zensical, "build", "-f", str(config)],  # into the configuration's site_dir
        }
        times = {engine: run(command, work) for engine, command in commands.items()}
        counts = compare(ours, work / _site_dir(config))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(counts))
    print(f"build time: mkdocs {times['mkdocs']:.1f} s, zensical {times['zensical']:.1f} s")
    problems = verdict(counts)
    if args.json:
        figures = {name: asdict(count) for name, count in counts.items()}
        args.json.write_text(
            json.dumps({"types": figures, "seconds": times, "problems": problems}, indent=1) + "\n"
        )
    for problem in problems:
        print(f"compare-engines: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _site_dir(config: Path) -> str:
    """The site_dir the configuration names (where Zensical writes: it takes no -d)."""
    return yaml.safe_load(config.read_text("utf-8")).get("site_dir") or "site"


if __name__ == "__main__":
    sys.exit(main())
