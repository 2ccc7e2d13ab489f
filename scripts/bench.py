"""Benchmark a national-size Zorgspiegel build and what a visitor downloads.

    scripts/bench [--providers 10000] [--out DIR] [--skip-plain] [--skip-browser]

Generates the fictitious national-size release (10,000 providers, every set, five years), runs the
whole build with per-stage wall time and peak memory, rebuilds it unchanged, measures the site
(pages per second, provider page sizes, total size), the bytes a visitor downloads to get a first
search result and to open the choice aid (Debian's Chromium via Playwright), and builds the same
pages with a plain mkdocs-material configuration for comparison. Writes DIR/bench.json and prints
a table. Run it on an otherwise idle machine; every figure is from this one run.
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
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The script runs from a plain checkout, so these imports must follow the sys.path line above.
from generator import pipeline as build  # noqa: E402
from generator.demo import generate as demo  # noqa: E402
from generator.publish import writer  # noqa: E402

TARGETS = {
    "whole_build_s": 180,
    "whole_build_aim_s": 90,
    "peak_memory_gb": 3.0,
    "packages_s": 20,
    "search_first_result_kb": 150,
    "provider_page_gzip_kb": 50,
    "rebuild_speedup": 5.0,
    "plain_ratio": 0.5,  # whole build / a plain mkdocs-material build of the same pages
}


class MemorySampler:
    """Samples this process's resident memory every 20 ms; remembers the peak per stage."""

    def __init__(self):
        self.stage, self.peaks, self._stop = "start", {}, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def rss() -> int:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))

    def _run(self):
        while not self._stop.is_set():
            value = self.rss()
            self.peaks[self.stage] = max(self.peaks.get(self.stage, 0), value)
            time.sleep(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()


def timed_build(input_dir: Path, out: build.Outputs, release: str) -> dict:
    """One whole build (load to verified site) with stage timings and memory peaks."""
    stages: dict[str, float] = {}
    with MemorySampler() as mem:
        names = iter(
            [
                "load",
                "validate",
                "approve",
                "compute",
                "package",
                "render",
                "mkdocs",
                "pages",
                "search+csp",
                "verify",
                "end",
            ]
        )
        mem.stage = next(names)

        def progress(stage: str, seconds: float) -> None:
            stages[stage] = round(seconds, 2)
            mem.stage = next(names, "end")

        start = time.perf_counter()
        done = build.publish_build(input_dir, out, release, progress=progress)
        wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # the largest child (packages)
    return {
        "wall_s": round(wall, 1),
        "stages_s": stages,
        "peak_memory_bytes": peak,
        "child_peak_memory_bytes": child,
        "stage_peak_memory_mb": {k: round(v / 2**20) for k, v in mem.peaks.items()},
        "pages": done.pages,
        "reused": done.reused,
        "rows_read": done.report["totals"]["read"],
        "result_rows": pq.read_metadata(out.packages / release / "alles" / "results.parquet").num_rows,
    }


def site_figures(site: Path) -> dict:
    """Total size, and the provider pages' HTML bytes and gzip bytes (largest and median)."""
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and not p.is_symlink())
    pages = sorted(site.glob("aanbieders/*/index.html"))
    raw = [p.stat().st_size for p in pages]
    packed = [len(gzip.compress(p.read_bytes(), 9)) for p in pages]
    largest = max(range(len(pages)), key=lambda i: packed[i])
    return {
        "site_bytes": total,
        "provider_pages": len(pages),
        "provider_html_bytes_median": int(statistics.median(raw)),
        "provider_html_gzip_median": int(statistics.median(packed)),
        "provider_html_bytes_largest": raw[largest],
        "provider_html_gzip_largest": packed[largest],
        "largest_provider_page": str(pages[largest].relative_to(site)),
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
                browser,
                base + "zoeken/",
                lambda page: (
                    page.fill("#zs-q", query),
                    page.wait_for_selector(".zs-search-results__link", timeout=30000),
                ),
            )
            aid = sorted(site.glob("keuzehulp/*/index.html"))
            if aid:
                kind = aid[0].parent.name
                out["choice_aid_first_result"] = _measure(
                    browser,
                    base + f"keuzehulp/{kind}/?pc=3511",
                    lambda page: (
                        page.wait_for_selector(
                            "[data-zs-choice-result], .zs-choice__result, .zs-choice li", timeout=30000
                        )
                    ),
                )
                out["choice_aid_first_result"]["kind"] = kind
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return out


