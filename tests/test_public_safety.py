"""Nothing unapproved, nothing under the disclosure threshold, ever reaches a public output.

Builds a release through the CLI with unique markers planted in pending, rejected, withdrawn,
invalid, below-threshold and denominator-free rows, and in the name of a provider that approved
nothing, then reads every public file (CSV, JSON, Markdown, Parquet decoded, zips unpacked) and looks
for the markers. Also: two builds of the same input give the same bytes.
"""

import hashlib
import io
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from generator.cli import main

PROVIDERS = """provider_id,name,kind,city
0001,Ziekenhuis Een,ziekenhuis,Utrecht
0002,"Ziekenhuis <script>alert(1)</script>",ziekenhuis,Zwolle
0003,Ziekenhuis Drie,ziekenhuis,Assen
0004,Ziekenhuis MARKER-UNAPPROVED-7f3a,ziekenhuis,Delft
"""
INDICATORS = """indicator_id,set_id,title,type,unit,direction,provider_kind
P1,zkh,Percentage goed,outcome,percentage,higher,ziekenhuis
"""
RESULTS = """provider_id,indicator_id,period,numerator,denominator,value,approval_status,explanation
0001,P1,2023,40,80,,approved,Gewone toelichting
0002,P1,2023,45,90,,approved,
0003,P1,2023,50,100,,approved,
0001,P1,2022,88,97,91.2345,pending,MARKER-PENDING-7f3a
0002,P1,2022,77,97,81.2345,rejected,MARKER-REJECTED-7f3a
0003,P1,2022,66,97,71.2345,withdrawn,MARKER-WITHDRAWN-7f3a
0003,P1,2021,3,7,61.2345,approved,MARKER-SMALL-7f3a: 3 van de 7 cliënten
0002,P1,2021,99,98,51.2345,approved,MARKER-INVALID-7f3a
0001,P1,2020,1,,14.2857,approved,MARKER-NODENOMINATOR-7f3a
0002,P1,2020,,,42.8571,approved,
0004,P1,2023,30,60,50.1234,pending,
0004,P1,2022,,,,pending,
"""
MARKERS = ["91.2345", "81.2345", "71.2345", "61.2345", "51.2345", "14.2857", "42.8571", "50.1234", "MARKER-"]


def make_intake(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "intake.yaml").write_text(
        "tables:\n  providers: {file: p.csv}\n  indicators: {file: i.csv}\n  results: {file: r.csv}\n"
    )
    (folder / "p.csv").write_text(PROVIDERS)
    (folder / "i.csv").write_text(INDICATORS)
    (folder / "r.csv").write_text(RESULTS)
    return folder


def public_texts(name: str, data: bytes):
    """Every public file as text: Parquet decoded to rows, zips unpacked (recursively)."""
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for member in zf.namelist():
                yield from public_texts(member, zf.read(member))
    elif name.endswith(".parquet"):
        yield name, pq.read_table(io.BytesIO(data)).to_pandas().to_csv()
    else:
        yield name, data.decode("utf-8", errors="replace")


def build(tmp_path: Path, out: str) -> Path:
    intake = make_intake(tmp_path / "intake")
    result = CliRunner().invoke(
        main, ["build", "--input", str(intake), "--out", str(tmp_path / out), "--release", "2026-11"]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / out


def public_files(out: Path) -> list[Path]:
    roots = [out / "datapackages", out / "site"]
    return sorted(p for root in roots if root.exists() for p in root.rglob("*") if p.is_file())


def test_no_marker_reaches_a_public_file(tmp_path):
    out = build(tmp_path, "out")
    files = public_files(out)
    assert any(p.suffix == ".parquet" for p in files) and any(p.suffix == ".zip" for p in files)
    scanned = 0
    for path in files:
        for name, text in public_texts(path.name, path.read_bytes()):
            scanned += 1
            for marker in MARKERS:
                assert marker not in text, f"{marker} found in {path.relative_to(out)} ({name})"
    assert scanned > 20
    # the processing report (not public) accounts for every planted row
    report = (out / "report" / "report.json").read_text()
    assert '"held_back": 5' in report and '"rejected": 3' in report and '"suppressed": 1' in report


def test_suppressed_row_is_published_without_figures(tmp_path):
    out = build(tmp_path, "out")
    rows = (
        pq.read_table(out / "datapackages" / "2026-11" / "alles" / "results.parquet")
        .to_pandas()
        .set_index(["provider_id", "period"])
    )
    small = rows.loc[("0003", "2021")]
    assert small["status"] == "too_few_cases"
    assert small[["value", "numerator", "denominator", "ci_low", "ci_high"]].isna().all()
    assert small["explanation"] == ""
    assert ("0001", "2022") not in rows.index or rows.loc[("0001", "2022"), "status"] == "not_delivered"


def test_two_builds_of_the_same_input_give_the_same_bytes(tmp_path):
    def digests(out: Path) -> dict:
        return {
            str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in public_files(out)
        }

    first, second = digests(build(tmp_path, "a")), digests(build(tmp_path, "b"))
    assert first == second and len(first) > 20
