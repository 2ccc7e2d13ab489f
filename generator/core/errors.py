"""Typed problems found while reading and checking a release.

Modelled on frictionless-py: every problem is data (an `Issue`) with a code that names the rule, a
message made from a template, and the place it was found (file, row, column, value). Row problems
reject only their own row; structural problems stop the build before anything is published.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

# code -> (severity, message template). "row" problems reject one row; "structure" problems stop
# the build; "warning" problems keep the row and are only reported. Templates use str.format with
# the fields of Issue plus any `extra` keys.
ISSUE_TYPES: dict[str, tuple[str, str]] = {
    # structural: the build stops, nothing is published
    "file-missing": ("structure", "The file {file} named in intake.yaml does not exist{hint}."),
    "file-unreadable": ("structure", "The file {file} cannot be read: {detail}."),
    "file-empty": ("structure", "The file {file} has no data rows."),
    "encoding-error": (
        "structure",
        "The file {file} is not valid {detail}; save it as UTF-8 or set 'encoding' in intake.yaml.",
    ),
    "sheet-missing": ("structure", "The workbook {file} has no sheet {value!r}{hint}."),
    "column-missing": (
        "structure",
        "Required column {column!r} is missing from {file}{hint}. "
        "Add it, or map it under 'columns' in intake.yaml.",
    ),
    "source-column-missing": (
        "structure",
        "intake.yaml maps {column!r} to source column {value!r}, which {file} does not have{hint}.",
    ),
    "column-ambiguous": (
        "structure",
        "{file} has more than one column for {column!r}: {detail}. Remove or rename one in the file, "
        "or map {column!r} to one named column under 'columns' in intake.yaml.",
    ),
    "file-outside-intake": (
        "structure",
        "{file} leads outside the intake folder ({detail}); "
        "intake.yaml's 'file' may name only files inside it.",
    ),
    "workbook-unsafe": (
        "structure",
        "The workbook {file} is not opened: {detail}. Save it again from Excel, or deliver it as CSV.",
    ),
    "config-invalid": ("structure", "intake.yaml: {detail}"),
    "table-missing": ("structure", "No {value} table: intake.yaml must name at least one file for it."),
    # row level: the row is rejected, its neighbours go on
    "required-missing": ("row", "Column {column!r} is required but empty."),
    "number-invalid": ("row", "{value!r} in column {column!r} is not a number."),
    "integer-invalid": ("row", "{value!r} in column {column!r} is not a whole number."),
    "date-invalid": ("row", "{value!r} in column {column!r} is not a date (expected {detail})."),
    "boolean-invalid": (
        "row",
        "{value!r} in column {column!r} is not yes/no (use true/false, ja/nee or 1/0).",
    ),
    "enum-invalid": ("row", "{value!r} in column {column!r} is not one of {detail}{hint}."),
    "pattern-invalid": ("row", "{value!r} in column {column!r} is not a valid {detail}."),
    "period-invalid": (
        "row",
        "{value!r} is not a period: use a year (2023), a quarter (2023-Q2) or a month (2023-05), or say how "
        "the file writes it in intake.yaml, e.g. period_format: '%Y%m' (or 'FY%Y', '%Y-Q%q').",
    ),
    "period-outside-set": ("row", "Period {value!r} is outside the years of indicator {detail}."),
    "unknown-provider": ("row", "Provider {value!r} is not in the provider registry{hint}."),
    "unknown-indicator": ("row", "Indicator {value!r} is not in the indicator catalogue{hint}."),
    "unknown-parent": (
        "warning",
        "Organisation {value!r} (parent_id) is not in the provider registry; the link is dropped.",
    ),
    "field-dropped": (
        "warning",
        "{detail} Column {column!r} is optional: the value is left empty and the row is kept (rule {rule}).",
    ),
    "control-character-removed": (
        "warning",
        "Invisible control or text-direction characters ({detail}) were removed from column {column!r}; "
        "the row is kept.",
    ),
    "lookup-unmatched": (
        "warning",
        "{value!r} is not a key of the lookup file {detail}; column {column!r} is left empty. Add the key to "
        "that file, or check which column intake.yaml looks up, e.g. lookup: {{{column}: {{on: Code, …}}}}.",
    ),
    "value-recomputed": (
        "warning",
        "Value {value} differs from numerator/denominator ({detail}); the delivered value is kept.",
    ),
    "numerator-exceeds-denominator": ("row", "Numerator {value} is larger than the denominator {detail}."),
    "negative-count": ("row", "{value!r} in column {column!r} is negative; counts cannot be below zero."),
    "value-out-of-range": ("row", "Value {value} is outside the range {detail} of this indicator's unit."),
    "duplicate-result": ("row", "A second approved result for provider {detail}; the first is at {first}."),
    "duplicate-id": (
        "row",
        "Id {value!r} appears more than once; the first is at {first}. When a later file should only add "
        "the ids the files before it lack, say so in intake.yaml: on_duplicate: first on its entry.",
    ),
    "id-path-taken": (
        "row",
        "Id {value!r} would get the web address {detail}; rename one of them in the delivered file.",
    ),
    "denominator-missing": (
        "row",
        "A {detail} needs its denominator: without one the disclosure threshold "
        "cannot act. Deliver the denominator, or, if this indicator is safe to publish without one, set its "
        "min_denominator to 0 in the indicator catalogue (or publication.min_denominator: 0 in intake.yaml).",
    ),
    "value-missing": (
        "row",
        "Approved result has no value, text value, numerator/denominator, not-applicable flag "
        "or missing reason.",
    ),
    "value-conflicts-with-missing": (
        "row",
        "The result has a value but is also marked {detail}; deliver one or the other.",
    ),
}


# code -> where to fix it: the intake.yaml key to change, as a one-line example filled in with the
# issue's fields (Issue.fix). A rule only the delivered data can break says so. `field-dropped` takes the
# fix of the rule the value broke.
FIXES: dict[str, str] = {
    "file-missing": "file: '<a file name or glob in the intake folder, e.g. *.csv>' on the table's entry",
    "file-unreadable": (
        "delimiter: ';' (or tab), encoding: cp1252, or skip_rows: 3 when title lines stand above the "
        "header"
    ),
    "file-empty": "skip_rows: 0 (is the header skipped?), or sheet: '<the sheet with the data>'",
    "encoding-error": "encoding: cp1252 (or utf-8) on the file's entry",
    "sheet-missing": "sheet: '<a sheet of the workbook>' (or '*' for every sheet)",
    "column-missing": (
        "columns: {{{column}: '<the file's column>'}}, or constants: {{{column}: …}} for every " "row"
    ),
    "source-column-missing": (
        "write {value!r} in intake.yaml as the file's header has it, e.g. columns: {{{column}: '<the "
        "header>'}}"
    ),
    "column-ambiguous": "columns: {{{column}: '<the one of them to use>'}}",
    "file-outside-intake": "file: '<a file inside the intake folder>' (copy it in; no link leading out)",
    "workbook-unsafe": "none in intake.yaml: save the workbook again from Excel, or deliver it as CSV",
    "config-invalid": "the key quoted above",
    "table-missing": "tables: {{{value}: {{file: '<its file>'}}}}",
    "required-missing": (
        "columns: {{{column}: '<the file's column>'}}, or constants: {{{column}: …}} when it is the "
        "same for every row"
    ),
    "number-invalid": (
        "decimal: ',' for 1.234,5; or missing_values: [{value!r}] (or values: {{{column}: {{{value!r}: "
        "''}}}}) when it means no value"
    ),
    "integer-invalid": (
        "values: {{{column}: {{{value!r}: '<a whole number>'}}}}, or columns: {{{column}: …}} if it is "
        "the wrong column"
    ),
    "date-invalid": "date_formats: ['%d-%m-%Y'] (the file's own format; 'excel' for serial day numbers)",
    "boolean-invalid": "values: {{{column}: {{{value!r}: 'true'}}}} (or 'false')",
    "enum-invalid": "values: {{{column}: {{{value!r}: '<one of the values listed above>'}}}}",
    "pattern-invalid": "values: {{{column}: {{{value!r}: '<an id of at most 200 characters on one line>'}}}}",
    "period-invalid": (
        "period_format: '%Y%m' (the file's own spelling), or values: {{period: {{{value!r}: " "'2023'}}}}"
    ),
    "period-outside-set": (
        "the indicator's first_year and last_year in the catalogue, or values: {{period: …}} when " "misread"
    ),
    "unknown-provider": (
        "zero_pad: {{provider_id: 6}} when ids lost their zeros, or values: {{provider_id: {{{value!r}: "
        "'<its registry id>'}}}}"
    ),
    "unknown-indicator": "values: {{indicator_id: {{{value!r}: '<an indicator_id of the catalogue>'}}}}",
    "unknown-parent": (
        "values: {{parent_id: {{{value!r}: '<its registry id>'}}}}, or zero_pad: {{parent_id: " "8}}"
    ),
    "field-dropped": "",
    "control-character-removed": "nothing: the characters are removed and the text kept",
    "lookup-unmatched": (
        "lookup: {{{column}: {{on: '<the column holding the keys>', …}}}}, or add the key to the lookup "
        "file"
    ),
    "value-recomputed": (
        "columns: {{numerator: …, denominator: …}} if they are the wrong columns; else check the "
        "delivered value"
    ),
    "numerator-exceeds-denominator": (
        "columns: {{numerator: …, denominator: …}} the right way round, or the delivered " "file"
    ),
    "negative-count": "the delivered file: a count cannot be below zero",
    "value-out-of-range": (
        "the catalogue's unit (percentage 0-100, proportion 0-1) or min_value/max_value, or values: "
        "{{value: …}}"
    ),
    "duplicate-result": (
        "columns: {{period: …}} or period_format when periods are misread; else withdraw one of " "them"
    ),
    "duplicate-id": "on_duplicate: first on the later entry, when it should only add ids",
    "id-path-taken": (
        "values: {{{column}: {{{value!r}: '<another id>'}}}}, or rename one in the delivered " "file"
    ),
    "denominator-missing": (
        "columns: {{denominator: '<the file's column>'}}, or min_denominator: 0 in the " "catalogue"
    ),
    "value-missing": (
        "columns: {{value: …}}, or values: {{missing_reason: {{'Not Available': not_delivered}}}} for "
        "an explained gap"
    ),
    "value-conflicts-with-missing": (
        "values: {{value: {{'<that text>': ''}}}}, or map missing_reason only for empty " "values"
    ),
}


@dataclass(frozen=True)
class Issue:
    """One problem: what rule, where (file, row, column), which value, and a readable message."""

    code: str
    file: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    detail: str = ""
    hint: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def severity(self) -> str:
        """'structure' (stops the build), 'row' (rejects one row) or 'warning' (row kept)."""
        return ISSUE_TYPES[self.code][0]

    @property
    def message(self) -> str:
        """The message template filled in with this issue's fields."""
        template = ISSUE_TYPES[self.code][1]
        return template.format(**self._fields())

    def _fields(self) -> dict:
        """The issue's fields and extras, for the templates (no deep copy: dataclasses.asdict was the
        report's slowest step with tens of thousands of issues)."""
        return {k: v for k, v in self.__dict__.items() if k != "extra"} | self.extra

    @property
    def fix(self) -> str:
        """Where to fix it: the intake.yaml key to change as a one-line example (FIXES), filled in."""
        code = self.extra.get("rule", self.code) if self.code == "field-dropped" else self.code
        values = self._fields() | {"value": str(self.value)[:40]}
        return FIXES.get(code, "").format(**values)

    @property
    def location(self) -> str:
        """'file, row N, column C' as far as known."""
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def to_dict(self) -> dict:
        """A JSON-ready dict of the issue, with its message and severity."""
        out = {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "fix": self.fix,
        }
        return out

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message


