"""Tests for generator/intake.py: every reader quirk, and mapping files onto the contract."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest
from intake_files import csv_text, source, write_csv, write_parquet, write_xlsx

from generator.config.settings import parse_intake_config
from generator.core.errors import StructuralError
from generator.intake.mapping import map_to_contract, normalise_dates, normalise_numbers
from generator.intake.read import (
    load_intake,
    read_csv,
    read_parquet,
    read_source,
    read_xlsx,
    resolve_files,
    sniff_delimiter,
)

HEADER = ["provider_id", "indicator_id", "period", "value", "approval_status", "explanation"]


def structural(fn, *args, **kwargs):
    """The issues of the StructuralError fn raises."""
    with pytest.raises(StructuralError) as exc:
        fn(*args, **kwargs)
    return exc.value.issues


def mapped(raw, **settings):
    return map_to_contract(raw, source(**settings))


# ---------------------------------------------------------------- encodings


def test_utf8_without_bom():
    raw = read_csv(
        csv_text([HEADER, ["P1", "MEAN", "2023", "5", "approved", "Cliënt tevreden"]]).encode("utf-8"),
        "r.csv",
        source(),
    )
    assert list(raw.frame.columns) == HEADER
    assert raw.frame.at[0, "explanation"] == "Cliënt tevreden"


def test_utf8_with_bom_does_not_leak_into_the_first_column_name():
    data = b"\xef\xbb\xbf" + csv_text([HEADER, ["P1", "MEAN", "2023", "5", "approved", "Cliënt"]]).encode(
        "utf-8"
    )
    raw = read_csv(data, "r.csv", source())
    assert raw.frame.columns[0] == "provider_id"
    assert mapped(raw).at[0, "provider_id"] == "P1"
    assert raw.frame.at[0, "explanation"] == "Cliënt"


def test_windows_1252_is_detected():
    data = csv_text([HEADER, ["P1", "MEAN", "2023", "5", "approved", "Cliënt – € 5"]], delimiter=";").encode(
        "cp1252"
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    raw = read_csv(data, "r.csv", source())
    assert raw.frame.at[0, "explanation"] == "Cliënt – € 5"


def test_explicit_encoding_is_used():
    data = csv_text([HEADER, ["P1", "MEAN", "2023", "5", "approved", "Cliënt"]]).encode("cp1252")
    assert read_csv(data, "r.csv", source(encoding="cp1252")).frame.at[0, "explanation"] == "Cliënt"


def test_undecodable_bytes_with_an_explicit_encoding_is_an_encoding_error():
    data = csv_text([HEADER, ["P1", "MEAN", "2023", "5", "approved", "Cliënt"]]).encode("cp1252")
    [issue] = structural(read_csv, data, "r.csv", source(encoding="utf-8"))
    assert issue.code == "encoding-error" and issue.file == "r.csv"
    assert "utf-8 text" in issue.message and "0xeb" in issue.message
    assert "set 'encoding' in intake.yaml" in issue.message


def test_bytes_that_are_neither_utf8_nor_cp1252():
    data = b"provider_id,name\nP1,\x81\x8d\n"
    [issue] = structural(read_csv, data, "r.csv", source())
    assert issue.code == "encoding-error" and "UTF-8 or Windows-1252" in issue.message


def test_unknown_encoding_name_is_a_config_error():
    [issue] = structural(read_csv, b"a,b\n1,2\n", "r.csv", source(encoding="klingon"))
    assert issue.code == "config-invalid" and "'klingon'" in issue.message


# ---------------------------------------------------------------- delimiters, quoting, decimal marks


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(delimiter):
    raw = read_csv(
        csv_text([HEADER, ["P1", "MEAN", "2023", "5", "approved", "x"]], delimiter=delimiter).encode(),
        "r.csv",
        source(),
    )
    assert list(raw.frame.columns) == HEADER and raw.frame.iloc[0].tolist() == [
        "P1",
        "MEAN",
        "2023",
        "5",
        "approved",
        "x",
    ]


def test_sniffing_ignores_delimiters_inside_quoted_header_names():
    assert sniff_delimiter('"a;b;c";d,e,f\n') == ","
    assert sniff_delimiter('"x,y,z";"a";"b"\n') == ";"
    assert sniff_delimiter("single\n") == ","


def test_explicit_delimiter_wins_over_sniffing():
    text = "provider_id;name|x\nP1;a|b\n"
    assert list(read_csv(text.encode(), "r.csv", source(delimiter="|")).frame.columns) == [
        "provider_id;name",
        "x",
    ]


def test_quoted_fields_with_delimiters_and_newlines():
    rows = [
        HEADER,
        ["P1", "MEAN", "2023", "5", "approved", 'Zie "toelichting", regel 1\nregel 2; klaar'],
        ["P2", "MEAN", "2023", "6", "approved", "plain"],
    ]
    raw = read_csv(csv_text(rows).encode(), "r.csv", source())
    assert raw.frame.at[0, "explanation"] == 'Zie "toelichting", regel 1\nregel 2; klaar'
    assert raw.frame.at[1, "provider_id"] == "P2"
    assert raw.rows.tolist() == [2, 3]  # a record with a line break is one row, as in a spreadsheet


def test_crlf_line_ends():
    raw = read_csv(
        csv_text([HEADER, ["P1", "MEAN", "2023", "5", "approved", "x"]], newline="\r\n").encode(),
        "r.csv",
        source(),
    )
    assert raw.frame.at[0, "explanation"] == "x"


def test_semicolon_file_uses_decimal_comma():
    text = csv_text(
        [HEADER + ["numerator"], ["P1", "MEAN", "2023", "3,5", "approved", "", "1.234,5"]], delimiter=";"
    )
    m = mapped(read_csv(text.encode(), "r.csv", source()))
    assert m.at[0, "value"] == "3.5"
    assert m.at[0, "numerator"] == "1234.5"
    assert m.at[0, "explanation"] == ""


def test_comma_file_with_quoted_decimal_comma():
    text = csv_text([HEADER + ["numerator"], ["P1", "MEAN", "2023", "3,5", "approved", "a,b", "1.234,5"]])
    m = mapped(read_csv(text.encode(), "r.csv", source()))
    assert m.at[0, "value"] == "3.5" and m.at[0, "numerator"] == "1234.5"
    assert m.at[0, "explanation"] == "a,b"  # text columns are never touched


@pytest.mark.parametrize(
    "decimal, text, expected",
    [
        ("auto", "3,5", "3.5"),
        ("auto", "1.234,5", "1234.5"),
        ("auto", "1,234.5", "1234.5"),
        ("auto", "12", "12"),
        ("auto", "55 %", "55"),
        ("auto", "1 234,5", "1234.5"),
        ("auto", "-0,25", "-0.25"),
        (",", "1.234", "1234"),
        (",", "3,5", "3.5"),
        (".", "1,234.5", "1234.5"),
        (".", "3.5", "3.5"),
        ("auto", "n.v.t.", "n.v.t."),
        ("auto", "", ""),
    ],
)
def test_normalise_numbers(decimal, text, expected):
    assert normalise_numbers(pd.Series([text], dtype=str), decimal).iloc[0] == expected


def test_explicit_decimal_setting():
    text = csv_text([HEADER, ["P1", "MEAN", "2023", "1,234.5", "approved", ""]], delimiter=";")
    assert (
        mapped(read_csv(text.encode(), "r.csv", source(decimal=".")), decimal=".").at[0, "value"] == "1234.5"
    )


# ---------------------------------------------------- empty files, blank lines, skip_rows, row numbers


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_file(data):
    [issue] = structural(read_csv, data, "leeg.csv", source())
    assert issue.code == "file-empty" and issue.file == "leeg.csv"
    assert issue.message == "The file leeg.csv has no data rows."


def test_header_only_file_has_no_data_rows():
    [issue] = structural(read_csv, (",".join(HEADER) + "\n").encode(), "kop.csv", source())
    assert issue.code == "file-empty"


def test_blank_lines_are_skipped_but_keep_row_numbers_right():
    text = ",".join(HEADER) + "\nP1,MEAN,2023,5,approved,\n\n   \nP2,MEAN,2023,6,approved,\n"
    raw = read_csv(text.encode(), "r.csv", source())
    assert raw.frame["provider_id"].tolist() == ["P1", "P2"]
    assert raw.rows.tolist() == [2, 5]


def test_blank_lines_above_the_header():
    text = "\n\nprovider_id;name\nP1;Een\n"
    raw = read_csv(text.encode(), "r.csv", source(table="providers"))
    assert list(raw.frame.columns) == [
        "provider_id",
        "name",
    ]  # ';' sniffed from the header, not the blank line
    assert raw.rows.tolist() == [4]


def test_skip_rows_skips_title_lines_and_counts_them():
    text = "Aanlevering 2023\nGemaakt door: X, Y\n" + csv_text(
        [HEADER, ["P1", "MEAN", "2023", "5", "approved", ""], ["P2", "MEAN", "2023", "6", "approved", ""]]
    )
    raw = read_csv(text.encode(), "r.csv", source(skip_rows=2))
    assert list(raw.frame.columns) == HEADER
    assert raw.rows.tolist() == [4, 5]
    assert mapped(raw)["_row"].tolist() == [4, 5]


def test_short_rows_are_padded_with_empty_cells():
    text = ",".join(HEADER) + "\nP1,MEAN,2023,5,approved\n"
    assert mapped(read_csv(text.encode(), "r.csv", source())).at[0, "explanation"] == ""


def test_ragged_row_with_too_many_fields_makes_the_file_unreadable():
    text = ",".join(HEADER) + "\nP1,MEAN,2023,5,approved,x,extra,more\n"
    [issue] = structural(read_csv, text.encode(), "r.csv", source())
    assert issue.code == "file-unreadable" and issue.file == "r.csv"


def test_ragged_row_further_down_makes_the_file_unreadable():
    text = ",".join(HEADER) + "\nP1,MEAN,2023,5,approved,x\nP2,MEAN,2023,5,approved,x,extra\n"
    [issue] = structural(read_csv, text.encode(), "r.csv", source())
    assert issue.code == "file-unreadable" and "line 3" in issue.message


def test_csv_ids_keep_their_leading_zeros():
    text = csv_text(
        [
            ["provider_id", "indicator_id", "period", "value", "approval_status", "postcode"],
            ["010001", "007", "2023", "05", "approved", "01234"],
        ]
    )
    m = mapped(read_csv(text.encode(), "r.csv", source()))
    assert (m.at[0, "provider_id"], m.at[0, "indicator_id"]) == ("010001", "007")


def test_header_names_that_repeat_after_stripping_are_ambiguous():
    raw = read_csv(
        b"provider_id,indicator_id,period,approval_status,value,value \nP1,X,2023,approved,1,2\n",
        "r.csv",
        source(),
    )
    assert list(raw.frame.columns)[-2:] == ["value", "value.1"]  # the frame's own keys stay apart
    [issue] = structural(mapped, raw)  # ... but mapping does not pick one of them
    assert issue.code == "column-ambiguous" and issue.column == "value"


def test_header_names_are_stripped():
    text = " provider_id ;Teller ;indicator_id;period;approval_status\nP1;3;X;2023;approved\n"
    raw = read_csv(text.encode(), "r.csv", source())
    assert list(raw.frame.columns) == ["provider_id", "Teller", "indicator_id", "period", "approval_status"]
    assert mapped(raw, columns={"numerator": "Teller "}).at[0, "numerator"] == "3"


# ---------------------------------------------------------------- XLSX


def test_xlsx_first_sheet_with_data_and_empty_first_sheet_skipped(tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {"Leeg": [], "Alleen kop": [["a"]], "Data": [HEADER, ["P1", "MEAN", 2023, 5, "approved", None]]},
    )
    [raw] = read_xlsx(path.read_bytes(), "book.xlsx", source())
    assert raw.label == "book.xlsx[Data]" and raw.kind == "xlsx"
    assert raw.frame.iloc[0].tolist() == ["P1", "MEAN", "2023", "5", "approved", ""]
    assert raw.rows.tolist() == [2]


def test_xlsx_named_sheet(tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Eerste": [HEADER, ["P1", "MEAN", 2023, 1, "approved", ""]],
            "Tweede": [HEADER, ["P2", "MEAN", 2023, 2, "approved", ""]],
        },
    )
    [raw] = read_xlsx(path.read_bytes(), "book.xlsx", source(sheet="Tweede"))
    assert raw.label == "book.xlsx[Tweede]" and raw.frame.at[0, "provider_id"] == "P2"


def test_xlsx_every_sheet_and_a_list_of_sheets(tmp_path):
    sheets = {
        name: [HEADER, [f"P{i}", "MEAN", 2023, i, "approved", ""]]
        for i, name in enumerate(["A", "B", "C"], start=1)
    }
    sheets["Leeg"] = []
    path = write_xlsx(tmp_path / "book.xlsx", sheets)
    every = read_xlsx(path.read_bytes(), "book.xlsx", source(sheet="*"))
    assert [r.label for r in every] == ["book.xlsx[A]", "book.xlsx[B]", "book.xlsx[C]"]
    some = read_xlsx(path.read_bytes(), "book.xlsx", source(sheet=["C", "A"]))
    assert [r.frame.at[0, "provider_id"] for r in some] == ["P3", "P1"]


def test_xlsx_missing_sheet_says_did_you_mean(tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx", {"Resultaten 2023": [HEADER, ["P1", "MEAN", 2023, 1, "approved", ""]]}
    )
    [issue] = structural(read_xlsx, path.read_bytes(), "book.xlsx", source(sheet="resultaten2023"))
    assert issue.code == "sheet-missing" and issue.file == "book.xlsx" and issue.value == "resultaten2023"
    assert "did you mean 'Resultaten 2023'?" in issue.message


def test_xlsx_workbook_without_data(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", {"Blad1": [], "Blad2": [["only", "a", "header"]]})
    [issue] = structural(read_xlsx, path.read_bytes(), "book.xlsx", source())
    assert issue.code == "file-empty"


def test_xlsx_cells_become_text(tmp_path):
    rows = [
        ["provider_id", "period", "value", "numerator", "approval_date", "flag", "explanation"],
        ["010001", 2023, 5.0, 12, dt.datetime(2024, 3, 1), True, "Cliënt"],
        ["20", 2023.0, 0.1, 3.25, dt.date(2024, 3, 2), False, None],
    ]
    path = write_xlsx(tmp_path / "book.xlsx", {"Blad1": rows})
    [raw] = read_xlsx(path.read_bytes(), "book.xlsx", source())
    f = raw.frame
    assert f["provider_id"].tolist() == ["010001", "20"]  # ids stored as text keep their zeros
    assert f["period"].tolist() == ["2023", "2023"]  # integral floats without '.0'
    assert f["value"].tolist() == ["5", "0.1"]
    assert f["numerator"].tolist() == ["12", "3.25"]
    assert f["approval_date"].tolist() == ["2024-03-01", "2024-03-02"]
    assert f["flag"].tolist() == ["true", "false"]
    assert f["explanation"].tolist() == ["Cliënt", ""]


def test_xlsx_repeated_and_empty_header_names(tmp_path):
    rows = [
        ["provider_id", "indicator_id", "period", "approval_status", "Opmerking", "Opmerking", None, "value"],
        ["P1", "X", 2023, "approved", "eerste", "tweede", "zonder kop", 5],
    ]
    path = write_xlsx(tmp_path / "book.xlsx", {"Blad1": rows})
    [raw] = read_xlsx(path.read_bytes(), "book.xlsx", source())
    assert list(raw.frame.columns)[4:] == ["Opmerking", "Opmerking.1", "column 7", "value"]
    assert mapped(raw).at[0, "value"] == "5"  # repeated names that are not used do no harm
    [issue] = structural(mapped, raw, columns={"explanation": "Opmerking"})
    assert issue.code == "column-ambiguous" and "'Opmerking' and 'Opmerking'" in issue.message


def test_xlsx_excel_serial_dates(tmp_path):
    rows = [
        ["provider_id", "indicator_id", "period", "value", "approval_status", "approval_date"],
        ["P1", "MEAN", 2023, 5, "approved", 45352],
        ["P2", "MEAN", 2023, 5, "approved", "2024-03-02"],
        ["P3", "MEAN", 2023, 5, "approved", "gisteren"],
    ]
    path = write_xlsx(tmp_path / "book.xlsx", {"Blad1": rows})
    [raw] = read_xlsx(path.read_bytes(), "book.xlsx", source())
    m = mapped(raw, date_formats=["%Y-%m-%d", "excel"])
    assert m["approval_date"].tolist() == ["2024-03-01", "2024-03-02", "gisteren"]


def test_xlsx_row_numbers_are_as_excel_shows_them(tmp_path):
    rows = [
        ["Titel"],
        [],
        HEADER,
        ["P1", "MEAN", 2023, 5, "approved", ""],
        [],
        ["P2", "MEAN", 2023, 6, "approved", ""],
    ]
    path = write_xlsx(tmp_path / "book.xlsx", {"Blad1": rows})
    [raw] = read_xlsx(path.read_bytes(), "book.xlsx", source(skip_rows=1))
    assert list(raw.frame.columns) == HEADER
    assert raw.rows.tolist() == [4, 6]


def test_xlsx_ids_that_lost_their_zeros_are_padded(tmp_path):
    rows = [
        ["Facility ID", "indicator_id", "period", "value", "approval_status"],
        [10001, "MEAN", 2023, 5, "approved"],
    ]
    path = write_xlsx(tmp_path / "book.xlsx", {"Blad1": rows})
    [raw] = read_xlsx(path.read_bytes(), "book.xlsx", source())
    assert (
        mapped(raw, columns={"provider_id": "Facility ID"}, zero_pad={"Facility ID": 6}).at[0, "provider_id"]
        == "010001"
    )


def test_unreadable_xlsx(tmp_path):
    [issue] = structural(read_xlsx, bytes(range(256)) * 8, "kapot.xlsx", source())
    assert issue.code == "file-unreadable" and issue.file == "kapot.xlsx"
    assert "not a readable XLSX workbook" in issue.message


# ---------------------------------------------------------------- Parquet


def test_parquet_with_typed_columns(tmp_path):
    path = write_parquet(
        tmp_path / "r.parquet",
        {
            "provider_id": ["010001", "P2", None],
            "indicator_id": ["MEAN", "MEAN", "MEAN"],
            "period": pa.array([2023, 2023, None], pa.int64()),
            "value": [5.0, 6.25, None],
            "approval_date": [dt.date(2024, 1, 2), None, dt.date(2024, 1, 3)],
            "approval_status": ["approved", "approved", "pending"],
        },
    )
    raw = read_parquet(path.read_bytes(), "r.parquet")
    assert raw.kind == "parquet" and raw.rows.tolist() == [2, 3, 4]
    m = mapped(raw)
    assert m["provider_id"].tolist() == ["010001", "P2", ""]
    assert m["period"].tolist() == ["2023", "2023", ""]
    assert m["value"].tolist() == ["5", "6.25", ""]
    assert m["approval_date"].tolist() == ["2024-01-02", "", "2024-01-03"]


def test_unreadable_and_empty_parquet(tmp_path):
    [issue] = structural(read_parquet, b"PAR1 not really", "r.parquet")
    assert issue.code == "file-unreadable"
    path = write_parquet(tmp_path / "e.parquet", {"provider_id": pa.array([], pa.string())})
    [issue] = structural(read_parquet, path.read_bytes(), "e.parquet")
    assert issue.code == "file-empty"


# ---------------------------------------------------------------- mapping onto the contract


def raw_of(rows, delimiter=","):
    return read_csv(csv_text(rows, delimiter=delimiter).encode(), "r.csv", source())


def test_columns_are_matched_ignoring_case_spaces_and_underscores():
    raw = raw_of(
        [["Provider ID", "INDICATOR-ID", "Period", "Approval Status"], ["P1", "X", "2023", "approved"]]
    )
    m = mapped(raw)
    assert m.iloc[0][["provider_id", "indicator_id", "period", "approval_status"]].tolist() == [
        "P1",
        "X",
        "2023",
        "approved",
    ]
    assert m.at[0, "value"] == "" and m.at[0, "_file"] == "r.csv" and m.at[0, "_row"] == 2


def test_missing_required_column_says_did_you_mean():
    raw = raw_of(
        [["providr_id", "indicator_id", "period", "approval_status"], ["P1", "X", "2023", "approved"]]
    )
    [issue] = structural(mapped, raw)
    assert issue.code == "column-missing" and issue.file == "r.csv" and issue.column == "provider_id"
    assert "did you mean 'providr_id'?" in issue.message
    assert "map it under 'columns' in intake.yaml" in issue.message


def test_every_missing_column_is_reported():
    raw = raw_of([["provider_id", "Teller"], ["P1", "3"]])
    found = structural(mapped, raw)
    assert {i.column for i in found} == {"indicator_id", "period", "approval_status"}


def test_mapped_source_column_missing_says_did_you_mean():
    raw = raw_of(
        [
            ["provider_id", "indicator_id", "period", "approval_status", "Noemer"],
            ["P1", "X", "2023", "approved", "10"],
        ]
    )
    assert mapped(raw, columns={"denominator": "noemer "}).at[0, "denominator"] == "10"  # one normalisation
    [issue] = structural(mapped, raw, columns={"denominator": "noemers"})
    assert (
        issue.code == "source-column-missing" and issue.column == "denominator" and issue.value == "noemers"
    )
    assert "does not have (did you mean 'Noemer'?)" in issue.message


def test_missing_values():
    raw = raw_of(
        [
            ["provider_id", "indicator_id", "period", "approval_status", "value", "explanation"],
            ["P1", "X", "2023", "approved", "NULL", "Not Available"],
            ["P2", "X", "2023", "approved", "4", "NULL"],
        ]
    )
    m = mapped(raw, missing_values=["", "NULL", "Not Available"])
    assert m["value"].tolist() == ["", "4"] and m["explanation"].tolist() == ["", ""]


def test_values_maps_exact_case_insensitive_and_regex_first_match_wins():
    raw = raw_of(
        [
            ["provider_id", "indicator_id", "period", "Status"],
            ["P1", "X", "2023", "Akkoord"],
            ["P2", "X", "2023", "AKKOORD"],
            ["P3", "X", "2023", "nog open"],
            ["P4", "X", "2023", "open"],
            ["P5", "X", "2023", "teruggetrokken"],
            ["P6", "X", "2023", "anders"],
        ]
    )
    m = mapped(
        raw,
        columns={"approval_status": "Status"},
        values={
            "approval_status": {
                "Akkoord": "approved",
                "open": "pending",
                "re:.*open": "rejected",
                "re:terug.*": "withdrawn",
                "re:.*t.*": "never",
            }
        },
    )
    assert m["approval_status"].tolist() == [
        "approved",
        "approved",
        "rejected",
        "pending",
        "withdrawn",
        "anders",
    ]


def test_values_map_to_empty():
    raw = raw_of(
        [
            ["provider_id", "indicator_id", "period", "approval_status", "Score"],
            ["P1", "X", "2023", "approved", "Yes"],
            ["P2", "X", "2023", "approved", "7"],
        ]
    )
    m = mapped(
        raw,
        columns={"value": "Score", "text_value": "Score"},
        values={"value": {"Yes": None}, "text_value": {"re:[0-9.]+": ""}},
    )
    assert m["value"].tolist() == ["", "7"] and m["text_value"].tolist() == ["Yes", ""]


def test_constants():
    raw = raw_of([["provider_id", "indicator_id", "period"], ["P1", "X", "2023"]])
    m = mapped(raw, constants={"approval_status": "approved", "not_applicable": False, "delivery_id": 2024})
    assert m.iloc[0][["approval_status", "not_applicable", "delivery_id"]].tolist() == [
        "approved",
        "false",
        "2024",
    ]


def test_zero_pad_on_a_source_column_and_on_a_contract_column():
    raw = raw_of(
        [
            ["Kvk", "Vestiging", "indicator_id", "period", "approval_status"],
            ["1234567", "12", "X", "2023", "approved"],
            ["abc", "", "X", "2023", "approved"],
        ]
    )
    m = mapped(raw, columns={"provider_id": ["Kvk", "Vestiging"]}, zero_pad={"Kvk": 8})
    assert m["provider_id"].tolist() == ["01234567-12", "abc"]
    m = mapped(raw, columns={"provider_id": "Kvk"}, zero_pad={"provider_id": 10})
    assert m["provider_id"].tolist() == ["0001234567", "abc"]  # only digits-only values are padded


def test_columns_as_a_list_are_joined_with_dashes_skipping_empty_parts():
    raw = raw_of(
        [
            ["A", "B", "indicator_id", "period", "approval_status"],
            ["1", "2", "X", "2023", "approved"],
            ["3", "NULL", "X", "2023", "approved"],
        ]
    )
    m = mapped(raw, columns={"provider_id": ["A", "B"]}, missing_values=["", "NULL"])
    assert m["provider_id"].tolist() == ["1-2", "3"]


def test_period_from_date():
    raw = raw_of(
        [
            ["provider_id", "indicator_id", "End Date", "approval_status"],
            ["P1", "X", "09/30/2023", "approved"],
            ["P2", "X", "someday", "approved"],
        ]
    )
    m = mapped(raw, period_from_date="End Date", date_formats=["%m/%d/%Y"])
    assert m["period"].tolist() == ["2023", "someday"]
    assert mapped(raw, period_from_date="end date", date_formats=["%m/%d/%Y"]).at[0, "period"] == "2023"
    [issue] = structural(mapped, raw, period_from_date="End")
    assert issue.code == "source-column-missing" and "did you mean 'End Date'?" in issue.message


@pytest.mark.parametrize(
    "formats, text, expected",
    [
        (["%Y-%m-%d"], "2024-03-01", "2024-03-01"),
        (["%Y-%m-%d"], "2024-03-01 00:00:00", "2024-03-01"),
        (["%d-%m-%Y", "%Y-%m-%d"], "01-03-2024", "2024-03-01"),
        (["%d-%m-%Y", "%Y-%m-%d"], "2024-03-01", "2024-03-01"),
        (["excel"], "45352", "2024-03-01"),
        (["excel"], "45352.0", "2024-03-01"),
        (["%Y-%m-%d"], "1 maart", "1 maart"),
        (["%Y-%m-%d", "excel"], "", ""),
    ],
)
def test_normalise_dates(formats, text, expected):
    assert normalise_dates(pd.Series([text], dtype=str), formats).iloc[0] == expected


# ---------------------------------------------------------------- files, globs and distinct across files


def test_glob_that_matches_nothing_says_did_you_mean(tmp_path):
    write_csv(tmp_path / "results-2023.csv", [["a"], ["1"]])
    [issue] = structural(resolve_files, tmp_path, source(file="results_*.csv"))
    assert issue.code == "file-missing" and issue.file == "results_*.csv"
    assert "did you mean 'results-2023.csv'?" in issue.message


def test_misspelt_file_name_says_did_you_mean(tmp_path):
    write_csv(tmp_path / "resultaten.csv", [["a"], ["1"]])
    [issue] = structural(resolve_files, tmp_path, source(file="resultatn.csv"))
    assert "does not exist (did you mean 'resultaten.csv'?)" in issue.message


def test_glob_reads_every_match_in_order(tmp_path):
    for name in ("b.csv", "a.csv", "c.txt"):
        write_csv(tmp_path / name, [["x"], [name]])
    raws = read_source(tmp_path, source(file="*.csv"))
    assert [r.label for r in raws] == ["a.csv", "b.csv"]


PROVIDER_YAML = """\
version: 1
tables:
  providers:
    file: "providers-*.csv"
    distinct: {distinct}
  indicators: {{file: indicators.csv}}
  results: {{file: results.csv}}
