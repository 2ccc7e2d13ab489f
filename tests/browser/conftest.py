"""Fixtures of the browser tests: the built demo site served on 127.0.0.1, and Debian's Chromium driven
by Playwright.

Without Playwright or Chromium the browser tests are skipped, except when the environment variable CI
is "true": there they must run (.ci/run installs Chromium), so a missing browser fails them.
Every page a test opens records its console errors, uncaught exceptions, failed or refused requests
and every request that would leave 127.0.0.1 (those are aborted, never sent).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared builds

from sitebuild import demo_build, english_build, hostile_build  # noqa: E402

CHROMIUM = os.environ.get("ZORGSPIEGEL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test (`-m "not browser"` leaves them out)."""
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def unavailable(reason: str):
    """Skip, or fail when CI=true: CI must run the browser tests."""
    if IN_CI:
        pytest.fail(
            f"{reason} (CI=true: the browser tests must run; .ci/run installs Chromium)", pytrace=False
        )
    pytest.skip(reason)


def check_browser() -> None:
    """Skip (or, with CI=true, fail) when Playwright or Chromium is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("playwright is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, launched once per test module.

    Module scope, not session: Playwright's sync API runs an event loop in this thread while it is started,
    and another test file that starts its own Playwright later in the session (tests/test_charts.py) could
    not while this one were still running.
    """
    check_browser()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken or incompatible browser: same rule as a missing one
        playwright.stop()
        unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    yield chromium
    chromium.close()
    playwright.stop()


def serve(folder: Path):
    """Serve `folder` with `python -m http.server --bind 127.0.0.1` on a free port; return (process, base
    URL).

    Port 0 lets the system choose a free port; the server announces it on its first line. (Picking a port
    first and starting the server after could race with another process and test someone else's server.)
    """
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline()
    match = re.search(r"port (\d+)", line)
    if not match:
        stop(proc)
        raise RuntimeError(f"http.server did not start for {folder}: {line!r}")
    base = f"http://127.0.0.1:{match.group(1)}/"
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep draining, so the pipe never fills
    deadline = time.monotonic() + 15
    while True:
        try:
            with urllib.request.urlopen(base, timeout=2) as response:
                if response.status == 200:
                    return proc, base
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                stop(proc)
                raise
            time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The built demo release (shared with tests/test_site.py); checks for a browser first, so a skip is
    quick."""
    check_browser()
    return demo_build(tmp_path_factory)


def served(folder: Path, request) -> str:
    """The base URL of `folder` served for the rest of the session."""
    proc, base = serve(folder)
    request.addfinalizer(lambda: stop(proc))
    return base


@pytest.fixture(scope="session")
def base_url(demo, request):
    return served(demo.site, request)


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory, request):
    """The tiny release whose intake names providers <script>… and \"><img …>, served."""
    check_browser()
    return served(hostile_build(tmp_path_factory).site, request)


@pytest.fixture(scope="session")
def english(tmp_path_factory):
    """The demo release with English labels (publication.language: en)."""
    check_browser()
    return english_build(tmp_path_factory)


@pytest.fixture(scope="session")
def english_url(english, request):
    return served(english.site, request)


@dataclass
class Watch:
    """What happened while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught: {m}" for m in self.page_errors]
            + [f"request leaving the site: {u}" for u in self.offsite]
            + [f"failed request: {u}" for u in self.failed]
            + [f"dialog: {m}" for m in self.dialogs]
        )


LOCAL_HOSTS = {"127.0.0.1"}


@pytest.fixture
def open_page(browser):
    """open_page(url, width=1280, height=900, bypass_csp=False) -> (page, watch); contexts are closed after
    the test."""
    contexts = []

    def opener(
        url: str, width: int = 1280, height: int = 900, bypass_csp: bool = False, wait_until: str = "load"
    ):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="nl-NL",
            bypass_csp=bypass_csp,
            service_workers="block",
            reduced_motion="reduce",
        )
        contexts.append(context)
        watch = Watch()

        def offsite(route):
            watch.offsite.append(route.request.url)
            route.abort("blockedbyclient")

        def leaves(url: str) -> bool:
            parts = urlsplit(url)
            return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS

        context.route(leaves, offsite)
        page = context.new_page()
        page.on(
            "console",
            lambda m: watch.console_errors.append(f"{m.text} ({m.location.get('url', '')})")
            if m.type == "error"
            else None,
        )
        page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
        page.on("request", lambda r: watch.requests.append(r.url))
        page.on(
            "requestfailed",
            # ERR_ABORTED: the page navigated away (a search result clicked) while the request was in
            # flight, which a slow machine makes likely; not a failure of the site (a CSP block is
            # ERR_BLOCKED_BY_CLIENT/CSP, a missing file a 404 response below)
            lambda r: None
            if leaves(r.url) or r.failure == "net::ERR_ABORTED"
            else watch.failed.append(f"{r.url} ({r.failure})"),
        )
        page.on(
            "response",
            lambda r: watch.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None,
        )

        def dialog(d):
            watch.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(url, wait_until=wait_until)
        return page, watch

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def query_engine(demo):
    """The built demo site's DuckDB-WASM files (fetched by scripts/vendor-duckdb, which scripts/test runs);
    without them the query page's browser tests are skipped, or fail with CI=true."""
    from generator.site import engine

    missing = engine.missing(demo.site)
    if missing:
        unavailable(f"the query page's engine is missing ({', '.join(missing)}): run scripts/vendor-duckdb")
    return demo.site / engine.FOLDER
