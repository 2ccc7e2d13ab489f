"""Draft: an intake.yaml for a folder of delivered files (`zorgspiegel init`).

Every table-like file or sheet is read with the intake's own readers (encoding, delimiter and sheets as
`build` reads them), matched onto the contract (matcher.py) and written as one source of the table it
feeds: its columns, value maps for words the contract has a vocabulary for (approval, yes/no, kinds,
'Not Available' and 'Too Few to Report' as missing reasons), and comments saying how each column was
matched, which columns were left unmatched (with sample values) and which required columns are still
missing. A results file without a registry beside it gives the provider registry and the indicator
catalogue too (its distinct rows). The text is read back with the intake's own parser before it is
returned, so `zorgspiegel validate` can always read it.
"""

from __future__ import annotations

import difflib
import glob
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.config.contract import table_spec
from generator.config.settings import SourceConfig, parse_intake_config
from generator.core.errors import StructuralError
from generator.core.names import FALSE_WORDS, TABLES, TRUE_WORDS
from generator.intake import draft_wide
from generator.intake.matcher import Column, Match, guess_table, match_table, missing_reason_of, profile
from generator.intake.read import read_source, sniff_delimiter
from generator.intake.synonyms import APPROVAL_WORDS, EMPTY_WORDS, KIND_WORDS, SYNONYMS
from generator.intake.text import decode, encoding_name, header_key

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet")
NUMBER = r"re:[-+]?[0-9][0-9.,\s]*%?"  # a figure, in the value column's own spelling
NOT_NUMBER = r"re:.*[^0-9.,%\s+-].*"  # a cell with a letter or another sign: no figure
SAMPLE_CHARS = 60
_UNPRINTABLE = re.compile("[\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]")


