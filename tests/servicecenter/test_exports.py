"""The one export helper: safe cells, typed cells, widths, frozen header, file names."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from servicecenter import exports
from servicecenter.exports import Column, Kind, Sheet, at

FORMULA = '=HYPERLINK("http://x/","看")'


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(first):
    text = first + "SUM(A1)"
    assert exports.neutralize(text) == "'" + text
    assert exports.restore(exports.neutralize(text)) == text


@pytest.mark.parametrize("text", ["张三", "010-62881104", "'quoted", "", "a=b"])
def test_ordinary_text_is_left_alone(text):
    assert exports.neutralize(text) == text
    assert exports.restore(text) == text


def test_text_that_already_starts_with_a_quote_round_trips():
    assert exports.restore(exports.neutralize("'=1+1")) == "'=1+1"


def sample() -> Sheet:
    columns = [
        Column("名称", at(0)),
        Column("日期", at(1), Kind.DATE),
        Column("时间", at(2), Kind.DATETIME),
        Column("数量", at(3), Kind.NUMBER),
        Column("按时率", at(4), Kind.PERCENT),
    ]
    moment = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)  # 09:30 in Shanghai
    rows = [
        (FORMULA, dt.date(2026, 3, 2), moment, -3, 95.5),
        ("-5", None, None, None, None),
        ("居住证申领（首次申领、补领、换领）", dt.date(2026, 3, 3), moment, 4, 100),
    ]
    return Sheet("台帐", columns, rows)


def test_xlsx_cells_are_typed_and_text_is_never_a_formula():
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(sample()))).active
    assert [c.value for c in sheet[1]] == ["名称", "日期", "时间", "数量", "按时率"]
    name, day, moment, count, rate = sheet[2]
    assert name.value == "'" + FORMULA and name.data_type == "s"
    assert day.is_date and day.value == dt.datetime(2026, 3, 2)
    assert moment.is_date and moment.value == dt.datetime(2026, 3, 2, 9, 30)
    assert count.value == -3 and count.data_type == "n"  # a negative number stays a number
    assert rate.value == pytest.approx(0.955) and rate.number_format == "0.0%"
    assert sheet["A3"].value == "'-5" and sheet["B3"].value is None  # text "-5" is neutralized


def test_xlsx_header_is_frozen_and_columns_fit_chinese_text():
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(sample()))).active
    assert sheet.freeze_panes == "A2"
    # 居住证申领（首次申领、补领、换领）: 17 wide characters, 34 columns
    assert sheet.column_dimensions["A"].width >= 34
    assert sheet.column_dimensions["B"].width >= len("2026-03-02")
    assert sheet.column_dimensions["C"].width >= len("2026-03-02 09:30")
    assert sheet.column_dimensions["E"].width >= 6  # 按时率


def test_csv_is_utf8_with_bom_neutralized_and_readable():
    content = b"".join(exports.csv_stream(sample()))
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1] == ["'" + FORMULA, "2026-03-02", "2026-03-02 09:30", "-3", "95.5%"]
    assert rows[2] == ["'-5", "", "", "", ""]


def test_more_rows_than_a_sheet_holds_go_on_to_a_next_sheet(monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 3)
    sheet = Sheet("台帐", [Column("编号", at(0), Kind.NUMBER)], [(n,) for n in range(5)])
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(sheet)))
    assert book.sheetnames == ["台帐", "台帐 (2)", "台帐 (3)"]
    values = [c.value for ws in book.worksheets for row in ws.iter_rows(min_row=2) for c in row]
    assert values == [0, 1, 2, 3, 4]
    assert all(ws["A1"].value == "编号" for ws in book.worksheets)


def test_file_names_follow_one_scheme():
    day, first = dt.date(2026, 12, 31), dt.date(2026, 1, 1)
    assert (
        exports.filename("台帐", "xlsx", first=first, last=day) == "台帐_2026-01-01_2026-12-31.xlsx"
    )
    assert exports.filename("每日统计", "xlsx", last=day) == "每日统计_2026-12-31.xlsx"
    response = exports.xlsx_response([sample()], "台帐_2026-01-01_2026-12-31.xlsx")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%8F%B0%E5%B8%90_2026-01-01_2026-12-31.xlsx"
    )
