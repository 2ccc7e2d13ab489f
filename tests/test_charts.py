"""Chart specs, summaries, vendored Vega and (marked 'browser') the charts in Chromium under a strict CSP."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import altair as alt
import pytest

from generator.site import charts, summaries
from generator.site.formatting import number

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "site_src" / "assets"
VENDOR = ASSETS / "vendor"
VENDORED = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "vega-interpreter.js"]
CHROMIUM = Path("/usr/bin/chromium")
OKABE_ITO = {c.lower() for c in charts.OKABE_ITO.values()}
NEUTRALS = {"#222222", "#595959", "#d9d9d9", "#4d4d4d"}  # text, axes and grid: not data colours
# Vega-Lite warns that a chart with a row height cannot also fit its height; the broken test figure warns too.
HARMLESS = r'Dropping "fit-y" because spec has discrete height|^Zorgspiegel-grafiek niet getoond'
CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " "img-src 'self' data:"

# ---------------------------------------------------------------- specs


def walk(node, path=()):
    """Every (path, key, value) in a nested JSON structure."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, path + (i,))


@pytest.fixture(scope="module")
def specs():
    return charts.chart_specs()


def test_one_spec_per_chart_type(specs):
    assert list(specs) == list(charts.CHART_TYPES)


@pytest.mark.parametrize("kind", charts.CHART_TYPES)
def test_spec_validates_against_the_bundled_vega_lite_schema(specs, kind):
    spec = specs[kind]
    alt.LayerChart.from_dict(spec, validate=True)  # raises on any schema error
    assert spec["width"] == "container"
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert json.loads(json.dumps(spec)) == spec


@pytest.mark.parametrize("kind", charts.CHART_TYPES)
def test_spec_uses_only_named_data_and_no_other_host(specs, kind):
    spec = specs[kind]
    names = set()
    for path, key, value in walk(spec):
        assert key not in ("values", "url", "datasets"), (kind, path, key)
        if key == "data":
            assert set(value) == {"name"}, (kind, path, value)
            names.add(value["name"])
        if isinstance(value, str) and re.search(r"https?://", value):
            assert key == "$schema", (kind, path, value)  # never fetched
    expected = {
        "provider-results": {"points"},
        "funnel": {"points", "funnel", "national"},
        "funnel-ratio": {"points", "funnel", "national"},
        "strip": {"points", "national"},
        "trend": {"national"},
        "compare": {"points"},
        "spine": {"spine"},
    }
    assert names == expected[kind]


@pytest.mark.parametrize("kind", charts.CHART_TYPES)
def test_spec_colours_are_okabe_ito(specs, kind):
    for path, key, value in walk(specs[kind]):
        if isinstance(value, str) and value.startswith("#"):
            assert value.lower() in OKABE_ITO | NEUTRALS, (kind, path, key, value)
            if key in ("color", "fill", "stroke") and "config" not in path:
                assert value.lower() in OKABE_ITO | {"#595959"}, (kind, path, key, value)


@pytest.mark.parametrize("kind", ["provider-results", "funnel", "strip", "compare"])
def test_comparison_is_shown_by_shape_and_colour(specs, kind):
    scales = {}
    for _path, key, value in walk(specs[kind]):
        if key in ("color", "shape") and isinstance(value, dict) and value.get("field") == "comparison_label":
            scales[key] = value["scale"]
    assert scales["shape"]["range"] == ["triangle-up", "circle", "triangle-down", "diamond"]
    assert scales["color"]["range"] == ["#009E73", "#0072B2", "#D55E00", "#CC79A7"]
    assert scales["shape"]["domain"] == scales["color"]["domain"] == list(charts.COMPARISON_LABELS.values())


def test_specs_speak_dutch(specs):
    titles = [v for spec in specs.values() for _, k, v in walk(spec) if k == "title" and isinstance(v, str)]
    assert {"Percentage", "Aantal patiënten (noemer)", "Periode", "Vergelijking met landelijk"} <= set(titles)
    assert all(spec["config"]["locale"]["number"]["decimal"] == "," for spec in specs.values())


