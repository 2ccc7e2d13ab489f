"""The maps in Chromium (issue 17.3): drawn from the site's own boundaries under the site's CSP, with no
request to another host (no tile server), "© CBS" under each, the table beside it reachable by keyboard,
and no serious axe violation at 375 and 1280 px."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
READY = """() => Array.from(document.querySelectorAll('figure.zs-chart')).every(f =>
  ['zs-chart--ready', 'zs-chart--empty', 'zs-chart--error'].some(c => f.classList.contains(c)))"""


@pytest.fixture(scope="module")
def map_pages(demo) -> dict[str, str]:
    """The indicator whose map has the most provinces with a value, and the region with the most providers."""
    counts = {}
    for path in (demo.site / "api" / "indicators").glob("*.json"):
        regions = json.loads(path.read_text("utf-8"))["regions"]
        counts[path.stem] = sum(1 for r in regions if r["label"])
    indicator = max(sorted(counts), key=counts.get)
    sizes = {
        p.stem: len(json.loads(p.read_text("utf-8"))["providers"])
        for p in (demo.site / "api" / "regions").glob("*.json")
    }
    region = max(sorted(sizes), key=sizes.get)
    return {"indicator": f"indicatoren/{indicator}/", "region": f"regio/{region}/", "located": sizes[region]}


def goto(open_page, url, **kwargs):
    page, watch = open_page(url, **kwargs)
    page.wait_for_load_state("networkidle")
    page.locator("figure.zs-map").scroll_into_view_if_needed()
    page.wait_for_function(READY, timeout=20000)
    return page, watch


@pytest.mark.parametrize("kind", ["indicator", "region"])
def test_the_map_is_drawn_from_the_sites_own_boundaries_and_names_cbs(open_page, base_url, map_pages, kind):
    page, watch = goto(open_page, base_url + map_pages[kind])
    figure = page.locator("figure.zs-map")
    assert "zs-chart--ready" in figure.get_attribute("class")
    svg = figure.locator(".zs-chart__view svg")
    assert svg.is_visible() and svg.bounding_box()["height"] > 150
    assert svg.get_attribute("aria-label")
    assert figure.locator(".zs-map__credit").inner_text().count("© CBS") == 1
    shapes = svg.locator("g.mark-shape path").count()
    if kind == "indicator":
        assert shapes >= 12 + 2  # every province in grey, the ones with a value coloured over them
    else:
        assert svg.locator("g.mark-symbol path").count() == map_pages["located"]
    assert any(r.endswith("assets/geo/provincie_2025.topojson") for r in watch.requests)
    assert all(r.startswith(base_url) or r.startswith("data:") for r in watch.requests)
    assert not watch.problems(), watch.problems()


def test_the_maps_table_is_one_keypress_away(open_page, base_url, map_pages):
    page, _ = goto(open_page, base_url + map_pages["indicator"])
    link = page.locator("figure.zs-map .zs-chart__note a")
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#table-provinces"
    assert page.locator("#table-provinces tbody tr").count() >= 1


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", ["indicator", "region"])
def test_map_pages_have_no_serious_axe_violation_and_do_not_scroll_sideways(
    open_page, base_url, map_pages, kind, width
):
    page, _ = goto(open_page, base_url + map_pages[kind], width=width, bypass_csp=True)
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
      .violations.filter(v => ['serious', 'critical'].includes(v.impact))
      .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))""")
    assert not violations, violations
