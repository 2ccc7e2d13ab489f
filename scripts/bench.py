"""Benchmark a national-size Zorgspiegel build and what a visitor downloads.

    scripts/bench [--providers 10000] [--out DIR] [--skip-plain] [--skip-browser] [--skip-rebuild]
                  [--skip-packages-2m] [--full] [--stop-at-pages-limit]

Generates the fictitious national-size release (10,000 providers, every set, five years; in a child
process, so its tables are not counted in the build's memory), runs the whole build with per-stage wall
time and peak memory, rebuilds it unchanged, measures the site (pages per second, provider page sizes,
total size), the bytes a visitor downloads to get a first search result and to open the choice aid
(Debian's Chromium via Playwright), packages a ~2 million-row release and builds the same pages with a
plain mkdocs-material configuration for comparison. Run it on an otherwise idle machine; every figure is
from this one run.

As each stage ends, one line on stderr gives its time, the build process's peak resident memory during
the stage and the peak of its child processes (the package writer, mkdocs, Pagefind), and DIR/bench.json
is rewritten with every figure so far: a run that dies still leaves them. At the end a table is printed.

A site over GitHub Pages' 1 GB is refused by verify (SiteTooLargeError, exit 5 in a real build). The
bench records that as a figure ("Pages site 9.15 GB: over the 1 GB limit, refused by verify, exit 5") and,
in its own scratch folder, lets verify go on with its other checks so that their time and memory and the
figures after the build are still measured; --stop-at-pages-limit stops the build there as a real build
does (the figures so far are kept). Above 20,000 providers the plain mkdocs-material build, the rebuild
and the ~2 million-row packaging are left out unless --full is given (each would add most of an hour; the
build's own package stage is then over 2 million rows already), a line says so, and the provider pages'
gzip sizes are taken from the 1,000 largest pages and 1,000 spread over the rest.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The script runs from a plain checkout, so these imports must follow the sys.path line above.
from bench_stages import Figures, StageMonitor, say  # noqa: E402
from bench_table import table  # noqa: E402

from generator import pipeline as build  # noqa: E402
from generator.core.errors import SiteTooLargeError  # noqa: E402
from generator.demo import generate as demo  # noqa: E402
from generator.publish import hosted, writer  # noqa: E402

#: above this many providers the plain build, the rebuild and the 2 million-row packaging are left out
#: unless --full is given
LARGE = 20_000


def timed_build(
    input_dir: Path, out: build.Outputs, release: str, label: str = "build", saved: Figures | None = None
) -> dict:
    """One whole build (load to verified site) with stage timings and memory peaks, each printed (and, with
    `saved`, written to bench.json) as the stage ends. When `saved` is given, the figures are gathered in
    saved.report[label] as they come, so they are kept when the build raises."""
    into: dict = saved.report.setdefault(label, {}) if saved is not None else {}
    with StageMonitor(label, into, saved) as mon:
        start = time.perf_counter()
        try:
            done = build.publish_build(input_dir, out, release, progress=mon.end)
            # what the build does after verify (the switch to the new generation, the providers' own
            # reports, report and manifest) has no stage of its own: its window is closed here
            mon.end("after verify", time.perf_counter() - mon.last)
        finally:
            into["wall_s"] = round(time.perf_counter() - start, 1)
            into["peak_memory_bytes"] = mon.whole_parent
            into["child_peak_memory_bytes"] = mon.whole_children  # summed over the children alive at once
            into["tree_peak_pss_bytes"] = mon.whole_tree  # the build and its children, shared pages once
            into["process_peak_memory_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            if saved is not None:
                saved.save()
    into.update(
        pages=done.pages,
        reused=done.reused,
        rows_read=done.report["totals"]["read"],
        result_rows=pq.read_metadata(out.packages / release / "alles" / "results.parquet").num_rows,
    )
    say(
        f"[bench] {label}: {into['wall_s']} s, peak {into['peak_memory_bytes'] / 2**30:.2f} GiB "
        f"(children {into['child_peak_memory_bytes'] / 2**30:.2f} GiB; all processes together, PSS, "
        f"{into['tree_peak_pss_bytes'] / 2**30:.2f} GiB)"
    )
    return into


def pages_limit_as_figure(saved: Figures, stop: bool) -> None:
    """Make verify's Pages size check (publish/hosted.check_site_size) record the site's size in bench.json
    and, when the site is over the limit, the refusal as a figure; unless `stop`, verify then goes on with
    its other checks (in the bench's scratch folder only) instead of raising."""
    real = hosted.check_site_size

    def check(site_dir: Path, limit: int | None = None) -> int:
        try:
            size = real(site_dir, limit)
        except SiteTooLargeError as exc:
            size, over = exc.site_bytes, exc.limit
            figure = (
                f"Pages site {size / 1e9:.2f} GB: over the {over / 1e9:g} GB limit, refused by verify, "
                f"exit {exc.exit_code}"
            )
            saved.add("pages_site", {"bytes": size, "limit": over, "refused": True, "figure": figure})
            say(f"[bench] {figure}" + ("" if stop else "; the bench goes on with verify's other checks"))
            if stop:
                raise
            return size
        saved.add("pages_site", {"bytes": size, "limit": hosted.PAGES_LIMIT, "refused": False})
        return size

    hosted.check_site_size = check


def site_figures(site: Path, sample: int | None = None) -> dict:
    """Total size, and the provider pages' HTML bytes and gzip bytes (largest and median). With `sample`
    (a large run: gzip -9 of 100,000 pages takes many minutes) only the `sample` largest pages and an even
    spread of `sample` others are compressed: the median of the spread, the largest of the largest."""
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and not p.is_symlink())
    pages = sorted(site.glob("aanbieders/*/index.html"))
    raw = [p.stat().st_size for p in pages]
    everyone = range(len(pages))
    largest_raw = sorted(everyone, key=raw.__getitem__)[-sample:] if sample else everyone
    spread = everyone[:: max(1, len(pages) // sample)] if sample else everyone
    packed = {i: len(gzip.compress(pages[i].read_bytes(), 9)) for i in {*largest_raw, *spread}}
    largest = max(packed, key=packed.__getitem__)
    return {
        "site_bytes": total,
        "provider_pages": len(pages),
        "provider_html_bytes_median": int(statistics.median(raw)),
        "provider_html_gzip_median": int(statistics.median(packed[i] for i in spread)),
        "provider_html_bytes_largest": raw[largest],
        "provider_html_gzip_largest": packed[largest],
        "largest_provider_page": str(pages[largest].relative_to(site)),
        "gzip_sampled": bool(sample),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_payloads(site: Path, query: str) -> dict:
    """Compressed bytes (gzip -9 of every text response, as a server would send) until the first search
    result, and until the choice aid shows its first result."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    if not Path("/usr/bin/chromium").exists():
        return {"skipped": "/usr/bin/chromium is not installed"}
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    out = {}
    try:
        time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            out["search_first_result"] = _measure(
                browser, base + "zoeken/", ".zs-search-results__link", lambda page: page.fill("#zs-q", query)
            )
            aid = sorted(site.glob("keuzehulp/*/index.html"))
            if aid:
                kind = aid[0].parent.name
                out["choice_aid_first_result"] = _measure(
                    browser,
                    base + f"keuzehulp/{kind}/?pc=3511",
                    "[data-zs-choice-result], .zs-choice__result, .zs-choice li",
                )
                out["choice_aid_first_result"]["kind"] = kind
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return out


# Installed before the page's own scripts: the moment (performance.now()) the first result is in the page,
# seen by a MutationObserver, whose callback runs before any task the page starts after drawing it.
FIRST_SEEN = """(() => {
  performance.setResourceTimingBufferSize(2000);
  const selector = %s;
  const seen = () => { if (window.__zsFirstSeen == null && document.querySelector(selector)) {
    window.__zsFirstSeen = performance.now(); observer.disconnect(); } };
  const observer = new MutationObserver(seen);
  observer.observe(document, {childList: true, subtree: true});
})();"""


def _measure(browser, url: str, selector: str, act=lambda page: None) -> dict:
    """What the page downloads before its first result (`selector`) is in the page, once `act` has asked
    for it: the requests started before that moment, their bytes and compressed bytes; and, apart, all it
    downloads until the network is idle (e.g. Pagefind's full-text index, fetched after the first results).
    The moment is taken in the page (FIRST_SEEN), not when Playwright notices the result: by then the page
    may have fetched what it loads after it, and the figure would depend on the machine's load."""
    page = browser.new_page()
    page.add_init_script(FIRST_SEEN % json.dumps(selector))
    got = []

    def keep(response) -> None:
        try:
            if response.ok:
                got.append((response.url, response.body()))
        except Exception:  # a response still arriving when the page closes: after the measurement
            pass

    page.on("response", keep)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    act(page)
    page.wait_for_selector(selector, timeout=30000)
    page.wait_for_load_state("networkidle")
    seen, started = page.evaluate(
        "() => [window.__zsFirstSeen,"
        " performance.getEntriesByType('resource').map(e => [e.name, e.startTime])]"
    )
    page.close()
    # the document came first; what a worker fetched (Pagefind's index) is not in the page's timeline, and a
    # worker is only started after the first result
    before = {url} | {name for name, at in started if at <= seen}
    first = [(u, b) for u, b in got if u in before]

    def compressed(items) -> int:
        return sum(
            len(b)
            if u.split("?")[0].endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"))
            else len(gzip.compress(b, 9))
            for u, b in items
        )

    return {
        "requests": len(first),
        "raw_bytes": sum(len(b) for _, b in first),
        "compressed_bytes": compressed(first),
        "requests_until_idle": len(got),
        "compressed_bytes_until_idle": compressed(got),
    }


def plain_mkdocs(docs: Path, work: Path) -> dict:
    """The same pages built by a plain mkdocs-material configuration: pages as Markdown (the HTML as a
    raw block), Material's defaults (its search plugin on), entity pages kept out of the navigation."""
    plain = work / "plain-docs"
    if plain.exists():
        shutil.rmtree(plain)
    shutil.copytree(docs, plain)
    for md in plain.rglob("*.md"):
        text = md.read_text("utf-8")
        if "\nzs_body: |-\n" not in text:
            continue
        head, rest = text[4:].split("\n---\n", 1)
        meta = yaml.safe_load(head)
        body = meta.pop("zs_body")
        md.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body + "\n", "utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    cfg = {
        "site_name": "Zorgspiegel (plain mkdocs-material)",
        "docs_dir": str(plain),
        "site_dir": str(work / "plain-site"),
        "theme": {"name": "material", "language": "nl"},
        "nav": config["nav"],
        "not_in_nav": config["not_in_nav"],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "admonition", "toc"],
    }
    (work / "plain-mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "plain-mkdocs.yml")],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    index = work / "plain-site" / "search" / "search_index.json"
    return {
        "wall_s": round(wall, 1),
        "exit": done.returncode,
        "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "peak_memory_bytes": after.ru_maxrss * 1024,
        "search_index_bytes": index.stat().st_size if index.exists() else None,
        "error": done.stderr[-500:] if done.returncode else "",
    }


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    mem = next(
        (
            int(line.split()[1]) * 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_bytes": mem,
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def packages_at(rows_wanted: int, packages_dir: Path, release: str) -> dict:
    """Time the package stage on ~rows_wanted result rows: the release's public tables repeated, with
    distinct provider ids per copy, packaged exactly as a build packages them (zips and disclosure check)."""
    import pandas as pd

    from generator.compute import changes
    from generator.compute.public import PublicRelease
    from generator.config.settings import PublicationConfig
    from generator.package import packages as package

    base = packages_dir / release / package.ALL_SETS
    results = pd.read_parquet(base / "results.parquet")
    providers = pd.read_parquet(base / "providers.parquet")
    copies = max(1, -(-rows_wanted // len(results)))
    tiled = pd.concat(
        [results.assign(provider_id=results["provider_id"] + f"-{i}") for i in range(copies)],
        ignore_index=True,
    )
    tiled_providers = pd.concat(
        [
            providers.assign(
                provider_id=providers["provider_id"] + f"-{i}",
                parent_id=providers["parent_id"].where(
                    providers["parent_id"] == "", providers["parent_id"] + f"-{i}"
                ),
            )
            for i in range(copies)
        ],
        ignore_index=True,
    )
    data = PublicRelease(
        release=release,
        publication=PublicationConfig(),
        results=tiled,
        indicators=pd.read_parquet(base / "indicators.parquet"),
        providers=tiled_providers,
        benchmarks=pd.read_parquet(base / "benchmarks.parquet"),
        changes=changes.empty_changes(),
        funnels=pd.DataFrame(),  # the packages do not use the site's funnel lines or mirror data
        departed=pd.DataFrame({"provider_id": [], "name": []}),
        regions=pd.DataFrame(),  # nor its region values
        mirror=None,
    )
    start = time.perf_counter()
    files = package.build_packages(data)
    wall = time.perf_counter() - start
    return {"result_rows": len(tiled), "wall_s": round(wall, 1), "bytes": sum(len(b) for b in files.values())}


def digests(folder: Path) -> dict[str, str]:
    import hashlib

    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def write_demo(args) -> int:
    """The child process that generates the demo release and writes its intake folder; prints its size and
    peak memory as JSON (the tables are gone when it ends, so the build is measured without them)."""
    tables = demo.generate_demo(providers=args.providers, seed=args.seed)
    intake_yaml = demo.INTAKE_YAML
    if args.data_url:  # as the monthly workflow builds a national release: data files on its GitHub Release
        intake_yaml = intake_yaml.replace("publication:\n", f"publication:\n  data_url: {args.data_url}\n", 1)
    writer.write_intake_folder(args.write_demo, tables, intake_yaml)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"result_rows": len(tables["results"]), "peak_memory_bytes": peak}))
    return 0


def demo_release(args, input_dir: Path) -> dict:
    """Generate the demo release into `input_dir` in a child process; its row count, time and peak."""
    start = time.perf_counter()
    command = [sys.executable, __file__, "--write-demo", str(input_dir), "--providers", str(args.providers)]
    command += ["--seed", str(args.seed), "--data-url", args.data_url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures | {"wall_s": round(time.perf_counter() - start, 1)}


def arguments() -> argparse.Namespace:
    """The command line (see the module docstring)."""
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--providers", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20261101)
    ap.add_argument("--release", default="2026-11")
    ap.add_argument("--out", type=Path, default=Path("/tmp/zorgspiegel-bench"))
    ap.add_argument("--skip-plain", action="store_true", help="Leave out the plain mkdocs-material build.")
    ap.add_argument("--skip-rebuild", action="store_true", help="Leave out the rebuild with nothing changed.")
    ap.add_argument(
        "--skip-packages-2m", action="store_true", help="Leave out packaging a ~2 million-row release."
    )
    ap.add_argument(
        "--skip-browser", action="store_true", help="Leave out the Chromium payload measurements."
    )
    ap.add_argument(
        "--full",
        action="store_true",
        help=f"Above {LARGE:,} providers, still run the plain build, the rebuild and the 2 million-row "
        "packaging.",
    )
    ap.add_argument(
        "--stop-at-pages-limit",
        action="store_true",
        help="Stop the build when verify refuses a site over GitHub Pages' 1 GB, as a real build does "
        "(by default the refusal is a figure and verify goes on with its other checks).",
    )
    ap.add_argument(
        "--data-url",
        default="https://github.com/zorgspiegel/zorgspiegel/releases/download/",
        help="publication.data_url of the benchmark's release: its data files hosted there, as a national "
        "release must be (a site over 1 GB is refused); '' keeps them in the site.",
    )
    ap.add_argument("--write-demo", type=Path, help=argparse.SUPPRESS)  # the child process of demo_release
    return ap.parse_args()


def left_out(args) -> dict[str, str]:
    """What this run leaves out, and why."""
    large = args.providers > LARGE and not args.full
    why = f"over {LARGE:,} providers; --full runs it"
    out = {}
    for flag, what in (
        ("skip_plain", "plain mkdocs-material build"),
        ("skip_rebuild", "rebuild with nothing changed"),
        ("skip_packages_2m", "data packages for ~2 million result rows"),
    ):
        if getattr(args, flag):
            out[what] = "--" + flag.replace("_", "-")
        elif large:
            out[what] = why
    if args.skip_browser:
        out["browser payloads"] = "--skip-browser"
    return out


def finish(saved: Figures, code: int) -> int:
    """Print the table of what was measured, the machine and where the figures are; return `code`."""
    report = saved.report
    print(table(report))
    host = report["machine"]
    print(
        f"Machine: {host['cores']} cores, {host['memory_bytes'] / 2**30:.0f} GB, {host['cpu']}, "
        f"Python {host['python']}"
    )
    print(f"Full figures: {saved.path}")
    return code


def main() -> int:
    """Run the benchmark (see the module docstring)."""
    args = arguments()
    if args.write_demo:
        return write_demo(args)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    skipped = left_out(args)
    report: dict = {"machine": machine(), "providers": args.providers, "data_url": args.data_url}
    saved = Figures(args.out / "bench.json", report | {"left_out": skipped})
    for what, why in skipped.items():
        say(f"[bench] leaving out: {what} ({why})")
    saved.add("demo", demo_release(args, args.out / "input"))
    saved.add("demo_s", saved.report["demo"]["wall_s"])
    say(
        f"[bench] demo release: {args.providers} providers, {saved.report['demo']['result_rows']:,} result "
        f"rows ({saved.report['demo_s']} s, peak {saved.report['demo']['peak_memory_bytes'] / 2**30:.2f} GiB "
        "in its own process)"
    )
    out = build.Outputs(
        site=args.out / "site",
        packages=args.out / "datapackages",
        report=args.out / "report",
        docs=args.out / "docs",
    )
    pages_limit_as_figure(saved, stop=args.stop_at_pages_limit)
    try:
        timed_build(args.out / "input", out, args.release, "cold", saved)
    except SiteTooLargeError:  # --stop-at-pages-limit: refused as a real build is; the site is not kept
        saved.report["cold"]["error"] = saved.report["pages_site"]["figure"]
        saved.save()
        return finish(saved, 0)
    except Exception as exc:
        saved.report["cold"]["error"] = f"{type(exc).__name__}: {str(exc)[:2000]}"
        saved.save()
        finish(saved, 1)
        raise
    if "rebuild with nothing changed" not in skipped:
        before = digests(out.site) | {f"pkg/{k}": v for k, v in digests(out.packages / args.release).items()}
        timed_build(args.out / "input", out, args.release, "rebuild", saved)
        after = digests(out.site) | {f"pkg/{k}": v for k, v in digests(out.packages / args.release).items()}
        saved.add("rebuild_same_bytes", before == after)
        say(f"[bench] rebuild: same bytes: {saved.report['rebuild_same_bytes']}")
    start = time.perf_counter()
    saved.add("site", site_figures(out.site, sample=1000 if args.providers > LARGE else None))
    pages = saved.report["site"]["provider_pages"]
    say(f"[bench] site figures: {pages:,} provider pages ({time.perf_counter() - start:.1f} s)")
    if "data packages for ~2 million result rows" not in skipped:
        saved.add("packages_2m", packages_at(2_000_000, out.packages, args.release))
        pkg = saved.report["packages_2m"]
        say(f"[bench] packages at {pkg['result_rows']:,} rows: {pkg['wall_s']} s")
    if not args.skip_browser:
        name = json.loads(next((out.site / "api" / "providers").glob("*.json")).read_text())["provider"][
            "name"
        ]
        saved.add("browser", browser_payloads(out.site, name))
        say("[bench] browser payloads measured")
    if "plain mkdocs-material build" not in skipped:
        saved.add("plain_mkdocs", plain_mkdocs(out.docs, args.out))
        say(f"[bench] plain mkdocs-material build: {saved.report['plain_mkdocs']['wall_s']} s")
    return finish(saved, 0)


if __name__ == "__main__":
    sys.exit(main())