"""


def _distinct_folder(tmp_path, distinct):
    write_csv(
        tmp_path / "providers-1.csv",
        [
            ["provider_id", "name", "kind"],
            ["P1", "Een", "ziekenhuis"],
            ["P2", "Twee", "ziekenhuis"],
            ["P1", "Een", "ziekenhuis"],
        ],
    )
    write_csv(
        tmp_path / "providers-2.csv",
        [
            ["provider_id", "name", "kind"],
            ["P2", "Twee", "ziekenhuis"],
            ["P1", "Een (nieuw)", "ziekenhuis"],
            ["P3", "Drie", "ggz"],
        ],
    )
    write_csv(
        tmp_path / "indicators.csv",
        [
            ["indicator_id", "set_id", "title", "type", "unit", "direction"],
            ["X", "S", "X", "process", "mean", "higher"],
        ],
    )
    write_csv(
        tmp_path / "results.csv",
        [
            ["provider_id", "indicator_id", "period", "value", "approval_status"],
            ["P1", "X", "2023", "1", "approved"],
        ],
    )
    return load_intake(tmp_path, parse_intake_config(PROVIDER_YAML.format(distinct=distinct)))


def test_distinct_true_drops_identical_rows_across_files(tmp_path):
    tables, files = _distinct_folder(tmp_path, "true")
    p = tables["providers"]
    assert list(zip(p["provider_id"], p["name"])) == [
        ("P1", "Een"),
        ("P2", "Twee"),
        ("P1", "Een (nieuw)"),
        ("P3", "Drie"),
    ]
    assert [(f["file"], f["rows"], f["rows_mapped"]) for f in files if f["table"] == "providers"] == [
        ("providers-1.csv", 3, 2),
        ("providers-2.csv", 3, 2),
    ]


def test_distinct_by_key_keeps_the_first_row_per_key(tmp_path):
    tables, _ = _distinct_folder(tmp_path, "[provider_id]")
    p = tables["providers"]
    assert list(zip(p["provider_id"], p["name"], p["_file"], p["_row"])) == [
        ("P1", "Een", "providers-1.csv", 2),
        ("P2", "Twee", "providers-1.csv", 3),
        ("P3", "Drie", "providers-2.csv", 4),
    ]


def test_distinct_naming_an_unknown_column(tmp_path):
    issues = structural(_distinct_folder, tmp_path, "[provider]")
    assert issues[0].code == "config-invalid" and "did you mean 'provider_id'?" in issues[0].message


def test_load_intake_reports_every_structural_problem_at_once(tmp_path):
    write_csv(tmp_path / "providers.csv", [["id", "name", "kind"], ["P1", "Een", "ziekenhuis"]])
    write_csv(tmp_path / "indicators.csv", b"")
    cfg = parse_intake_config(
        "version: 1\ntables:\n  providers: {file: providers.csv}\n  indicators: {file: indicators.csv}\n"
        "  results: {file: results.csv}\n"
    )
    issues = structural(load_intake, tmp_path, cfg)
    assert sorted(i.code for i in issues) == ["column-missing", "file-empty", "file-missing"]


def test_mixed_formats_in_one_table(tmp_path):
    write_csv(tmp_path / "r1.csv", [HEADER, ["P1", "MEAN", "2023", "1", "approved", ""]])
    write_xlsx(tmp_path / "r2.xlsx", {"Blad1": [HEADER, ["P2", "MEAN", 2023, 2, "approved", None]]})
    write_parquet(
        tmp_path / "r3.parquet",
        {
            "provider_id": ["P3"],
            "indicator_id": ["MEAN"],
            "period": ["2023"],
            "value": [3.5],
            "approval_status": ["approved"],
        },
    )
    raws = [
        r for name in ("r1.csv", "r2.xlsx", "r3.parquet") for r in read_source(tmp_path, source(file=name))
    ]
    m = pd.concat([map_to_contract(r, source()) for r in raws], ignore_index=True)
    assert list(zip(m["provider_id"], m["value"], m["_file"])) == [
        ("P1", "1", "r1.csv"),
        ("P2", "2", "r2.xlsx[Blad1]"),
        ("P3", "3.5", "r3.parquet"),
    ]


def test_utf16_with_bom_from_excels_unicode_text_export():
    text = csv_text([HEADER, ["0012", "I1", "2023", "5", "approved", "Cliënt tevreden"]], delimiter="\t")
    for codec in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + text).encode(codec)
        raw = read_csv(data, "unicode.txt", source())
        assert list(raw.frame.columns) == HEADER
        assert raw.frame.iloc[0]["explanation"] == "Cliënt tevreden"
        assert raw.frame.iloc[0]["provider_id"] == "0012"


def test_by_distinct_rewrites_each_value_once_and_keeps_rows_and_missing():
    import pandas as pd

    from generator.intake.text import by_distinct

    calls = []

    def rewrite(series):
        calls.append(len(series))
        return series.str.upper()

    values = pd.Series(["a", "b", "a", None, "b", "a"], index=[5, 4, 3, 2, 1, 0], dtype="str")
    out = by_distinct(values, rewrite)
    assert calls == [2]  # 'a' and 'b', once each
    assert out.index.tolist() == [5, 4, 3, 2, 1, 0]
    assert out.tolist()[:3] == ["A", "B", "A"] and pd.isna(out.iloc[3]) and out.tolist()[4:] == ["B", "A"]