def test_comparison_tables():
    assert charts.COMPARISON_LABELS == {
        "better": "beter dan landelijk",
        "no_different": "niet duidelijk anders",
        "worse": "slechter dan landelijk",
        "not_compared": "niet vergeleken",
    }
    assert charts.COMPARISON_SYMBOLS == {
        "better": "▲",
        "no_different": "●",
        "worse": "▼",
        "not_compared": "◆",
    }
    assert set(charts.CHART_NOTES) == set(charts.CHART_TYPES)


# ---------------------------------------------------------------- summaries


def rows(*comparisons):
    return [{"comparison": c, "value": 10.0} for c in comparisons]


def test_nl_number():
    assert number(23.44) == "23,4"
    assert number(1234.56) == "1.234,6"
    assert number(-0.04) == "-0,0"
    assert number(5, 0) == "5"


def test_summary_provider_results():
    s = summaries.summary_provider_results(
        "Ziekenhuis X", rows(*["better"] * 2, "worse", *["no_different"] * 3)
    )
    assert s == (
        "Bij 2 van de 6 indicatoren scoort Ziekenhuis X beter dan het landelijk gemiddelde, "
        "bij 1 slechter en bij 3 niet duidelijk anders."
    )
    assert (
        summaries.summary_provider_results("X", rows("no_different"))
        == "Bij de enige indicator scoort X niet duidelijk anders dan het landelijk gemiddelde."
    )
    assert (
        summaries.summary_provider_results("X", rows("better", "better"))
        == "Bij beide indicatoren scoort X beter dan het landelijk gemiddelde."
    )
    assert (
        summaries.summary_provider_results("X", rows("worse", "not_compared"))
        == "Bij 1 van de 2 indicatoren scoort X slechter dan het landelijk gemiddelde en bij 1 was geen "
        "vergelijking mogelijk."
    )
    assert (
        summaries.summary_provider_results("X", rows("not_compared", "not_compared"))
        == "Bij geen van de 2 indicatoren is X vergeleken met het landelijk gemiddelde."
    )
    assert summaries.summary_provider_results("X", []) == "Er zijn geen gepubliceerde resultaten om te tonen."


def funnel_rows(above, below, inside):
    """Rows as the funnel chart gets them: each with the deviation its verdict rests on."""
    high = [{"value": 40.0, "deviation": "above"}] * above
    low = [{"value": 5.0, "deviation": "below"}] * below
    mid = [{"value": 20.0, "deviation": "within"}] * inside
    return high + low + mid


def test_summary_funnel():
    assert summaries.summary_funnel("T", "2025", funnel_rows(12, 8, 220), 23.44, 0.998) == (
        "In 2025 lagen 12 van de 240 aanbieders boven de bovengrens (99,8%) en 8 eronder; "
        "het landelijk gemiddelde was 23,4%."
    )
    assert summaries.summary_funnel("T", "2025", funnel_rows(1, 0, 9), 5) == (
        "In 2025 lag 1 van de 10 aanbieders boven de bovengrens (95%) en geen eronder; "
        "het landelijk gemiddelde was 5,0%."
    )
    assert (
        summaries.summary_funnel("T", "2024", funnel_rows(0, 0, 3), None, 0.998)
        == "In 2024 lag geen van de 3 aanbieders buiten de grenzen (99,8%)."
    )
    # the sentence counts the verdict's test, never a value against a drawn line
    rows = [{"value": 40.0, "deviation": "within", "funnel_high_998": 30.0}]
    assert "geen van de 1" in summaries.summary_funnel("T", "2024", rows, None, 0.998)
    assert (
        summaries.summary_funnel("T", "2024", [{"value": 3.0}], 2.5)
        == "In 2024 had 1 aanbieder een resultaat; het landelijk gemiddelde was 2,5%."
    )
    assert summaries.summary_funnel("T", "2024", [{"value": None}], 2.5) == summaries.EMPTY_SUMMARY


def test_summary_strip():
    data = [
        {"value": 3.14, "comparison": "worse"},
        {"value": 9.75, "comparison": "better"},
        {"value": 7.0, "comparison": "no_different"},
    ]
    assert summaries.summary_strip("T", "2025", data, 7.2) == (
        "In 2025 lagen de scores van 3 aanbieders tussen 3,1 en 9,8 (landelijk 7,2); "
        "1 scoorde beter dan het landelijk gemiddelde en 1 slechter."
    )
    assert (
        summaries.summary_strip("T", "2025", data[2:], None, unit="%")
        == "In 2025 had 1 aanbieder een score van 7,0%."
    )
    assert summaries.summary_strip("T", "2025", [], 1) == summaries.EMPTY_SUMMARY


