"""The site with English labels (`publication.language: en`) in Debian's Chromium, with the site's CSP in
force.

The choice aid, the search page and a provider page's chart are driven as a visitor would; what the scripts
write (result counts, distances, comparison words, chart captions and legends, search messages) must be
English, with English number formats, and no Dutch label of the scripts' catalogue may show. Screenshots go
to $ZORGSPIEGEL_SHOTS (default /tmp/site-shots/english-*.png).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.site import labels

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("ZORGSPIEGEL_SHOTS", "/tmp/site-shots"))
KIND = "huisartspraktijk"
SETTLED = """() => Array.from(document.querySelectorAll('figure.zs-chart'))
  .every(f => ['zs-chart--ready', 'zs-chart--empty', 'zs-chart--error'].some(c => f.classList.contains(c)))"""


def dutch_script_labels() -> list[str]:
    """The scripts' Dutch labels that differ from their English text, cut at their placeholders (pieces of
    12+ characters)."""
    pieces = set()
    for dutch, english in labels.catalogue("en", "scripts").items():
        if dutch != english:
            pieces.update(p.strip() for p in re.split(r"\{[a-z_][a-z0-9_]*\}", dutch) if len(p.strip()) >= 12)
    return sorted(pieces)


def shown_text(page) -> str:
    return " ".join(page.locator("article").inner_text().split())


def test_the_choice_aid_speaks_english(open_page, english_url, english):
    aid = json.loads((english.site / "api" / "keuzehulp" / f"{KIND}.json").read_text("utf-8"))
    postcodes = json.loads((english.site / "api" / "keuzehulp" / "postcodes.json").read_text("utf-8"))
    origin = sorted(
        {
            str(pc)[:4]
            for pc in english.providers.set_index("provider_id").loc[aid["providers"]["id"], "postcode"]
        }
        & set(postcodes["pc4"])
    )[0]
    page, watch = open_page(f"{english_url}keuzehulp/{KIND}/?pc={origin}&r=0&alle=1")
    page.wait_for_selector("#zs-choice[data-ready]", state="attached", timeout=15000)
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.evaluate("() => window.Zorgspiegel.language") == "en"
    summary = page.locator("#zs-choice-summary").inner_text()
    assert summary.startswith(f"Measured from postcode {origin}") and not re.search(
        r"\b(aanbieders?|gemeten|bovenaan)\b", summary
    ), summary
    distances = page.eval_on_selector_all(
        "#zs-choice-list .zs-choice__distance", "els => els.map(e => e.textContent)"
    )
    assert distances and all(re.fullmatch(r"\d+(\.\d)? km", d) for d in distances), distances
    for i in range(2):
        page.locator("#zs-choice-list input[type=checkbox]").nth(i).check()
    page.wait_for_function(
        "() => ['ready', 'error']"
        ".includes(document.getElementById('zs-choice-charts').getAttribute('data-state'))",
        timeout=30000,
    )
    assert page.get_attribute("#zs-choice-charts", "data-state") == "ready"
    cells = page.eval_on_selector_all("#zs-choice-table tbody td", "els => els.map(e => e.textContent)")
    english_words = {
        "better than national",
        "not clearly different",
        "worse than national",
        "not compared",
        "too few clients",
        "not applicable",
        "not delivered",
        "no result for this period",
        "yes",
        "no",
    }
    assert cells and all(any(w in c for w in english_words) or re.search(r"\d", c) for c in cells), cells
    assert not any(re.search(r"\d,\d", c) for c in cells), cells  # decimal points, not commas
    legend = " ".join(
        page.eval_on_selector_all("#zs-choice-charts svg text", "els => els.map(e => e.textContent)")
    )
    assert "Compared with national" in legend and "Vergelijking" not in legend
    text = shown_text(page)
    leaks = [d for d in dutch_script_labels() if d in text]
    assert not leaks, leaks
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "english-choice-1280.png"), full_page=True)
    assert not watch.problems(), watch.problems()


def test_the_search_page_speaks_english(open_page, english_url):
    page, watch = open_page(f"{english_url}zoeken/?q=hospital")
    page.wait_for_function(
        "() => /found/i.test(document.getElementById('zs-search-status').textContent || '')", timeout=15000
    )
    status = page.locator("#zs-search-status").inner_text()
    assert re.fullmatch(r"\d+ care providers? found for “hospital”\.", status), status
    nearby = page.locator("#zs-search-nearby")
    assert nearby.locator("h2").inner_text() == "Providers near you"
    assert nearby.locator("a").all_inner_texts() == ["Hospitals"]
    assert (
        page.locator("h1").inner_text() == "Search"
        and page.locator("#zs-search-form button").inner_text() == "Search"
    )
    assert not watch.problems(), watch.problems()


def test_a_provider_chart_has_an_english_legend_and_numbers(open_page, english_url, english):
    latest = english.results[english.results["status"] == "published"]
    pid = latest[
        latest["indicator_id"].isin(
            english.indicators.loc[english.indicators["unit"] == "percentage", "indicator_id"]
        )
    ]["provider_id"].mode()[0]
    page, watch = open_page(f"{english_url}aanbieders/{pid}/", width=390, height=844)
    page.wait_for_function(SETTLED, timeout=20000)
    svg = " ".join(
        page.eval_on_selector_all("figure.zs-chart svg text", "els => els.map(e => e.textContent)")
    )
    assert "Compared with national" in svg and "Percentage" in svg
    assert page.locator("button[data-zs-print]").inner_text().strip() == "Print or save as PDF"
    page.screenshot(path=str(SHOTS / "english-provider-390.png"))
    assert not watch.problems(), watch.problems()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext is not installed")
def test_the_printed_mirror_report_is_english(open_page, english_url, english):
    pid = english.results.loc[english.results["status"] == "published", "provider_id"].mode()[0]
    page, watch = open_page(f"{english_url}aanbieders/{pid}/")
    page.wait_for_function(SETTLED, timeout=20000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / "english-report.pdf"
    page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", target.read_bytes()))
    words = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for expected in (
        "Mirror report",
        "release 2026-11 (November 2026)",
        "fictitious demonstration data",
        "Comparison groups",
        "How to read these figures",
        f"page 1 of {pages}",
    ):
        assert expected in words, expected
    for absent in ("pagina 1", "Spiegelinformatie", "Vergelijkingsgroepen", "Zo leest u"):
        assert absent not in words, absent
    assert not watch.problems(), watch.problems()
