"""Writes this example's constructed files (run once; the output is committed). Fictitious figures in two
public layouts, for 60 real hospitals of the CMS registry (Hospital_General_Information.csv, public domain):

- Complications_and_Deaths-Hospital.csv: CMS Care Compare's "Complications and Deaths" layout (Facility
  ID, Measure ID, Compared to National, Denominator, Score, Lower Estimate, Higher Estimate, Footnote,
  Start Date, End Date): risk-standardised 30-day death rates with the publisher's interval and rating.
- SHMI-Provider.csv: the NHS "Summary Hospital-level Mortality Indicator" layout (observed and expected
  deaths, the ratio, its banding), here for the same hospitals.

Seeded: the same files every run. `python make_files.py` from this folder.
"""

import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
RNG = np.random.default_rng(20240701)
MEASURES = {
    "MORT_30_AMI": ("Death rate for heart attack patients", 12.8),
    "MORT_30_HF": ("Death rate for heart failure patients", 11.6),
}
RATING = {
    "better": "Better Than the National Rate",
    "no_different": "No Different Than the National Rate",
    "worse": "Worse Than the National Rate",
}


def hospitals(n: int = 60) -> list[dict]:
    """The first `n` acute care hospitals of Texas in the CMS registry."""
    with open(HERE / "Hospital_General_Information.csv", encoding="utf-8", newline="") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["State"] == "TX" and r["Hospital Type"] == "Acute Care Hospitals"
        ]
    return rows[:n]


def cms_rows(registry: list[dict]) -> list[dict]:
    """Rates with a 95% interval; the rating compares the interval with the median of the shown scores."""
    out = []
    for measure, (name, mean) in MEASURES.items():
        cases = RNG.poisson(140, len(registry)) * RNG.uniform(0.05, 2.5, len(registry))
        cases = np.round(cases).astype(int)
        rate = np.clip(RNG.normal(mean, 2.6, len(registry)), 5, 25)
        half = 1.96 * np.sqrt(rate / 100 * (1 - rate / 100) / np.maximum(cases, 1)) * 100 * 0.8
        shown = cases >= 25
        national = float(np.median(np.round(rate[shown], 1)))
        for h, n, r, w, ok in zip(registry, cases, rate, half, shown):
            row = {
                "Facility ID": h["Facility ID"],
                "Facility Name": h["Facility Name"],
                "Measure ID": measure,
                "Measure Name": name,
                "Denominator": str(n),
                "Start Date": "07/01/2019",
                "End Date": "06/30/2022",
            }
            if not ok:
                row |= {
                    "Compared to National": "Number of Cases Too Small",
                    "Score": "Not Available",
                    "Lower Estimate": "Not Available",
                    "Higher Estimate": "Not Available",
                    "Footnote": "1",
                }
            else:
                low, high = round(r - w, 1), round(r + w, 1)
                verdict = "worse" if low > national else "better" if high < national else "no_different"
                row |= {
                    "Compared to National": RATING[verdict],
                    "Score": f"{r:.1f}",
                    "Lower Estimate": f"{low:.1f}",
                    "Higher Estimate": f"{high:.1f}",
                    "Footnote": "",
                }
            out.append(row)
    return out


def shmi_rows(registry: list[dict]) -> list[dict]:
    """Observed and expected deaths, the expected ones scaled so that nationally observed = expected; the
    banding as NHS Digital codes it (1 higher, 2 as, 3 lower than expected), here from a plain z-score."""
    out = []
    expected = np.round(RNG.uniform(20, 400, len(registry)), 2)
    ratio = np.clip(RNG.normal(1.0, 0.12, len(registry)), 0.6, 1.5)
    observed = RNG.poisson(expected * ratio)
    expected = np.round(
        expected * observed.sum() / expected.sum(), 2
    )  # calibrated: national SHMI = 1, as NHS does
    for h, e, o in zip(registry, expected, observed):
        value = o / e
        z = (o - e) / np.sqrt(e)
        band = "1" if z > 1.96 else "3" if z < -1.96 else "2"
        out.append(
            {
                "Provider code": h["Facility ID"],
                "Provider name": h["Facility Name"],
                "Spells": str(int(e * 30)),
                "Observed deaths": str(o),
                "Expected deaths": f"{e:.2f}",
                "SHMI value": f"{value:.4f}",
                "SHMI banding": band,
                "Reporting period start": "2021-04-01",
                "Reporting period end": "2022-03-31",
            }
        )
    return out


def write(name: str, rows: list[dict]) -> None:
    """One CSV as the publisher would ship it."""
    with open(HERE / name, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    registry = hospitals()
    write("Complications_and_Deaths-Hospital.csv", cms_rows(registry))
    write("SHMI-Provider.csv", shmi_rows(registry))
