"""The browser's numbers are the provider pages' numbers: Zorgspiegel.format (charts.js) against Python's.

charts.js formats with the unit table the build writes (core/units.py as assets/javascripts/units.json) and
Intl.NumberFormat in the site's locale. Here, in Debian's Chromium on the built Dutch and English demo sites,
every unit of the table formats a sample of values (ties, values around 10 where means change their decimals,
thousands, negatives, -0, missing) exactly as the Python side does: `formatting.formatted`,
`formatting.number`, `formatting.share_yes`, `mirror.group_value_text` and `mirror.range_text`.
The fixtures are those of tests/browser/conftest.py.
"""

from __future__ import annotations

import math

import pytest

from generator.core import units
from generator.site import formatting, labels, mirror

pytestmark = pytest.mark.browser

VALUES = [
    0,
    0.0004,
    0.0005,
    0.0015,
    0.125,
    0.375,
    0.5,
    1,
    2.5,
    2.675,
    3.5,
    9.994,
    9.995,
    9.999,
    10,
    12.25,
    12.35,
    64.05,
    99.95,
    100,
    999.95,
    1234.5,
    999999.95,
    1234567.891,
    -0.04,
    -0.0,
    -2.5,
    -3.14159,
    -1234.5,
    None,
    math.nan,
]
RATE_PER = [None, 1, 10, 1000, 100000]
PAIRS = [(1.25, 3.5), (9.5, 10.5), (62.05, 74.35), (0.1234, 0.5), (1234.5, 20000), (None, 3), (2, math.nan)]

BROWSER = """async ([values, ratePers, pairs]) => {
  const F = window.Zorgspiegel.format;
  const table = await F.load();
  const out = {units: Object.keys(table).sort(), formatted: [], number: [], decimals: [], share: [],
               group: [], range: []};
  for (const unit of Object.keys(table).sort()) {
    for (const per of (unit === 'rate' ? ratePers : [null])) {
      for (const v of values) {
        out.formatted.push(F.formatted(v, unit, per));
        out.group.push(F.groupValue(v, unit, per));
        if (typeof v === 'number' && !isNaN(v)) { out.decimals.push(F.decimals(unit, v)); }
      }
      for (const [low, high] of pairs) { out.range.push(F.range(low, high, unit, per)); }
    }
  }
  for (const d of [0, 1, 2, 3]) { for (const v of values) { out.number.push(F.number(v, d)); } }
  for (const v of values) { out.share.push(F.shareYes(v)); }
  return out;
}"""


def python_side(language: str) -> dict:
    """What the provider pages show for the same values, in `language`."""
    out: dict = {"units": sorted(units.UNITS), "formatted": [], "number": [], "decimals": [], "share": []}
    out.update(group=[], range=[])
    with labels.use(language):
        for unit in sorted(units.UNITS):
            for per in RATE_PER if unit == "rate" else [None]:
                for v in VALUES:
                    out["formatted"].append(formatting.formatted(v, unit, per))
                    out["group"].append(mirror.group_value_text(v, unit, per))
                    if not formatting.missing(v):
                        out["decimals"].append(units.decimals(unit, v))
                for low, high in PAIRS:
                    out["range"].append(mirror.range_text(low, high, unit, per))
        for d in range(4):
            out["number"].extend(formatting.number(v, d) for v in VALUES)
        out["share"].extend(formatting.share_yes(v) for v in VALUES)
    return out


def differences(browser: dict, python: dict) -> list[str]:
    found = []
    for key, expected in python.items():
        got = browser[key]
        assert len(got) == len(expected), (key, len(got), len(expected))
        found += [
            f"{key}[{i}]: browser {b!r}, python {p!r}"
            for i, (b, p) in enumerate(zip(got, expected))
            if b != p
        ]
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_browser_formats_every_unit_as_the_provider_pages_do(open_page, request, language):
    base = request.getfixturevalue("base_url" if language == "nl" else "english_url")
    page, watch = open_page(base)
    page.wait_for_function("() => window.Zorgspiegel && window.Zorgspiegel.format")
    assert page.evaluate("() => window.Zorgspiegel.language") == language
    browser = page.evaluate(BROWSER, [VALUES, RATE_PER, PAIRS])
    python = python_side(language)
    assert browser["units"] == python["units"], "units.json holds the units of core/units.py"
    wrong = differences(browser, python)
    assert not wrong, f"{len(wrong)} differences in {language}:\n" + "\n".join(wrong[:40])
    # a sample of what was compared, so a test that compares empty strings cannot pass
    samples = {"nl": ("1.234,5", "12,2%", "2,67"), "en": ("1,234.5", "12.2%", "2.67")}
    thousands, tie, binary = samples[language]
    assert thousands in browser["number"] and binary in browser["number"] and tie in browser["formatted"]
    assert not watch.problems(), watch.problems()


def test_a_value_axis_names_the_declared_unit_as_the_cells_do(open_page, base_url):
    """The choice aid's compare axis: 'Gemiddelde (weken)' where the cells say '5,2 weken'."""
    page, watch = open_page(base_url)
    page.wait_for_function("() => window.Zorgspiegel && window.Zorgspiegel.format")
    titles = page.evaluate(
        """() => { const F = window.Zorgspiegel.format;
        return [F.axisTitle('mean', null, 'weken'), F.axisTitle('median', null, ' dagen '),
                F.axisTitle('mean', null, ''), F.axisTitle('mean'), F.axisTitle('proportion', null, 'x'),
                F.axisTitle('rate', 1000, 'opnames'), F.formatted(5.2, 'mean', null, 'weken')]; }"""
    )
    assert titles == [
        "Gemiddelde (weken)",
        "Mediaan (dagen)",
        "Gemiddelde",
        "Gemiddelde",
        "Waarde",
        "Aantal per 1.000",
        "5,2 weken",
    ]
    assert not watch.problems(), watch.problems()
