"""Matching a delivered file's columns onto the contract, for `zorgspiegel init`.

By name: the Dutch and English spellings of synonyms.COLUMN_SYNONYMS ('Teller', 'Numerator', 'AGB-code',
'Facility ID', 'Measure ID', 'Score', 'Sample', ...), compared by `loose_key`. By content, for a required
column no name gave: ids that repeat (results) or are unique (a registry), periods, date columns, figures
in 0-100, a numerator never above its denominator, approval words. A name match is dropped when the
content contradicts it (a 'Score' without a single number is no value). Pure functions on text tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from generator.config.contract import FieldSpec, table_spec
from generator.core.names import TABLES
from generator.core.periods import PERIOD_PATTERN, normalise_period
from generator.intake.mapping import RawTable, normalise_numbers
from generator.intake.synonyms import (
    APPROVAL_WORDS,
    COLUMN_SYNONYMS,
    EMPTY_WORDS,
    MISSING_REASON_WORDS,
    SYNONYMS,
)
from generator.intake.text import header_key

ID_PATTERN = re.compile(table_spec("providers").field("provider_id").pattern or ".+")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
_TIME_PART = r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"
ID_FIELDS = ("provider_id", "indicator_id", "set_id", "parent_id")
FIGURES = ("value", "numerator", "denominator", "text_value")
MOST = 0.95  # "all" in content rules: a stray cell does not undo a match


def loose_key(name: str) -> str:
    """A column name for comparing with the synonyms: header_key without any space, dash, slash or
    underscore ('AGB-code', 'AGB code' and 'agbcode' are one; 'City/Town' is 'citytown')."""
    return re.sub(r"[\W_]+", "", header_key(name))


_RANKS = {
    name: {loose_key(s): i for i, s in enumerate((name, *COLUMN_SYNONYMS.get(name, ())))}
    for name in {f.name for t in TABLES for f in table_spec(t).fields}
}


def missing_reason_of(word: str) -> str | None:
    """The contract's missing_reason a cell means ('Too Few to Report' -> too_few_cases), or None."""
    low = word.strip().lower()
    return next((r for w, r in MISSING_REASON_WORDS.items() if low == w or low.startswith(w + " ")), None)


@dataclass
class Column:
    """One delivered column and what its cells look like."""

    name: str  # as delivered, outer spaces stripped
    key: str  # the frame's own key
    filled: int  # cells that are not empty
    distinct: int
    numbers: pd.Series = field(repr=False)  # each row's number (NaN where the cell is none)
    numeric: float = 0.0  # share of the filled cells, apart from 'missing' words, that are numbers
    percent_like: float = 0.0  # share of those numbers from 0 to 100
    whole: float = 0.0  # share of those numbers that are whole
    period: float = 0.0  # share of filled cells that are periods (2023, 2023-Q2, 2023-05)
    id_like: float = 0.0  # share of filled cells that are valid ids
    date_format: str | None = None  # the format most cells are dates in ('excel' for serial days)
    top: dict[str, int] = field(default_factory=dict)  # the most common cells with their counts
    words: dict[str, int] = field(default_factory=dict)  # the most common cells that are no number
    pad_width: int | None = None  # ids of digits of which some lost their leading zeros: the full width
    samples: list[str] = field(default_factory=list)  # the first distinct values

    @property
    def loose(self) -> str:
        """The name as compared with the synonyms."""
        return loose_key(self.name)

    @property
    def repeats(self) -> bool:
        """Whether values come back (ids in a results file) rather than each once (a registry)."""
        return 1 < self.distinct < self.filled

    def texts(self, minimum: float = 0.5) -> bool:
        """Whether the column holds words with spaces (names, titles), not codes or figures."""
        words = sum(n for w, n in self.words.items() if " " in w)
        return self.filled > 0 and self.numeric < 0.5 and words >= minimum * self.filled


def _share(mask: pd.Series, weights: pd.Series) -> float:
    total = weights.sum()
    return float(weights[mask.to_numpy()].sum() / total) if total else 0.0


def _date_format(values: pd.Series, counts: pd.Series, name: str, numbers: pd.Series) -> str | None:
    """The strptime format most distinct cells parse with, 'excel' for serial day numbers in a column
    named like a date, or None."""
    sample = pd.Series(values[:500]).str.replace(_TIME_PART, "", regex=True)
    weights = counts[:500]
    best = max(
        (
            (_share(pd.to_datetime(sample, format=f, errors="coerce").notna(), weights), f)
            for f in DATE_FORMATS
        ),
        key=lambda pair: pair[0],
    )
    if best[0] >= MOST:
        return best[1]
    days = numbers.dropna()
    named = any(w in loose_key(name) for w in ("date", "datum"))
    if named and len(days) and days.between(20000, 80000).mean() >= MOST:
        return "excel"
    return None