def test_summary_trend():
    data = [
        {"period": "2025", "value": 23.4},
        {"period": "2021", "value": 20.06},
        {"period": "2023", "value": 30},
    ]
    assert (
        summaries.summary_trend("T", data)
        == "Het landelijk gemiddelde steeg van 20,1% in 2021 naar 23,4% in 2025."
    )
    assert (
        summaries.summary_trend(
            "T", [{"period": "2021", "value": 9}, {"period": "2022", "value": 8}], unit=""
        )
        == "Het landelijk gemiddelde daalde van 9,0 in 2021 naar 8,0 in 2022."
    )
    assert (
        summaries.summary_trend("T", [{"period": "2021", "value": 9}, {"period": "2022", "value": 9.01}])
        == "Het landelijk gemiddelde bleef 9,0% van 2021 tot en met 2022."
    )
    assert (
        summaries.summary_trend("T", [{"period": "2025", "value": 23.4}])
        == "In 2025 was het landelijk gemiddelde 23,4%."
    )
    assert summaries.summary_trend("T", []) == summaries.EMPTY_SUMMARY


def test_summary_compare():
    data = [
        {"provider_id": p, "indicator_id": i, "comparison": c}
        for (p, i, c) in [
            ("A", "1", "better"),
            ("B", "1", "no_different"),
            ("A", "2", "worse"),
            ("B", "2", "no_different"),
        ]
    ]
    assert summaries.summary_compare(data) == (
        "Deze grafiek vergelijkt 2 aanbieders op 2 indicatoren; bij 1 van de 4 uitkomsten is de score "
        "beter dan het landelijk gemiddelde, bij 1 slechter en bij 2 niet duidelijk anders."
    )
    assert summaries.summary_compare([]) == summaries.EMPTY_SUMMARY


# ---------------------------------------------------------------- vendored files


def test_vendored_files_and_licences():
    for name in VENDORED:
        assert (VENDOR / name).stat().st_size > 1000, name
    for package in ("vega", "vega-lite", "vega-embed", "vega-interpreter"):
        assert "Redistribution and use" in (VENDOR / f"LICENSE-{package}.txt").read_text(encoding="utf-8")
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for pin in ("vega 6.4.0", "vega-lite 6.5.0", "vega-embed 7.3.0", "vega-interpreter 2.3.2"):
        assert pin in readme


@pytest.mark.parametrize("name", VENDORED + ["../javascripts/charts.js"])
def test_scripts_load_nothing_from_elsewhere(name):
    text = (VENDOR / name).read_text(encoding="utf-8")
    assert not re.search(r"""(import\s*\(|importScripts\s*\(|\bsrc\s*=\s*)["'`]https?://""", text), name
    assert not re.search(r"""fetch\(\s*["'`]https?://""", text), name
    for target in re.findall(r"sourceMappingURL=(\S+)", text):
        assert (VENDOR / target).exists(), f"{name} points to a missing source map {target}"


def test_interpreter_is_a_classic_script():
    text = (VENDOR / "vega-interpreter.js").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|export)\b", text, re.M)
    assert "vega.expressionInterpreter = expression" in text
    assert "BSD-3-Clause" in text


# ---------------------------------------------------------------- browser

INDICATORS = [
    "Keizersnede bij laag risico",
    "Vaginale bevalling na eerdere keizersnede met een heel lange naam",
    "Borstvoeding bij ontslag",
    "Spoedopname binnen 30 dagen",
    "Pijn na de operatie gemeten",
    "Tevredenheid over uitleg",
]
PROVIDERS = ["Ziekenhuis Aa", "Ziekenhuis De Lange Naam Met Meerdere Locaties", "Ziekenhuis Cee"]
COMPARE = ["better", "no_different", "worse", "not_compared", "no_different", "better"]


def _result(i, comparison, **extra):
    value = 20 + 11 * i
    return {
        "indicator_id": f"I{i}",
        "title": INDICATORS[i],
        "value": value,
        "ci_low": value - 6,
        "ci_high": value + 5,
        "national_value": 45.5,
        "comparison": comparison,
        "comparison_label": charts.COMPARISON_LABELS[comparison],
        "status": "published",
        "period": "2025",
        "set_id": "ggz",
        **extra,
    }