# Exit codes of the command line (README, "Command line"); every error class below names its own.
EXIT_OK = 0
EXIT_REJECTED = 1  # rows were rejected and --strict was given
EXIT_INPUT = 2  # a usage error, an unusable file or intake.yaml: nothing was published
EXIT_UNVERIFIED = 3  # the new site or packages failed verification: nothing was published
EXIT_INTERNAL = 4  # an internal or environment failure (a bug, a full disk, a tool that failed)
EXIT_TOO_LARGE = 5  # the new site is larger than GitHub Pages publishes: nothing was published


class ZorgspiegelError(Exception):
    """Every error Zorgspiegel raises on purpose: a readable message, and the exit code it ends the
    CLI with."""

    exit_code = EXIT_INTERNAL
    headline = "Stopped by an internal error. Nothing was published."


class StructuralError(ZorgspiegelError):
    """A file, a schema or the intake configuration cannot be used: nothing is published (exit 2)."""

    exit_code = EXIT_INPUT
    headline = "Stopped: the input cannot be used as it is. Nothing was published."

    def __init__(self, issues: Iterable[Issue]):
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class UnsafeIdError(ZorgspiegelError, ValueError):
    """An id from the input that cannot be used in a URL path (it could write outside the output
    folder): exit 2."""

    exit_code = EXIT_INPUT
    headline = "Stopped: an id in the input cannot be used in a web address. Nothing was published."