def profile_column(name: str, key: str, cells: pd.Series, decimal: str = "auto") -> Column:
    """What one column's cells look like (see Column)."""
    text = cells.astype(str).str.strip()
    filled = text[text != ""]
    counts = filled.value_counts(sort=True)
    values = pd.Series(counts.index, dtype=str)
    numbers = pd.to_numeric(normalise_numbers(text, decimal).where(text != "", None), errors="coerce")
    distinct_numbers = pd.to_numeric(normalise_numbers(values, decimal), errors="coerce")
    is_number = distinct_numbers.notna()
    missing_word = values.map(missing_reason_of).notna() | values.isin(EMPTY_WORDS)
    base = counts[~missing_word.to_numpy()].sum()
    nums = distinct_numbers[is_number]
    weights = counts[is_number.to_numpy()]
    periods = values.map(normalise_period)
    is_period = periods.str.match(PERIOD_PATTERN.pattern) & periods.str.slice(0, 4).between("1900", "2100")
    words = {str(w): int(n) for w, n in counts[(~is_number).to_numpy()].head(50).items()}
    digits = values[values.str.fullmatch(r"\d+")]
    widths = digits.str.len()
    width = int(widths.max()) if len(digits) else 0
    full = _share(widths == width, counts[values.str.fullmatch(r"\d+").to_numpy()]) if width else 0.0
    return Column(
        name=str(name).strip(),
        key=key,
        filled=len(filled),
        distinct=len(counts),
        numbers=numbers,
        numeric=float(weights.sum() / base) if base else 0.0,
        percent_like=_share(nums.between(0, 100), weights),
        whole=_share(nums == nums.round(), weights),
        period=_share(is_period, counts),
        id_like=_share(values.str.fullmatch(ID_PATTERN.pattern), counts),
        date_format=_date_format(values, counts, name, numbers) if len(values) else None,
        top={str(w): int(n) for w, n in counts.head(50).items()},
        words=words,
        pad_width=width if width >= 4 and 0.5 <= full < 1 and len(digits) == len(values) else None,
        samples=list(filled.drop_duplicates().head(3)),
    )


def profile(raw: RawTable) -> list[Column]:
    """Every column of a table as read, profiled."""
    header = raw.header if raw.header is not None else list(raw.frame.columns)
    decimal = raw.frame.attrs.get("decimal", "auto")
    return [profile_column(h, k, raw.frame[k], decimal) for k, h in zip(raw.frame.columns, header)]


# ---------------------------------------------------------------- matching


@dataclass
class Match:
    """A table's contract columns found among a file's columns, and how."""

    table: str
    columns: dict[str, Column] = field(default_factory=dict)  # contract column -> source column
    how: dict[str, str] = field(default_factory=dict)  # contract column -> 'name' or what content said
    period_from_date: Column | None = None

    @property
    def missing(self) -> list[str]:
        """Required contract columns not found (period counts as found when a date gives it)."""
        has = set(self.columns) | ({"period"} if self.period_from_date else set())
        return [f for f in table_spec(self.table).required if f not in has]

    def by_name(self, name: str) -> bool:
        """Whether contract column `name` was found by its name."""
        return self.how.get(name) == "name"

    @property
    def quality(self) -> float:
        """How well the file fits the table: its required columns found by name (1) or content (0.5)."""
        found = [self.how.get(f, "") for f in table_spec(self.table).required]
        return sum(1.0 if h == "name" else 0.5 if h else 0.0 for h in found) + (
            0.5 if self.period_from_date and "period" not in self.columns else 0.0
        )


def _fits(col: Column, f: FieldSpec) -> bool:
    """Whether a column's content allows contract column f (an empty column allows anything)."""
    if col.filled == 0:
        return True
    if f.type in ("number", "integer"):  # a few placeholders ('X', '-') do not undo a figure's name
        return col.numeric >= 0.2 or len(col.words) <= 5
    if f.name in ID_FIELDS:
        return col.id_like >= 0.8
    if f.name == "period":
        return col.period >= 0.8
    if f.type == "date":
        return col.date_format is not None
    return True


def match_by_name(columns: list[Column], table: str) -> Match:
    """The contract columns of `table` found by name: the best-ranked spelling wins, each source column
    and each contract column is used once, and a match the content contradicts is dropped."""
    fields = table_spec(table).fields
    candidates = sorted(
        (rank, fi, ci)
        for ci, col in enumerate(columns)
        for fi, f in enumerate(fields)
        if (rank := _RANKS[f.name].get(col.loose)) is not None and _fits(col, f)
    )
    match, used = Match(table), set()
    for _, fi, ci in candidates:
        name = fields[fi].name
        if name not in match.columns and ci not in used:
            match.columns[name], match.how[name] = columns[ci], "name"
            used.add(ci)
    return match


def _free(columns: list[Column], match: Match) -> list[Column]:
    taken = {id(c) for c in match.columns.values()}
    return [c for c in columns if id(c) not in taken and c.filled]


def _take(match: Match, name: str, col: Column | None, why: str) -> None:
    if col is not None and name not in match.columns:
        match.columns[name], match.how[name] = col, why