def page_json() -> dict:
    """A fake page JSON with rows the filters must drop (other status, period, set)."""
    results = [_result(i, c) for i, c in enumerate(COMPARE)]
    results.append(
        dict(
            _result(2, "better"),
            indicator_id="I6",
            title="Aandeel (0-1) op dezelfde plek als 42%",
            value=0.42,
            ci_low=0.36,
            ci_high=0.47,
            national_value=0.455,
            unit="proportion",
        )
    )
    results += [
        dict(_result(0, "better"), status="too_few_cases", indicator_id="X1"),
        dict(_result(1, "better"), period="2024", indicator_id="X2"),
        dict(_result(2, "better"), set_id="other", indicator_id="X3"),
    ]
    points, limits = [], []
    for k in range(60):
        n = 30 + k * 37
        value = 25 + ((k * 37) % 23 - 11) * (1.8 if k % 9 == 0 else 0.6)
        comparison = COMPARE[k % 4]
        points.append(
            {
                "provider_id": f"P{k:03d}",
                "name": f"Aanbieder {k}",
                "value": value,
                "denominator": n,
                "comparison": comparison,
                "comparison_label": charts.COMPARISON_LABELS[comparison],
                "status": "published",
                "period": "2025",
            }
        )
    for n in range(30, 2300, 60):
        w95, w998 = 1.96 * (25 * 75 / n) ** 0.5, 3.09 * (25 * 75 / n) ** 0.5
        limits.append(
            {
                "denominator": n,
                "low_95": 25 - w95,
                "high_95": 25 + w95,
                "low_998": 25 - w998,
                "high_998": 25 + w998,
            }
        )
    trend = [
        {
            "period": str(y),
            "value": 20 + (y - 2021) * 0.8,
            "q1": 16 + (y - 2021) * 0.7,
            "q3": 25 + (y - 2021) * 0.9,
            "providers": 80 + y - 2021,
        }
        for y in range(2021, 2026)
    ]
    compare = [
        dict(
            _result(i, COMPARE[(i + j) % 4]),
            provider_id=f"P{j}",
            name=name,
            status_label="gepubliceerd",
            value=20 + 11 * i + 7 * j,
        )
        for i in range(3)
        for j, name in enumerate(PROVIDERS)
    ]
    for row in compare:
        row["ci_low"], row["ci_high"] = row["value"] - 6, row["value"] + 5
    compare[4].update(
        value=None,
        ci_low=None,
        ci_high=None,
        comparison="",
        comparison_label="",
        status="too_few_cases",
        status_label="te weinig patiënten",
    )
    shares = [dict(r, value=r["value"] / 100) for r in points]
    share_funnel = [{k: v / 100 if k != "denominator" else v for k, v in r.items()} for r in limits]
    return {
        "results": results,
        "providers": points,
        "funnel": limits,
        "national": {"value": 25.0},
        "shares": shares,
        "share_funnel": share_funnel,
        "share_national": [{"value": 0.25}],
        "trend": trend,
        "compare": compare,
        "nothing": [],
    }


PROPORTION = {"unit": "proportion"}
FIGURES = [  # (figure id, chart type, datasets, expected symbols)
    (
        "provider-results",
        "provider-results",
        {
            "points": {
                "key": "results",
                "filter": {"status": "published", "period": "2025", "set_id": ["ggz", "x"]},
            }
        },
        7,
    ),
    (
        "funnel",
        "funnel",
        {
            "points": {"key": "providers", "filter": {"period": "2025"}},
            "funnel": {"key": "funnel"},
            "national": {"key": "national"},
        },
        60,
    ),
    (
        "funnel-aandeel",
        "funnel",
        {
            "points": {"key": "shares", "assign": PROPORTION},
            "funnel": {"key": "share_funnel", "assign": PROPORTION},
            "national": {"key": "share_national", "assign": PROPORTION},
        },
        60,
    ),
    (
        "strip",
        "strip",
        {"points": {"key": "providers", "filter": {"status": "published"}}, "national": {"key": "national"}},
        60,
    ),
    ("trend", "trend", {"national": {"key": "trend"}}, 5),
    ("compare", "compare", {"points": {"key": "compare"}}, 8),
]