class VerificationError(ZorgspiegelError):
    """The staged site or packages failed verification: nothing was published (exit 3)."""

    exit_code = EXIT_UNVERIFIED
    headline = (
        "Not published: the new site or data packages failed verification. "
        "The previous ones are still in place."
    )

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SiteTooLargeError(ZorgspiegelError):
    """The new site is larger than GitHub Pages publishes (1 GB): nothing was published (exit 5)."""

    exit_code = EXIT_TOO_LARGE
    headline = (
        "Not published: the new site is larger than GitHub Pages publishes. "
        "The previous site is still in place; host the data files outside it (publication.data_url)."
    )


class DisclosureError(ZorgspiegelError, AssertionError):
    """A public file would show a figure under the disclosure threshold: nothing is published (exit 3)."""

    exit_code = EXIT_UNVERIFIED
    headline = (
        "Not published: a data file broke the disclosure rule. "
        "The previous site and packages are still in place."
    )


class AccountingError(ZorgspiegelError, AssertionError):
    """The buckets do not add up to the rows read: a bug, never a data problem (exit 4)."""

    headline = (
        "Stopped by an internal error: the rows read and the rows accounted for differ. "
        "Nothing was published."
    )


class SiteBuildError(ZorgspiegelError):
    """MkDocs or Pagefind failed on the generated site (exit 4)."""

    headline = "Stopped: the site could not be built. Nothing was published."


class CatalogueError(ZorgspiegelError, ValueError):
    """A label catalogue that cannot be used: not a mapping of text to text, or placeholders that
    differ (exit 4)."""

    headline = "Stopped: a label catalogue of the site is broken. Nothing was published."


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """A ' (did you mean 'x'?)' hint for the closest choice, or '' when nothing is close.

    Compares case-insensitively and ignoring spaces, dashes and underscores, so 'Teller ' finds
    'teller' and 'approvalstatus' finds 'approval_status'.
    """
    choices = list(choices)

    def norm(s: str) -> str:
        return "".join(ch for ch in str(s).lower() if ch.isalnum())

    by_norm = {norm(c): c for c in choices}
    if norm(word) in by_norm:
        return f" (did you mean {by_norm[norm(word)]!r}?)"
    close = difflib.get_close_matches(norm(word), list(by_norm), n=1, cutoff=cutoff)
    return f" (did you mean {by_norm[close[0]]!r}?)" if close else ""