def _pair(cols: list[Column]) -> tuple[Column, Column] | None:
    """A numerator and denominator: whole numbers where one is never above the other and smaller overall."""
    counts = [c for c in cols if c.numeric >= MOST and c.whole >= MOST]
    for a in counts:
        for b in counts:
            both = a.numbers.notna() & b.numbers.notna()
            if a is b or not both.any():
                continue
            x, y = a.numbers[both], b.numbers[both]
            if (x <= y).mean() >= MOST and x.sum() < y.sum():
                return a, b
    return None


def _approval_words(col: Column) -> bool:
    contract = set(table_spec("results").field("approval_status").enum or ()) | set(
        SYNONYMS["approval_status"]
    )
    low = {w.lower(): n for w, n in col.words.items()}
    known = sum(n for w, n in low.items() if w in contract or w in APPROVAL_WORDS)
    return bool(contract & set(low)) and known >= MOST * col.filled


def _dates(columns: list[Column], match: Match) -> Column | None:
    """The date column whose year is the period: the first named like an end date, else the last one."""
    dated = [c for c in _free(columns, match) if c.date_format]
    ends = [c for c in dated if "end" in c.loose or "eind" in c.loose]
    return ends[0] if ends else dated[-1] if dated else None


def fill_by_content(columns: list[Column], match: Match) -> Match:
    """Required (and key) contract columns the names did not give, taken from what the cells hold."""
    table = match.table
    ids = [
        c
        for c in _free(columns, match)
        if c.id_like >= MOST and c.period < 0.5 and not c.date_format and not (c.numeric and c.whole < MOST)
    ]
    if table == "results":
        repeating = sorted((c for c in ids if c.repeats), key=lambda c: -c.distinct)
        if "provider_id" not in match.columns and repeating and repeating[0].distinct >= 3:
            _take(match, "provider_id", repeating[0], "content: ids that repeat, the most distinct")
        rest = [c for c in repeating if c is not match.columns.get("provider_id")]
        if "indicator_id" not in match.columns and rest:
            _take(match, "indicator_id", rest[-1], "content: ids that repeat, the fewest distinct")
        free = _free(columns, match)
        _take(match, "period", next((c for c in free if c.period >= MOST), None), "content: periods")
        if "period" not in match.columns:
            match.period_from_date = _dates(columns, match)
        free = _free(columns, match)
        if "approval_status" not in match.columns:
            _take(match, "approval_status", next((c for c in free if _approval_words(c)), None), "content")
        if not set(FIGURES) & set(match.columns):
            pair = _pair(free)
            if pair:
                _take(match, "numerator", pair[0], "content: whole numbers, never above the denominator")
                _take(match, "denominator", pair[1], "content: whole numbers, never below the numerator")
            else:
                shares = [c for c in free if c.numeric >= MOST and c.percent_like >= MOST]
                shares.sort(key=lambda c: c.whole)  # a fraction is more likely a score than a count
                _take(match, "value", (shares or [None])[0], "content: numbers from 0 to 100")
        return match
    key = "provider_id" if table == "providers" else "indicator_id"
    unique = [c for c in ids if 1 < c.distinct == c.filled]
    _take(match, key, (unique or [None])[0], "content: ids, each once")
    text = "name" if table == "providers" else "title"
    named = [c for c in _free(columns, match) if c.texts() and c.distinct >= 0.8 * c.filled]
    _take(match, text, (named or [None])[0], "content: text, each different")
    return match


def match_table(columns: list[Column], table: str) -> Match:
    """The contract columns of `table` in a file: by name, then the rest by content."""
    return fill_by_content(columns, match_by_name(columns, table))


def guess_table(columns: list[Column]) -> Match | None:
    """The contract table a file feeds, with its columns, or None. Results need a provider and an
    indicator id and a figure; the catalogue an indicator id and its title, unit, type or set; the
    registry a provider id and its name, kind or place. A file with a provider and an indicator id by
    name is results (a long format holds the registry and catalogue too); else the best fit wins."""
    results, indicators, providers = (match_table(columns, t) for t in ("results", "indicators", "providers"))
    found = results.columns
    named_figure = any(results.by_name(f) for f in FIGURES)
    fits = []
    if (
        {"provider_id", "indicator_id"} <= set(found)
        and set(FIGURES) & set(found)
        and (results.by_name("indicator_id") or (results.by_name("provider_id") and named_figure))
    ):
        if results.by_name("provider_id") and results.by_name("indicator_id"):
            return results
        fits.append(results)
    described = {"title", "unit", "type", "set_id", "direction"} & set(indicators.columns)
    if indicators.by_name("indicator_id") and described and not providers.by_name("provider_id"):
        fits.append(indicators)
    placed = {"name", "kind", "city", "postcode", "address"} & set(providers.columns)
    if providers.by_name("provider_id") and placed and not indicators.by_name("indicator_id"):
        fits.append(providers)
    return max(fits, key=lambda m: m.quality, default=None)