HTML = """<!doctype html>
<html lang="nl" data-zs-debug><head><meta charset="utf-8">
<link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grafieken</title>
<script src="../../csp-probe.js"></script>
<link rel="stylesheet" href="../../assets/stylesheets/charts.css">
<link rel="stylesheet" href="../../page.css">
</head><body><main>
{figures}
<table class="zs-sortable" id="tabel"><thead><tr><th scope="col">Aanbieder</th><th scope="col">Score</th>\
</tr></thead>
<tbody><tr><th scope="row">Ziekenhuis Één</th><td data-sort="12.5">12,5%</td></tr>
<tr><th scope="row">ziekenhuis Aa</th><td data-sort="9">9,0%</td></tr>
<tr><th scope="row">Ziekenhuis Bee</th><td data-sort="">te weinig</td></tr>
<tr><th scope="row">Ziekenhuis 10</th><td data-sort="100">100,0%</td></tr></tbody></table>
</main>
<script src="../../assets/vendor/vega.min.js"></script>
<script src="../../assets/vendor/vega-lite.min.js"></script>
<script src="../../assets/vendor/vega-embed.min.js"></script>
<script src="../../assets/vendor/vega-interpreter.js"></script>
<script src="../../assets/javascripts/charts.js"></script>
</body></html>
"""

FIGURE = """<figure class="zs-chart" id="{id}" data-spec="../../assets/charts/{spec}.vl.json" \
data-source="{source}"
 data-datasets='{datasets}' data-label="{label}"><h2>{id}</h2><div class="zs-chart__view"></div>
<figcaption>{label}</figcaption></figure>"""