def quoted(text) -> str:
    """A YAML double-quoted scalar of any text, on one line and printable (so also safe in a comment)."""
    out = json.dumps(str(text), ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", out)


def _sample(text: str) -> str:
    return quoted(text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…")


@dataclass
class Sheet:
    """One table-like file or workbook sheet of the folder, as read and profiled."""

    file: str
    sheet: str | None
    rows: int
    columns: list[Column]
    note: str  # how it was read: encoding and delimiter, or the sheet

    @property
    def label(self) -> str:
        """'file' or 'file[sheet]', as the intake's reports name it."""
        return f"{self.file}[{self.sheet}]" if self.sheet is not None else self.file


@dataclass
class Source:
    """One source of the draft: a sheet, the table it feeds and its matched columns."""

    sheet: Sheet
    match: Match
    distinct: str | None = None  # the key of a registry derived from a results file
    melt: list[Column] = field(default_factory=list)  # a wide file's measure columns, unpivoted (draft_wide)

    @property
    def missing(self) -> list[str]:
        """Required contract columns this source still lacks (a melt gives the indicator id)."""
        return [c for c in self.match.missing if not (self.melt and c == "indicator_id")]


@dataclass
class Draft:
    """The draft intake.yaml and what it was made of."""

    text: str
    sources: dict[str, list[Source]]
    missing: dict[str, dict[str, list[str]]]  # table -> required column still missing -> its sources
    unused: list[tuple[str, str]] = field(default_factory=list)  # (file or sheet, why it is not a source)


def _csv_note(path: Path) -> str:
    data = path.read_bytes()
    first = next((line for line in decode(data, path.name, "auto").splitlines() if line.strip()), "")
    delimiter = {"\t": "tab"}.get(d := sniff_delimiter(first), d)
    return f"{encoding_name(data)}, delimiter {quoted(delimiter)}"


def read_folder(folder: Path) -> tuple[list[Sheet], list[tuple[str, str]]]:
    """Every table-like file and sheet in the folder (not its subfolders), read as `build` reads them;
    and the files that could not be used, with the reason."""
    sheets, unused = [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.suffix.lower() not in SUFFIXES or not path.is_file():
            continue
        try:
            raws = read_source(folder, SourceConfig(table="results", file=glob.escape(path.name), sheet="*"))
            note = _csv_note(path) if raws[0].kind == "csv" else raws[0].kind.upper()
        except StructuralError as exc:
            unused.append((path.name, exc.issues[0].message))
            continue
        for raw in raws:
            sheet = raw.label[len(path.name) + 1 : -1] if raw.kind == "xlsx" else None
            if raw.frame.shape[1] < 2:
                unused.append((raw.label, "one column only: not a table"))
                continue
            sheets.append(Sheet(path.name, sheet, len(raw.frame), profile(raw), note))
    return sheets, unused


def _derived(results: list[Source], table: str, key: str) -> list[Source]:
    """The provider registry or indicator catalogue taken from the results sources' own columns."""
    out = []
    for src in results:
        match = match_table(src.sheet.columns, table)
        for name in [n for n, c in match.columns.items() if c is src.match.columns[key] and n != key]:
            del match.columns[name]
        match.columns[key], match.how[key] = src.match.columns[key], "the results' own column"
        out.append(Source(src.sheet, match, distinct=key))
    return out


def propose(sheets: list[Sheet]) -> tuple[dict[str, list[Source]], list[tuple[str, str]]]:
    """The sources of each table: per table the sheets that fit it best (others are listed as unused),
    and a registry and catalogue derived from the results when the folder has none."""
    guessed = [(s, guess_table(s.columns)) for s in sheets]
    unused = [(s.label, "no contract table recognised") for s, m in guessed if m is None]
    sources: dict[str, list[Source]] = {t: [] for t in TABLES}
    for table in TABLES:
        fits = [(s, m) for s, m in guessed if m is not None and m.table == table]
        best = max((m.quality for _, m in fits), default=0)
        sources[table] = [Source(s, m) for s, m in fits if m.quality == best]
        unused += [
            (s.label, f"also looks like {table}, with fewer columns recognised")
            for s, m in fits
            if m.quality < best
        ]
    if not sources["results"]:
        found = draft_wide.wide_source(sources["providers"], lambda m: _used(m, plan_source(m)))
        sources["results"] = [Source(found[0].sheet, found[1], melt=found[2])] if found else []
    if sources["results"] and not sources["results"][0].melt:
        for table, key in (("providers", "provider_id"), ("indicators", "indicator_id")):
            if not sources[table]:
                sources[table] = _derived(sources["results"], table, key)
    return sources, unused


def _used(match: Match, plan: Plan) -> set[int]:
    """The ids of the sheet's columns the source's contract columns (and its period date) take."""
    taken = [*match.columns.values(), *(c for c, _ in plan.columns.values()), match.period_from_date]
    return {id(c) for c in taken if c is not None}


# ---------------------------------------------------------------- value maps


def _enum_target(name: str, word: str) -> str | None:
    """The contract value a delivered word most likely means, for a value map (None: no idea)."""
    low = word.strip().lower()
    if name == "approval_status":
        return APPROVAL_WORDS.get(low)
    if name == "missing_reason":
        return missing_reason_of(word)
    if name in ("kind", "provider_kind"):
        return next((kind for w, kind in KIND_WORDS.items() if w in low), None)
    spelled = SYNONYMS.get(name, {}) | {v: v for v in table_spec("indicators").field(name).enum or ()}
    close = difflib.get_close_matches(low, list(spelled), n=1, cutoff=0.8)
    return spelled[close[0]] if close else None


@dataclass
class Plan:
    """What one source writes besides its columns: extra columns, value maps, missing values, notes."""

    columns: dict[str, tuple[Column, str]] = field(default_factory=dict)
    values: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    missing_values: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _figure_words(plan: Plan, match: Match, name: str, col: Column) -> None:
    """Words in a figure column: 'missing' words go to missing_reason, answers to text_value."""
    reasons = {w: r for w in col.words if (r := missing_reason_of(w))}
    others = [w for w in col.words if w not in reasons and w not in EMPTY_WORDS]
    if name != "value":
        if reasons:
            plan.values[name] = [(w, "") for w in reasons]
        if others:
            listed = ", ".join(_sample(w) for w in others[:5])
            plan.notes.append(
                f"{name}: {quoted(col.name)} also holds {listed}: map them under values, or fix the file"
            )
        return
    if others and "text_value" not in match.columns:
        plan.columns["text_value"] = (col, "the answers in the value column (yes/no, text)")
        plan.values["text_value"] = [(NUMBER, "")] + [(w, "") for w in reasons]
    if reasons and "missing_reason" not in match.columns:
        plan.columns["missing_reason"] = (col, "words for a missing figure in the value column")
        plan.values["missing_reason"] = list(reasons.items()) + [("re:.*", "")]
    if others or reasons:
        plan.values["value"] = [(NOT_NUMBER, "")]


def plan_source(match: Match) -> Plan:
    """The value maps, missing values and notes a source's matched columns call for."""
    plan, spec = Plan(), table_spec(match.table)
    for name, col in match.columns.items():
        f = spec.field(name)
        plan.missing_values += [w for w in col.words if w in EMPTY_WORDS and w not in plan.missing_values]
        if f.type in ("number", "integer"):
            _figure_words(plan, match, name, col)
        elif f.enum:
            known = set(f.enum) | set(SYNONYMS.get(name, {}))
            todo = [w for w in col.top if w.strip().lower() not in known and w not in EMPTY_WORDS]
            plan.values[name] = [(w, t) for w in todo if (t := _enum_target(name, w))]
            unknown = [w for w in todo if not _enum_target(name, w)]
            if unknown:
                listed = ", ".join(_sample(w) for w in unknown[:8])
                plan.notes.append(
                    f"{name}: no contract value found for {listed}; map them under values.{name} "
                    f"(one of: {', '.join(f.enum)}), or those rows are rejected"
                )
        elif f.type == "boolean":
            odd = [w for w in col.top if w.lower() not in TRUE_WORDS | FALSE_WORDS and w not in EMPTY_WORDS]
            if odd:
                listed = ", ".join(_sample(w) for w in odd[:5])
                plan.notes.append(f"{name}: {listed} are not yes/no: map them under values.{name}")
        if name in ("provider_id", "parent_id", "indicator_id") and col.pad_width:
            plan.notes.append(
                f"{name}: some ids are shorter than {col.pad_width} digits (lost leading zeros?): "
                f"zero_pad: {{{name}: {col.pad_width}}}"
            )
    plan.values = {k: v for k, v in plan.values.items() if v}
    return plan


# ---------------------------------------------------------------- writing the YAML


def _how(how: str) -> str:
    return "by name" if how == "name" else how.replace("content:", "by content:")


def _source_lines(src: Source, pattern: str) -> list[str]:
    """The YAML lines of one source (a list item under its table)."""
    sheet, match = src.sheet, src.match
    plan = plan_source(match)
    lines = [f"    # {_sample(sheet.label)}: {sheet.rows:,} rows, {len(sheet.columns)} columns; {sheet.note}"]
    if src.distinct:
        lines.append(f"    # derived from the results file: one row per {src.distinct}")
    lines.append(f"    - file: {quoted(pattern)}")
    if sheet.sheet is not None:
        lines.append(f"      sheet: {quoted(sheet.sheet)}")
    if src.distinct:
        lines.append(f"      distinct: [{src.distinct}]")
    if src.melt:
        lines += [f"      # {line}" for line in draft_wide.MELT_COMMENT]
        names = ", ".join(quoted(c.name) for c in src.melt)
        lines.append(f"      melt: {{columns: [{names}], name: indicator_id, value: value}}")
        if words := draft_wide.missing_words(src.melt):
            lines.append(f"      missing_values: [{', '.join(quoted(w) for w in ['', *words])}]")
    order = table_spec(match.table).field_names
    mapped = {n: (c, _how(match.how[n])) for n, c in match.columns.items() if header_key(c.name) != n}
    mapped = dict(sorted((mapped | plan.columns).items(), key=lambda item: order.index(item[0])))
    as_named = [n for n, c in match.columns.items() if header_key(c.name) == n]
    if as_named:
        lines.append(f"      # named as in the contract: {', '.join(as_named)}")
    if mapped:
        lines.append("      columns:")
        lines += [f"        {n}: {quoted(c.name)}  # {why}" for n, (c, why) in mapped.items()]
    dates = [c for n, c in match.columns.items() if table_spec(match.table).field(n).type == "date"]
    if match.period_from_date is not None:
        lines.append(
            f"      period_from_date: {quoted(match.period_from_date.name)}  # its year is the period"
        )
        dates.append(match.period_from_date)
    formats = list(dict.fromkeys(c.date_format for c in dates if c.date_format))
    if formats and formats != ["%Y-%m-%d"]:
        lines.append(f"      date_formats: [{', '.join(quoted(f) for f in formats)}]")
    if plan.missing_values:
        lines.append(f"      missing_values: [{', '.join(quoted(w) for w in ['', *plan.missing_values])}]")
    if plan.values:
        lines.append("      values:")
        for name, pairs in plan.values.items():
            lines.append(f"        {name}:")
            lines += [f"          {quoted(k)}: {quoted(v)}" for k, v in pairs]
    for column in src.missing:
        lines.append(
            f"      # MISSING required column {column}: map a source column under 'columns', or set it"
        )
        lines.append(f"      #   for every row under 'constants' (e.g. constants: {{{column}: ...}})")
    lines += [f"      # check: {note}" for note in plan.notes]
    left = [] if src.melt else draft_wide.unmatched(sheet.columns, _used(match, plan))  # listed once
    if left:
        lines.append("      # not matched (first values):")
        lines += [f"      #   {quoted(c.name)}: {', '.join(_sample(v) for v in c.samples)}" for c in left]
    return lines


def _missing(sources: dict[str, list[Source]]) -> dict[str, dict[str, list[str]]]:
    """Per table, each required column still missing and the sources it is missing from ('*': the
    table has no source at all)."""
    out: dict[str, dict[str, list[str]]] = {}
    for table in TABLES:
        if not sources[table]:
            out[table] = {"*": []}
            continue
        out[table] = {}
        for src in sources[table]:
            for column in src.missing:
                out[table].setdefault(column, []).append(src.sheet.label)
    return out


def _header(sources: dict[str, list[Source]], unused: list[tuple[str, str]]) -> list[str]:
    lines = [
        "# Draft intake.yaml, written by `zorgspiegel init` from the files in this folder.",
        "# Every match below is a guess by column name and content: check each line, then run",
        "# `zorgspiegel validate --input <this folder>`.",
        "#",
        "# Required contract columns still missing (add them under 'columns' or 'constants'):",
    ]
    everywhere = []
    for table, missing in _missing(sources).items():
        if "*" in missing:
            lines.append(f"#   {table}: no file found for this table")
            continue
        n = len(sources[table])
        parts = [
            f"{column} (in {'all ' + str(n) + ' sources' if len(where) == n > 1 else ', '.join(where)})"
            for column, where in missing.items()
        ]
        lines.append(f"#   {table}: {', '.join(parts) or 'none'}")
        everywhere += [column for column, where in missing.items() if len(where) == n]
    if everywhere:
        lines.append("# A column missing from every source of a table can be set once for all of them:")
        lines.append("#   defaults:")
        lines.append(f"#     constants: {{{', '.join(f'{c}: ...' for c in everywhere)}}}")
    if unused:
        lines.append("#")
        lines.append("# Files and sheets not used:")
        lines += [f"#   {_sample(label)}: {why}" for label, why in unused]
    return lines


def draft_text(sources: dict[str, list[Source]], unused: list[tuple[str, str]]) -> str:
    """The intake.yaml text for the proposed sources."""
    lines = _header(sources, unused)
    lines += [
        "version: 1",
        "# publication:",
        '#   title: "..."',
        '#   licence: "CC-BY-4.0"',
        "tables:" if any(sources.values()) else "tables: {}",
    ]
    for table in TABLES:
        if not sources[table]:
            lines.append(f"  # {table}: no file looks like this table; name one here (file: ...)")
            continue
        lines.append(f"  {table}:")
        for src in sources[table]:
            lines += _source_lines(src, glob.escape(src.sheet.file))
    return "\n".join(lines) + "\n"


def draft_intake(folder: Path) -> Draft:
    """A draft intake.yaml for the files in `folder`, checked with the intake's own parser."""
    sheets, unused = read_folder(folder)
    sources, others = propose(sheets)
    text = draft_text(sources, unused + others)
    try:
        parse_intake_config(text)
    except StructuralError as exc:
        if any(i.code != "table-missing" for i in exc.issues):
            raise
    return Draft(text, sources, _missing(sources), unused + others)


def summary_lines(draft: Draft) -> list[str]:
    """What `zorgspiegel init` says of a draft: its sources per table, what is missing, what was not used."""
    counts = ", ".join(f"{t} {len(draft.sources[t])}" for t in TABLES)
    lines = [f"{sum(len(s) for s in draft.sources.values())} sources ({counts})."]
    missing = [
        f"{table}.{column}" if column != "*" else f"{table} (no file)"
        for table, columns in draft.missing.items()
        for column in columns
    ]
    if missing:
        lines.append(f"Still missing (required): {', '.join(missing)}; see the comments at the top.")
    if draft.unused:
        lines.append(f"Not used: {', '.join(label for label, _ in draft.unused)}.")
    return lines
