"""Helpers shared by the browser tests that measure what a visitor downloads (the choice aid's, the search
page's) and run axe: another built site served on 127.0.0.1 (the national one), the compressed size of a
response, a readable report of the sizes, and axe's violations."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TEXT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "image/svg+xml",
    "application/manifest+json",
)


def serve(folder: Path) -> tuple[subprocess.Popen, str]:
    """`python -m http.server` on 127.0.0.1 and a free port for another built site (the national one)."""
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    match = re.search(r"port (\d+)", proc.stdout.readline())
    assert match, "http.server did not start"
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    base = f"http://127.0.0.1:{match.group(1)}/"
    urllib.request.urlopen(base, timeout=10).close()
    return proc, base


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def response_sizes(response) -> tuple[int, int]:
    """A response's bytes, and its bytes as a server would send them (gzip -9 for text)."""
    body = response.body()
    kind = (response.headers.get("content-type") or "").split(";")[0]
    return len(body), len(gzip.compress(body, 9)) if kind.startswith(TEXT_TYPES) else len(body)


def report(name: str, sizes: dict[str, tuple[int, int]]) -> str:
    """The total and every file, largest first (compressed, uncompressed, address)."""
    lines = [
        f"{name}: {sum(p for _, p in sizes.values()):,} bytes compressed "
        f"({sum(b for b, _ in sizes.values()):,} uncompressed)"
    ]
    lines += [
        f"  {packed:>9,} {raw:>10,}  {url}"
        for url, (raw, packed) in sorted(sizes.items(), key=lambda kv: -kv[1][1])
    ]
    return "\n".join(lines)


def run_axe(page) -> list[dict]:
    """axe's violations on the page (open it with bypass_csp=True: axe is injected as an inline script)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
      const result = await axe.run(document, {resultTypes: ['violations']});
      return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
    }""")
