"""Builds shared by the site tests (tests/test_site.py) and the browser tests (tests/browser/).

The demo release is built once per test session through the command line, as a maintainer would:
`zorgspiegel demo --out X --providers 60 --seed 3`, then
`zorgspiegel build --input X --out Y --release 2026-11`. A tiny release whose intake names providers with
HTML and script is built the same way, for escaping, and a smaller demo with English labels
(`--language en`).
Both builds are cached in this module, so test files and conftests that ask for them share one build.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from generator.cli import main

RELEASE = "2026-11"
DEMO_PROVIDERS = 60
DEMO_SEED = 3

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_EXPLANATION = '<b>vet</b> & "quotes" <!-- <script>alert(2)</script>'
HOSTILE_PROVIDERS = f"""provider_id,name,kind,parent_id,city,province,region,website
ORG1,Zorggroep & Co <i>schuin</i>,organisatie,,Utrecht,Utrecht,Regio <Midden>,
0123,{HOSTILE_SCRIPT},ziekenhuis,ORG1,Utrecht,Utrecht,Regio <Midden>,https://example.org/a?b=1&c=<2>
GBZ-01,"{HOSTILE_IMG.replace('"', '""')}",ziekenhuis,ORG1,'s-Hertogenbosch,Noord-Brabant,Regio Zuid,\
javascript:alert(1)
0456,Ziekenhuis Gewoon,ziekenhuis,,Fryslân,Fryslân,Regio Noord,
"""
HOSTILE_INDICATORS = """\
indicator_id,set_id,set_title,title,type,unit,direction,provider_kind,rate_per,description,lay_explanation
GBZ-01,zkh,Ziekenhuizen <i>set</i> <!--<script>,Goede zorg <u>echt</u>,outcome,percentage,higher,ziekenhuis,,\
Wat <em>meet</em> dit?,<script>alert(3)</script>
R-1,zkh,Ziekenhuizen <i>set</i> <!--<script>,Heropnames,outcome,rate,lower,ziekenhuis,1000,,
"""
HOSTILE_RESULTS = f"""provider_id,indicator_id,period,numerator,denominator,value,approval_status,explanation
0123,GBZ-01,2024,80,100,,approved,"{HOSTILE_EXPLANATION.replace('"', '""')}"
GBZ-01,GBZ-01,2024,60,120,,approved,Gewoon
0456,GBZ-01,2024,3,5,,approved,
0123,GBZ-01,2023,70,100,,approved,
0123,R-1,2024,12,1000,12,approved,
GBZ-01,R-1,2024,30,1200,25,approved,
"""
HOSTILE_YAML = """version: 1
publication:
  title: Zorgspiegel <test>
  demo: true
tables:
  providers: {file: providers.csv}
  indicators: {file: indicators.csv}
  results: {file: results.csv}
"""


def write_hostile_intake(folder: Path) -> Path:
    """An intake folder whose names, titles and explanations carry HTML and script."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "intake.yaml").write_text(HOSTILE_YAML, "utf-8")
    (folder / "providers.csv").write_text(HOSTILE_PROVIDERS, "utf-8")
    (folder / "indicators.csv").write_text(HOSTILE_INDICATORS, "utf-8")
    (folder / "results.csv").write_text(HOSTILE_RESULTS, "utf-8")
    return folder


def package_and_render(rel, base: Path) -> tuple[dict, dict]:
    """(package files, generated site files) of a built release: its packages written under
    base/datapackages/<release>, then the site rendered with the releases found there (no MkDocs)."""
    from generator import pipeline
    from generator.publish import writer

    files = pipeline.package_release(rel)
    writer.replace_folder(base / "datapackages" / rel.release, files)
    return files, pipeline.render_release(rel, pipeline.list_releases(base / "datapackages"))


def run_cli(*args: str) -> str:
    """Run a zorgspiegel command in-process; fail with its output when it does not exit with 0."""
    result = CliRunner().invoke(main, list(args))
    if result.exit_code != 0:
        raise AssertionError(
            f"zorgspiegel {' '.join(args)} exited with {result.exit_code}:\n"
            f"{result.output}\n{result.exception!r}"
        )
    return result.output


@dataclass
class Built:
    """One built release: the output folder and its data package tables."""

    out: Path

    @property
    def site(self) -> Path:
        return self.out / "site"

    @property
    def package(self) -> Path:
        return self.out / "datapackages" / RELEASE / "alles"

    def table(self, name: str) -> pd.DataFrame:
        return pd.read_parquet(self.package / f"{name}.parquet")

    @cached_property
    def results(self) -> pd.DataFrame:
        return self.table("results")

    @cached_property
    def providers(self) -> pd.DataFrame:
        return self.table("providers")

    @cached_property
    def indicators(self) -> pd.DataFrame:
        return self.table("indicators")


_cache: dict[str, Built] = {}


def demo_build(tmp_path_factory) -> Built:
    """The demo release (60 providers, seed 3), built once per session through the CLI."""
    if "demo" not in _cache:
        base = tmp_path_factory.mktemp("demo-site")
        run_cli(
            "demo", "--out", str(base / "input"), "--providers", str(DEMO_PROVIDERS), "--seed", str(DEMO_SEED)
        )
        run_cli("build", "--input", str(base / "input"), "--out", str(base / "out"), "--release", RELEASE)
        _cache["demo"] = Built(base / "out")
    return _cache["demo"]


def hostile_build(tmp_path_factory, name: str = "hostile", *options: str) -> Built:
    """The tiny release with hostile names, built once per session through the CLI (with build `options`
    under another `name`)."""
    if name not in _cache:
        base = tmp_path_factory.mktemp(f"{name}-site")
        run_cli(
            "build",
            "--input",
            str(write_hostile_intake(base / "input")),
            "--out",
            str(base / "out"),
            "--release",
            RELEASE,
            *options,
        )
        _cache[name] = Built(base / "out")
    return _cache[name]


def english_build(tmp_path_factory) -> Built:
    """A demo release with English labels (40 providers, seed 3), built once per session through the CLI."""
    if "english" not in _cache:
        base = tmp_path_factory.mktemp("english-site")
        run_cli(
            "demo",
            "--out",
            str(base / "input"),
            "--providers",
            "40",
            "--seed",
            str(DEMO_SEED),
            "--language",
            "en",
        )
        run_cli("build", "--input", str(base / "input"), "--out", str(base / "out"), "--release", RELEASE)
        _cache["english"] = Built(base / "out")
    return _cache["english"]


SUBPATH_URL = "https://owner.github.io/zorgspiegel/"


def subpath_build(tmp_path_factory) -> Built:
    """The hostile release built for a project sub-path (`--site-url`), as GitHub Pages serves a repo."""
    return hostile_build(tmp_path_factory, "subpath", "--site-url", SUBPATH_URL.rstrip("/"))