PROBE = """window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def write_site(folder: Path) -> str:
    """The test site: vendored assets, spec files, page JSON and an HTML page two folders deep."""
    shutil.copytree(ASSETS, folder / "assets", ignore=shutil.ignore_patterns("charts"))
    (folder / "assets" / "charts").mkdir()
    for kind, spec in charts.chart_specs().items():
        (folder / "assets" / "charts" / f"{kind}.vl.json").write_text(json.dumps(spec), encoding="utf-8")
    (folder / "assets" / "charts" / "broken.vl.json").write_text("{niet: json", encoding="utf-8")
    page = folder / "indicator" / "voorbeeld"
    page.mkdir(parents=True)
    (page / "data.json").write_text(json.dumps(page_json()), encoding="utf-8")
    (folder / "csp-probe.js").write_text(PROBE, encoding="utf-8")
    (folder / "page.css").write_text(
        "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;" "padding:0 12px}",
        encoding="utf-8",
    )
    figures = [
        FIGURE.format(
            id=fid, spec=kind, source="data.json", datasets=json.dumps(ds), label=f"Samenvatting van {fid}."
        )
        for fid, kind, ds, _ in FIGURES
    ]
    figures.append(
        FIGURE.format(
            id="leeg",
            spec="funnel",
            source="./data.json",
            label="Leeg.",
            datasets=json.dumps({"points": {"key": "nothing"}}),
        )
    )
    figures.append(
        FIGURE.format(
            id="kapot",
            spec="broken",
            source="data.json",
            label="Kapot.",
            datasets=json.dumps({"points": {"key": "results"}}),
        )
    )
    (page / "index.html").write_text(HTML.format(csp=CSP, figures="\n".join(figures)), encoding="utf-8")
    return "indicator/voorbeeld/index.html"


@pytest.fixture
def served_site(tmp_path, request):
    """The test site served by python -m http.server on 127.0.0.1 and a free port; stopped afterwards."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    pytest.importorskip("playwright.sync_api")
    page = write_site(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def stop():
        server.terminate()
        server.wait(10)

    request.addfinalizer(stop)
    base = f"http://127.0.0.1:{port}/"
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    for _ in range(100):
        try:
            direct.open(base + page, timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    return base + page


@pytest.mark.browser
def test_charts_render_in_chromium_under_strict_csp(served_site):
    """Every chart type draws marks from named data under the site's CSP, without errors or other hosts."""
    sync_api = pytest.importorskip("playwright.sync_api")
    problems, requests = [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda m: problems.append(f"{m.type}: {m.text}")
                if m.type == "error" or (m.type == "warning" and not re.search(HARMLESS, m.text))
                else None,
            )
            page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(served_site)
            page.wait_for_function(
                """() => [...document.querySelectorAll('figure.zs-chart')].every(f =>
                /zs-chart--(ready|empty|error)/.test(f.className))""",
                timeout=20000,
            )
            for fid, _, _, symbols in FIGURES:
                figure = page.locator(f"#{fid}")
                assert "zs-chart--ready" in figure.get_attribute("class"), fid
                svg = figure.locator(".zs-chart__view svg")
                assert svg.get_attribute("role") == "img", fid
                assert svg.get_attribute("aria-label") == f"Samenvatting van {fid}.", fid
                assert figure.locator(".mark-symbol.role-mark path").count() == symbols, fid
                assert svg.bounding_box()["width"] > 900, fid
            # proportions (0-1) are drawn as percentages: same place as 42%, same axes as the percentage
            # funnel
            xs = [
                t.split(",")[0]
                for t in page.locator("#provider-results .mark-symbol.role-mark path").evaluate_all(
                    "paths => paths.map(p => p.getAttribute('transform'))"
                )
            ]
            assert len(set(xs)) == 6
            axis = "#{} .role-axis-label text"
            assert (
                page.locator(axis.format("funnel")).all_inner_texts()
                == page.locator(axis.format("funnel-aandeel")).all_inner_texts()
            )
            assert page.locator("#funnel .mark-line.role-mark path").count() == 4
            assert "te weinig patiënten" in page.locator("#compare svg").text_content()
            assert page.locator("#trend .mark-line.role-mark path").count() == 3
            assert page.locator("#leeg .zs-chart__view").is_hidden()
            assert "zs-chart--empty" in page.locator("#leeg").get_attribute("class")
            assert (
                page.locator("#kapot .zs-chart__error")
                .inner_text()
                .startswith("De grafiek kon niet worden geladen")
            )
            page.screenshot(path="/tmp/charts-1280.png", full_page=True)

            header = page.locator("#tabel thead th").nth(1)
            header.locator("button").focus()
            page.keyboard.press("Enter")
            assert header.get_attribute("aria-sort") == "ascending"
            assert page.locator("#tabel tbody td").all_inner_texts() == [
                "9,0%",
                "12,5%",
                "100,0%",
                "te weinig",
            ]
            page.keyboard.press("Space")
            assert header.get_attribute("aria-sort") == "descending"
            assert page.locator("#tabel tbody td").all_inner_texts() == [
                "100,0%",
                "12,5%",
                "9,0%",
                "te weinig",
            ]
            page.locator("#tabel thead th").nth(0).locator("button").click()
            assert page.locator("#tabel tbody th").all_inner_texts() == [
                "Ziekenhuis 10",
                "ziekenhuis Aa",
                "Ziekenhuis Bee",
                "Ziekenhuis Één",
            ]
            assert header.get_attribute("aria-sort") is None

            page.set_viewport_size({"width": 375, "height": 800})
            page.wait_for_timeout(600)
            for fid, _, _, _ in FIGURES:
                box = page.locator(f"#{fid} .zs-chart__view svg").bounding_box()
                assert box["width"] <= 375 - 24 + 1, fid
                assert page.locator(f"#{fid} .zs-chart__view svg").get_attribute("role") == "img", fid
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            page.screenshot(path="/tmp/charts-375.png", full_page=True)
            assert page.evaluate("window.__csp") == []
        finally:
            browser.close()
    assert problems == []
    others = [u for u in requests if not u.startswith("http://127.0.0.1:") and not u.startswith("data:")]
    assert others == []


def test_summaries_in_english_say_both_for_two():
    from generator.site import labels

    with labels.use("en"):
        assert (
            summaries.summary_provider_results("X", rows("better", "better"))
            == "For both indicators, the result of X is better than the national average."
        )


def test_english_chart_specs_hold_no_dutch_label():
    """Every word a chart shows goes through the labels: rendered in English, no Dutch label is left."""
    import json

    from generator.site import labels

    dutch = {k for k, v in labels.catalogue("en").items() if k != v and len(k) > 3}
    with labels.use("en"):
        text = json.dumps(charts.chart_specs(), ensure_ascii=False)
    strings = set()

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            strings.add(node)

    walk(json.loads(text))
    left = sorted(s for s in strings if s in dutch or any(f"'{d}'" in s for d in dutch))
    assert not left, left
    assert "95% limit" in text and "99.8% limit" in text and "Limits" in text