def _measure(browser, url: str, act) -> dict:
    """What the page downloads until `act` (which waits for the first result) returns: the requests
    answered by then, their bytes and compressed bytes; and, apart, all it downloads until the network is
    idle (e.g. Pagefind's full-text index, fetched beside the first results)."""
    page = browser.new_page()
    got = []
    page.on("response", lambda r: got.append((r.url, r.body())) if r.ok else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    act(page)
    first = len(got)  # the responses handled before the first result was seen
    page.wait_for_load_state("networkidle")
    page.close()

    def compressed(items) -> int:
        return sum(
            len(b)
            if u.split("?")[0].endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"))
            else len(gzip.compress(b, 9))
            for u, b in items
        )

    return {
        "requests": first,
        "raw_bytes": sum(len(b) for _, b in got[:first]),
        "compressed_bytes": compressed(got[:first]),
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


def table(report: dict) -> str:
    """The benchmark as a Markdown table, each figure against its target."""
    cold, warm, site, payload = report["cold"], report["rebuild"], report["site"], report.get("browser", {})
    gb = cold["peak_memory_bytes"] / 2**30
    pkg = cold["stages_s"].get("package", 0)
    ours = sum(cold["stages_s"].get(k, 0) for k in ("render", "mkdocs", "pages", "search+csp"))
    rows = [
        (
            "whole build, load to verified site",
            f"{cold['wall_s']} s",
            f"≤ {TARGETS['whole_build_s']} s (aim ≤ {TARGETS['whole_build_aim_s']})",
            cold["wall_s"] <= TARGETS["whole_build_s"],
        ),
        (
            "peak memory (build process; its largest child process apart)",
            f"{gb:.2f} GB; child {cold.get('child_peak_memory_bytes', 0) / 2**30:.2f} GB",
            f"≤ {TARGETS['peak_memory_gb']} GB",
            gb <= TARGETS["peak_memory_gb"],
        ),
        (f"data packages in the build ({cold['result_rows']:,} result rows)", f"{pkg} s", "", None),
        (
            f"data packages for {report['packages_2m']['result_rows']:,} result rows",
            f"{report['packages_2m']['wall_s']} s",
            f"≤ {TARGETS['packages_s']} s for ~2 million rows",
            report["packages_2m"]["wall_s"] <= TARGETS["packages_s"],
        ),
        (
            "pages per second (render + mkdocs + pages + search)",
            f"{cold['pages'] / max(0.001, ours):.0f}",
            "",
            None,
        ),
        (
            "provider page HTML, median / largest",
            f"{site['provider_html_bytes_median']/1024:.1f} / "
            f"{site['provider_html_bytes_largest']/1024:.1f} KB",
            "",
            None,
        ),
        (
            "provider page gzip, median / largest",
            f"{site['provider_html_gzip_median']/1024:.1f} / "
            f"{site['provider_html_gzip_largest']/1024:.1f} KB",
            f"≤ {TARGETS['provider_page_gzip_kb']} KB",
            site["provider_html_gzip_largest"] / 1024 <= TARGETS["provider_page_gzip_kb"],
        ),
        ("total site size", f"{site['site_bytes']/2**20:.0f} MB", "", None),
    ]
    if "search_first_result" in payload:
        kb = payload["search_first_result"]["compressed_bytes"] / 1024
        idle = payload["search_first_result"].get("compressed_bytes_until_idle", 0) / 1024
        rows.append(
            (
                "downloaded before the first search result (compressed)",
                f"{kb:.0f} KB ({idle:.0f} KB until the network is idle)",
                f"≤ {TARGETS['search_first_result_kb']} KB",
                kb <= TARGETS["search_first_result_kb"],
            )
        )
    if "choice_aid_first_result" in payload:
        kb = payload["choice_aid_first_result"]["compressed_bytes"] / 1024
        rows.append(
            (
                "downloaded to open the choice aid "
                f"({payload['choice_aid_first_result']['kind']}, compressed)",
                f"{kb:.0f} KB",
                "aim ≤ 300 KB",
                kb <= 300,
            )
        )
    speedup = cold["wall_s"] / max(warm["wall_s"], 0.001)
    rows.append(
        (
            "rebuild with nothing changed",
            f"{warm['wall_s']} s ({speedup:.1f}× faster; same bytes: {report['rebuild_same_bytes']})",
            f"≥ {TARGETS['rebuild_speedup']}× faster, same bytes",
            speedup >= TARGETS["rebuild_speedup"] and report["rebuild_same_bytes"],
        )
    )
    if "plain_mkdocs" in report:
        plain = report["plain_mkdocs"]
        ratio = cold["wall_s"] / max(plain["wall_s"], 0.001)
        rows.append(
            (
                "plain mkdocs-material build of the same pages",
                f"{plain['wall_s']} s (ours, render+mkdocs+pages+search: {ours:.1f} s)",
                "",
                None,
            )
        )
        rows.append(
            (
                "whole build / plain mkdocs-material build",
                f"{ratio:.2f}",
                f"≤ {TARGETS['plain_ratio']}",
                ratio <= TARGETS["plain_ratio"],
            )
        )
    lines = ["| figure | measured | target | met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {'' if d is None else ('yes' if d else 'NO')} |" for a, b, c, d in rows]
    stages = " · ".join(
        f"{k} {v} s ({cold['stage_peak_memory_mb'].get(k, 0)} MB)" for k, v in cold["stages_s"].items()
    )
    return "\n".join(lines) + f"\n\nStages (wall, peak RSS during the stage): {stages}\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--providers", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20261101)
    ap.add_argument("--release", default="2026-11")
    ap.add_argument("--out", type=Path, default=Path("/tmp/zorgspiegel-bench"))
    ap.add_argument("--skip-plain", action="store_true", help="Leave out the plain mkdocs-material build.")
    ap.add_argument(
        "--data-url",
        default="https://github.com/zorgspiegel/zorgspiegel/releases/download/",
        help="publication.data_url of the benchmark's release: its data files hosted there, as a national "
        "release must be (a site over 1 GB is refused); '' keeps them in the site.",
    )
    ap.add_argument(
        "--skip-browser", action="store_true", help="Leave out the Chromium payload measurements."
    )
    args = ap.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    report: dict = {"machine": machine(), "providers": args.providers, "data_url": args.data_url}
    start = time.perf_counter()
    tables = demo.generate_demo(providers=args.providers, seed=args.seed)
    intake_yaml = demo.INTAKE_YAML
    if args.data_url:  # as the monthly workflow builds a national release: data files on its GitHub Release
        intake_yaml = intake_yaml.replace("publication:\n", f"publication:\n  data_url: {args.data_url}\n", 1)
    writer.write_intake_folder(args.out / "input", tables, intake_yaml)
    report["demo_s"] = round(time.perf_counter() - start, 1)
    print(
        f"demo release: {args.providers} providers, {len(tables['results']):,} result rows "
        f"({report['demo_s']} s)",
        file=sys.stderr,
    )
    out = build.Outputs(
        site=args.out / "site",
        packages=args.out / "datapackages",
        report=args.out / "report",
        docs=args.out / "docs",
    )
    report["cold"] = timed_build(args.out / "input", out, args.release)
    print(f"cold build: {report['cold']['wall_s']} s", file=sys.stderr)
    before = digests(out.site) | {f"pkg/{k}": v for k, v in digests(out.packages / args.release).items()}
    report["rebuild"] = timed_build(args.out / "input", out, args.release)
    after = digests(out.site) | {f"pkg/{k}": v for k, v in digests(out.packages / args.release).items()}
    report["rebuild_same_bytes"] = before == after
    print(
        f"rebuild: {report['rebuild']['wall_s']} s, same bytes: {report['rebuild_same_bytes']}",
        file=sys.stderr,
    )
    report["site"] = site_figures(out.site)
    report["packages_2m"] = packages_at(2_000_000, out.packages, args.release)
    print(
        f"packages at {report['packages_2m']['result_rows']:,} rows: {report['packages_2m']['wall_s']} s",
        file=sys.stderr,
    )
    if not args.skip_browser:
        name = json.loads(next((out.site / "api" / "providers").glob("*.json")).read_text())["provider"][
            "name"
        ]
        report["browser"] = browser_payloads(out.site, name)
    if not args.skip_plain:
        report["plain_mkdocs"] = plain_mkdocs(out.docs, args.out)
    (args.out / "bench.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(table(report))
    host = report["machine"]
    print(
        f"Machine: {host['cores']} cores, {host['memory_bytes']/2**30:.0f} GB, {host['cpu']}, "
        f"Python {host['python']}"
    )
    print(f"Full figures: {args.out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
