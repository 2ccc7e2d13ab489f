"""The printable mirror report: a provider page printed to PDF by Debian's Chromium.

The provider page's 'print / save as PDF' button calls the browser's print under the site's CSP; with the
print stylesheet the page becomes an A4 report: the site's header, navigation, search and footer gone, a
line with the release on top, every set with its chart (drawn, inside the page), its results with their
dates, the benchmark groups, the nearby providers and the reading guide, page numbers at the bottom.
The PDF is written to $ZORGSPIEGEL_SHOTS (default /tmp/site-shots/mirror-report.pdf) and, when poppler's
pdftoppm is there, converted to one PNG per page beside it, to be looked at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("ZORGSPIEGEL_SHOTS", "/tmp/site-shots"))
A4_POINTS = (595.28, 841.89)  # 210 x 297 mm; Chromium rounds to whole CSS pixels (594.96 x 841.92)
SETTLED = """() => Array.from(document.querySelectorAll('figure.zs-chart'))
  .every(f => ['zs-chart--ready', 'zs-chart--empty', 'zs-chart--error'].some(c => f.classList.contains(c)))"""


@pytest.fixture(scope="module")
def provider(demo) -> str:
    """A provider with charts, a suppressed result (so a group fallback) and nearby peers: the fullest
    report."""
    results = demo.results
    units = demo.indicators.set_index("indicator_id")["unit"]
    latest = results[
        results["period"] == results.groupby(["provider_id", "indicator_id"])["period"].transform("max")
    ]
    shares = latest[
        (latest["status"] == "published")
        & latest["indicator_id"].map(units).isin(["percentage", "proportion"])
    ]
    suppressed = set(latest.loc[latest["status"] == "too_few_cases", "provider_id"])
    ranked = (
        shares[shares["provider_id"].isin(suppressed)]
        .groupby("provider_id")
        .size()
        .sort_values(ascending=False)
    )
    return str(ranked.index[0])


def open_report(open_page, base_url, pid: str):
    page, watch = open_page(f"{base_url}aanbieders/{pid}/")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=20000)
    return page, watch


def test_the_print_button_prints_under_the_csp(open_page, base_url, provider):
    page, watch = open_report(open_page, base_url, provider)
    button = page.locator("button[data-zs-print]")
    assert (
        button.count() == 1
        and button.is_visible()
        and button.inner_text().strip() == "Afdrukken of opslaan als pdf"
    )
    # count the calls instead of opening the print dialog (evaluate runs outside the page's CSP, like
    # devtools)
    page.evaluate("() => { window.__zsPrinted = 0; window.print = () => { window.__zsPrinted += 1; }; }")
    button.click()
    assert page.evaluate("() => window.__zsPrinted") == 1
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__zsPrinted") == 2
    assert not watch.problems(), watch.problems()


def test_in_print_the_site_gives_way_to_the_report(open_page, base_url, provider):
    page, watch = open_report(open_page, base_url, provider)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.zs-breadcrumb',
                                      '.zs-print-actions', '.zs-downloads']
      .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}, hidden
    assert page.locator(".zs-print-head").is_visible()
    assert "release 2026-11" in page.locator(".zs-print-head").inner_text()
    for selector in ("table.zs-results", "table.zs-groups-table", "table.zs-peers-table", "#uitleg"):
        assert page.locator(selector).first.is_visible(), selector
    # nothing is cut: no table needs its scroll box, every chart is drawn inside the content
    overflow = page.evaluate(
        "() => Array.from(document.querySelectorAll('.zs-table-wrap'))"
        ".map(w => w.scrollWidth - w.clientWidth)"
    )
    assert max(overflow) <= 1, overflow
    charts = page.evaluate("""() => Array.from(
      document.querySelectorAll('figure.zs-chart--ready .zs-chart__view svg')).map(svg => {
      const box = svg.getBoundingClientRect(),
        content = document.querySelector('article').getBoundingClientRect();
      return [box.width, box.height, box.left >= content.left - 1 && box.right <= content.right + 1,
              getComputedStyle(svg).display];
    })""")
    assert charts and all(
        w > 200 and h > 50 and inside and display != "none" for w, h, inside, display in charts
    ), charts
    assert not watch.problems(), watch.problems()


def test_the_provider_page_prints_as_an_a4_report(open_page, base_url, provider, demo):
    page, watch = open_report(open_page, base_url, provider)
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / "mirror-report.pdf"
    pdf = page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
    assert not watch.problems(), watch.problems()
    assert pdf.startswith(b"%PDF") and target.read_bytes() == pdf
    boxes = {
        tuple(round(float(x), 2) for x in m.groups())
        for m in re.finditer(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    }
    assert len(boxes) == 1 and all(abs(a - b) < 2 for a, b in zip(boxes.pop(), A4_POINTS)), boxes
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 2 <= pages <= 20, pages
    name = demo.providers.set_index("provider_id").loc[provider, "name"]
    if shutil.which("pdftotext"):
        words = " ".join(
            subprocess.run(
                ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
            ).stdout.split()
        )
        for expected in (
            "Spiegelinformatie",
            "release 2026-11 (november 2026)",
            "fictieve demonstratiegegevens",
            " ".join(name.split()[:2]),
            "Vergelijkingsgroepen",
            "waarde van de groep (zonder deze aanbieder)",
            "Aanbieders in de buurt",
            "Zo leest u deze cijfers",
            "goedgekeurd",
            f"pagina 1 van {pages}",
            "Vergelijking met landelijk",
        ):
            assert expected in words, expected
        for absent in ("Naar de inhoud", "Afdrukken of opslaan als pdf", "Download de resultaten"):
            assert absent not in words, absent
    if shutil.which("pdftoppm"):
        for old in SHOTS.glob("mirror-report-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", str(target), str(SHOTS / "mirror-report")], check=True
        )
        assert len(list(SHOTS.glob("mirror-report-*.png"))) == pages
