"""The site's labels in Dutch and English: every label used has its English text, every English text is used,
translations keep the placeholders and the HTML of their Dutch text, numbers and dates follow the language."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
import re
from pathlib import Path

import markupsafe
import pytest
import yaml
from bs4 import BeautifulSoup
from sitebuild import HOSTILE_IMG, HOSTILE_SCRIPT, english_build, run_cli, write_hostile_intake

import generator
from generator.site import formatting, labels, mkdocs_config
from generator.site.labels import Labelled, _

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "generator" / "templates" / "site").glob("*.j2"))
OVERRIDES = sorted((ROOT / "site_src" / "overrides").glob("*.html"))
TEMPLATE_CALL = re.compile(r'\b_\("((?:[^"\\]|\\.)*)"')
OVERRIDE_LABEL = re.compile(r'config\.extra\.labels\["([^"]+)"\]')
TAG = re.compile(r"</?([a-z][a-z0-9]*)\b[^>]*>")


def template_labels() -> set[str]:
    """The first argument of every _("…") call in the page templates."""
    return {
        m.group(1).replace('\\"', '"')
        for f in TEMPLATES
        for m in TEMPLATE_CALL.finditer(f.read_text("utf-8"))
    }


def code_labels() -> set[str]:
    """Labels of the Python code: constant first arguments of _() and N_() calls, the registered Labelled
    tables, and the titles of mkdocs.yml's navigation and its site description (translated by the site
    step)."""
    found: set[str] = set()
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                name = (
                    node.func.id
                    if isinstance(node.func, ast.Name)
                    else node.func.attr
                    if isinstance(node.func, ast.Attribute)
                    else ""
                )
                if name in ("_", "N_"):
                    found.add(node.args[0].value)
    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        importlib.import_module(info.name)
    for table in Labelled.registered:
        found.update(table.dutch().values())
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)

    def titles(nav):
        for item in nav:
            if isinstance(item, dict):
                for title, value in item.items():
                    yield title
                    if isinstance(value, list):
                        yield from titles(value)

    found.update(titles(config["nav"]))
    found.add(config["site_description"])
    return found


def catalogue_file(name: str) -> dict[str, str]:
    return labels.load_catalogue(labels.LOCALE_DIR / "en" / f"{name}.yaml")


@pytest.mark.parametrize("name", labels.CATALOGUES)
def test_every_catalogue_loads_with_matching_placeholders_and_tags(name):
    entries = catalogue_file(name)
    assert entries, name
    for dutch, english in entries.items():
        assert sorted(TAG.findall(dutch)) == sorted(TAG.findall(english)), (dutch, english)
        assert (dutch[:1].isspace(), dutch[-1:].isspace()) == (
            english[:1].isspace(),
            english[-1:].isspace(),
        ), (dutch, english)


def test_every_template_label_has_its_english_text_and_every_english_text_is_used():
    used, known = template_labels(), catalogue_file("templates")
    assert len(used) > 100
    assert sorted(used - set(known)) == [], "labels without English text in templates.yaml"
    assert sorted(set(known) - used) == [], "entries of templates.yaml no template uses"


def test_every_code_label_has_its_english_text_and_every_english_text_is_used():
    used, known = code_labels() | set(mkdocs_config.THEME_LABELS), catalogue_file("code")
    assert (
        sorted(used - set(known) - set(catalogue_file("templates"))) == []
    ), "labels without English text in code.yaml"
    assert sorted(set(known) - used) == [], "entries of code.yaml the code does not use"


def test_a_label_has_one_english_text_in_all_catalogues():
    seen: dict[str, str] = {}
    for name in labels.CATALOGUES:
        for dutch, english in catalogue_file(name).items():
            assert seen.setdefault(dutch, english) == english, (dutch, seen[dutch], english)


def test_the_theme_overrides_use_only_the_theme_labels():
    used = {m.group(1) for f in OVERRIDES for m in OVERRIDE_LABEL.finditer(f.read_text("utf-8"))}
    assert used and used == set(mkdocs_config.THEME_LABELS)
    for f in OVERRIDES:  # no Dutch sentence left outside the labels (comments aside)
        text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", "", f.read_text("utf-8"), flags=re.S)
        visible = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        assert not re.search(r"\b(de|het|een|van|niet|naar)\b", visible), (f.name, visible)


def test_dutch_is_the_default_and_english_is_chosen_by_use():
    assert labels.active() == "nl" and _("Landelijk (alle aanbieders)") == "Landelijk (alle aanbieders)"
    with labels.use("en"):
        assert labels.active() == "en"
        assert _("Landelijk (alle aanbieders)") == "National (all providers)"
        assert _("Zelfde regio: {region}", region="Regio Utrecht") == "Same region: Regio Utrecht"
        assert _("a text that has no label") == "a text that has no label"
    assert labels.active() == "nl"
    with pytest.raises(ValueError, match="is not one of nl, en"), labels.use("fr"):
        pass


def test_template_labels_escape_their_parameters_not_their_text():
    with labels.use("en"):
        out = labels.markup("Zelfde regio: {region}", region="<script>alert(1)</script>")
    assert isinstance(out, markupsafe.Markup) and "<script>" not in out and "&lt;script&gt;" in out


def test_labelled_tables_translate_when_read():
    table = Labelled({"x": "niet vergeleken"})
    assert table["x"] == "niet vergeleken" and dict(table) == {"x": "niet vergeleken"}
    with labels.use("en"):
        assert table["x"] == "not compared" and table.get("y", "-") == "-"
    Labelled.registered.remove(table)


def test_numbers_sizes_and_dates_follow_the_language():
    day = dt.date(2026, 1, 24)
    assert (
        labels.format_number(1234.56),
        formatting.filesize(14_200),
        formatting.date_text(day),
        formatting.month_text(dt.date(2026, 11, 1)),
    ) == ("1.234,6", "14,2 kB", "24-01-2026", "november 2026")
    with labels.use("en"):
        assert (
            labels.format_number(1234.56),
            formatting.filesize(14_200),
            formatting.date_text(day),
            formatting.month_text(dt.date(2026, 11, 1)),
        ) == ("1,234.6", "14.2 kB", "24 Jan 2026", "November 2026")
    assert formatting.filesize(812) == "812 B" and formatting.filesize(3_400_000) == "3,4 MB"


def test_a_catalogue_with_other_placeholders_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('"Zelfde regio: {region}": "Same region: {regio}"\n', "utf-8")
    with pytest.raises(labels.CatalogueError, match="other placeholders"):
        labels.load_catalogue(bad)
    bad.write_text("- a list\n", "utf-8")
    with pytest.raises(labels.CatalogueError, match="expected a mapping"):
        labels.load_catalogue(bad)


def test_the_scripts_labels_file_carries_the_scripts_catalogue_only():
    english, dutch = labels.script("en"), labels.script("nl")
    assert 'Z.language = "en"' in english and 'Z.locale = "en-GB"' in english
    assert "Z.labels = {}" in dutch and 'Z.locale = "nl-NL"' in dutch
    assert "</script" not in english.lower()


# ---------------------------------------------------------------- an English build, as a publisher makes it

DUTCH_WORDS = re.compile(
    r"\b(het|een|niet|voor|bij|zijn|wordt|deze|naar|ook|aanbieders?|uitkomsten?|landelijk|zorgaanbieders?|"
    r"goedgekeurd|gemiddelde|vergelijking|waarde|kwart|periode|resultaten|toelichting|afdrukken|alle|versie|licentie|"
    r"tabel|grafiek|downloaden|wijzigingen)\b",
    re.I,
)


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return english_build(tmp_path_factory)


def generated_pages(site_dir: Path) -> list[tuple[Path, BeautifulSoup]]:
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        if soup.find("meta", attrs={"name": "generator-note"}):
            pages.append((path, soup))
    return pages


def data_texts(built) -> list[str]:
    """Every text from the intake that a page may show as delivered (names, titles, explanations …),
    longest first."""
    from generator.config.settings import parse_intake_config

    publication = parse_intake_config(
        (built.out.parent / "input" / "intake.yaml").read_text("utf-8")
    ).publication
    texts = {publication.title, publication.publisher}
    for name, columns in (
        ("providers", ["name", "city", "municipality", "province", "region", "address", "website"]),
        (
            "indicators",
            [
                "title",
                "set_title",
                "description",
                "lay_explanation",
                "numerator_definition",
                "denominator_definition",
            ],
        ),
        ("results", ["explanation", "text_value"]),
    ):
        table = built.table(name)
        for column in columns:
            if column in table:
                texts.update(str(v) for v in table[column].dropna() if str(v).strip())
    # the data packages describe themselves in Dutch (titles, citation): the downloads page quotes them as
    # they are
    for folder in (built.out / "datapackages" / "2026-11").iterdir():
        if (folder / "datapackage.json").is_file():
            texts.add(json_file(folder / "datapackage.json")["title"])
            texts.add((folder / "CITATION.txt").read_text("utf-8").strip())
    return sorted(texts, key=len, reverse=True)


def visible_text(soup: BeautifulSoup) -> str:
    main = soup.select_one("article") or soup
    for hidden in main.select("script, style"):
        hidden.decompose()
    parts = [main.get_text(" ")] + [
        el[a]
        for el in main.find_all(True)
        for a in ("aria-label", "placeholder", "title", "data-label", "data-note")
        if el.has_attr(a)
    ]
    return " ".join(" ".join(parts).split())


def test_every_page_of_an_english_build_says_it_is_english(english):
    pages = sorted(english.site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        head = path.read_text("utf-8")[:200]
        assert '<html lang="en"' in head, path


def test_no_dutch_label_is_left_on_the_generated_pages_of_an_english_build(english):
    catalogue = labels.catalogue("en")
    fragments = {
        piece.strip()
        for dutch, english_text in catalogue.items()
        if dutch != english_text
        for piece in re.split(r"\{[a-z_][a-z0-9_]*\}", TAG.sub(" ", dutch))
        if len(piece.strip()) >= 18
    }
    data = data_texts(english)
    pages = generated_pages(english.site)
    kinds = {p.relative_to(english.site).parts[0] for p, _ in pages}
    assert {
        "aanbieders",
        "indicatoren",
        "indicatorsets",
        "regio",
        "soorten",
        "a-z",
        "keuzehulp",
        "downloads",
        "wijzigingen",
        "zoeken",
        "index.html",
    } <= kinds
    for path, soup in pages:
        text = visible_text(soup)
        for delivered in data:
            text = text.replace(delivered, " ")
        leaks = sorted(f for f in fragments if f in text)
        assert not leaks, (path, leaks[:5])
        words = sorted({m.group(0) for m in DUTCH_WORDS.finditer(text)})
        assert not words, (path, words, text[:400])


def test_an_english_build_has_english_charts_scripts_and_theme(english):
    spec = json_file(english.site / "assets" / "charts" / "provider-results.vl.json")
    assert spec["config"]["locale"]["number"]["decimal"] == "."
    legend = spec["layer"][2]["encoding"]["color"]["legend"]["title"]
    assert legend == "Compared with national"
    script = (english.site / "assets" / "javascripts" / "labels.js").read_text("utf-8")
    assert 'Z.language = "en"' in script and "Search" in script
    missing = BeautifulSoup((english.site / "404.html").read_text("utf-8"), "html.parser")
    assert missing.select_one("article h1").get_text(strip=True) == "Page not found"
    assert missing.select_one("a.zs-skip").get_text(strip=True) == "Skip to content"
    nav = [a.get_text(" ", strip=True) for a in missing.select("nav.md-nav--primary a.md-nav__link")]
    assert "Care providers" in " ".join(nav) and "Zorgaanbieders" not in " ".join(nav)


def test_english_labels_escape_a_hostile_intake(tmp_path):
    folder = write_hostile_intake(tmp_path / "input")
    intake = folder / "intake.yaml"
    intake.write_text(
        intake.read_text("utf-8").replace("  demo: true\n", "  demo: true\n  language: en\n"), "utf-8"
    )
    run_cli("build", "--input", str(folder), "--out", str(tmp_path / "out"), "--release", "2026-11")
    for path in (tmp_path / "out" / "site").rglob("*.html"):
        html = path.read_text("utf-8")
        assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html, path


def json_file(path: Path):
    import json

    return json.loads(path.read_text("utf-8"))


def test_the_printed_page_numbers_are_in_the_sites_language():
    assert 'content: "pagina " counter(page) " van " counter(pages);' in labels.stylesheet("nl")
    assert 'content: "page " counter(page) " of " counter(pages);' in labels.stylesheet("en")


def test_the_hand_written_dutch_pages_say_so_on_an_english_site(english):
    about = BeautifulSoup((english.site / "over" / "index.html").read_text("utf-8"), "html.parser")
    part = about.select_one("article div[lang]")
    assert (
        part is not None
        and part["lang"] == "nl"
        and part.find("h1").get_text(strip=True) == "Over Zorgspiegel"
    )
    home = BeautifulSoup((english.site / "index.html").read_text("utf-8"), "html.parser")
    assert home.select_one("article div[lang]") is None  # a generated page is in the site's language


def test_on_a_dutch_site_the_dutch_pages_need_no_mark(tmp_path_factory):
    from sitebuild import demo_build

    about = BeautifulSoup(
        (demo_build(tmp_path_factory).site / "over" / "index.html").read_text("utf-8"), "html.parser"
    )
    assert (
        about.select_one("article div[lang]") is None
        and about.select_one("article h1").get_text(strip=True) == "Over Zorgspiegel"
    )
