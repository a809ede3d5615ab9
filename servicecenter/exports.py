"""One helper writes every CSV and Excel file the project hands out.

Columns are declared once (header, how to read the value from a plain row, type); rows are
plain tuples (``values_list``), so a year of cases streams without building model objects.

- Text cells starting with ``= + - @``, a tab or a carriage return get a leading ``'`` in
  CSV and in Excel, so a name like ``=HYPERLINK(...)`` is never a live formula (in the xlsx it
  is also a plain string cell). ``restore`` undoes it when such a file is imported again.
- Dates are dates, numbers are numbers (a negative number is a number, not a formula).
- The xlsx has its header row frozen and its columns as wide as the header and the longest
  value of the first rows, counting a Chinese character as two.
- File names follow one scheme: ``<what>_<day or first_last>.<ext>``.

The xlsx is written here directly (a few fixed parts and one streamed XML per sheet, zipped
on the fly): openpyxl's write-only mode measured about 0.5 ms a row, two minutes for a year
of the ledger, which is too slow to send a year's 台帐 upward. Excel, LibreOffice and
openpyxl read these files; tests read them back with openpyxl.
"""

import codecs
import csv
import datetime as dt
import enum
import io
import itertools
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.db.models import CharField, Func
from django.db.models.functions import Cast, Substr, TruncMinute
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header


class Kind(enum.StrEnum):
    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"
    NUMBER = "number"
    PERCENT = "percent"  # a number from 0 to 100, shown as 95.5%


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Sequence], Any]  # reads the cell's value from one plain row
    kind: Kind = Kind.TEXT


def at(index: int) -> Callable[[Sequence], Any]:
    """The row's value at ``index`` (the common case of a column)."""
    return lambda row: row[index]


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


# -- neutralizing ---------------------------------------------------------------------------

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_RISKY = frozenset("=+-@\t\r'")  # first characters worth a closer look


def neutralize(text: str) -> str:
    """A leading ' for text a spreadsheet would read as a formula (or that already starts
    with such a ', so that ``restore`` gives back exactly what was written)."""
    if text[:1] in _RISKY and text.lstrip("'").startswith(DANGEROUS):
        return "'" + text
    return text


def restore(text: Any) -> Any:
    """The text as it was before ``neutralize``: for files exported here and imported again."""
    if isinstance(text, str) and text[:1] == "'" and text[1:].lstrip("'").startswith(DANGEROUS):
        return text[1:]
    return text


def _map_dataset(dataset, change: Callable[[str], str]) -> None:
    for index, row in enumerate(dataset):
        cells = [change(cell) if isinstance(cell, str) else cell for cell in row]
        if cells != list(row):
            dataset[index] = cells


def neutralize_dataset(dataset) -> None:
    """Neutralize every text cell of a tablib Dataset (django-import-export's exports)."""
    _map_dataset(dataset, neutralize)


def restore_dataset(dataset) -> None:
    """Take the neutralizing ' off every text cell of a tablib Dataset being imported."""
    _map_dataset(dataset, restore)


# -- cell values ----------------------------------------------------------------------------


def _reader(column: Column, tz) -> Callable[[Sequence], Any]:
    """The column's typed value from a plain row: text (neutralized), a number, a date, or a
    datetime in the center's time zone without tzinfo (Excel has none)."""
    read = column.value
    if column.kind is Kind.TEXT:

        def text(row):
            value = read(row)
            if value.__class__ is not str:
                value = "" if value is None else str(value)
            if value[:1] in _RISKY:
                return neutralize(value)
            return value

        return text
    if column.kind in (Kind.NUMBER, Kind.PERCENT):

        def number(row):
            value = read(row)
            if value is None or value == "" or isinstance(value, bool):
                return None
            return value if isinstance(value, int | float) else float(value)

        return number

    def moment(row):
        value = read(row)
        if not value:
            return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(tz).replace(tzinfo=None)
            return value.date() if column.kind is Kind.DATE else value
        return value

    return moment


class LocalMinute(Func):
    """The date-time in a field as a CSV writes it ("2026-01-05 09:30", the center's time
    zone), written by the database: making a datetime object of each value and converting
    its zone in Python was most of a CSV's time. For a TEXT column of a CSV only; Excel's
    cells stay typed dates."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL: the minute in the current zone, cast to text ("2026-01-05 09:30:00").
        text = Substr(Cast(TruncMinute(*self.get_source_expressions()), CharField()), 1, 16)
        return compiler.compile(text.resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra):
        # Django's own zone conversion on SQLite is a Python call a row; SQLite's 'localtime'
        # is C and reads the process's zone, which Django set to TIME_ZONE (os.environ["TZ"]).
        zone = timezone.get_current_timezone_name()
        if zone != settings.TIME_ZONE or os.environ.get("TZ") != zone:
            return self.as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.get_source_expressions()[0])
        # Without the fraction of a second, which SQLite rounds to the millisecond: 23:59:59.9999
        # would become the next day.
        return f"strftime('%%Y-%%m-%%d %%H:%%M', substr({sql}, 1, 19), 'localtime')", params


def values(columns: Sequence[Column], rows: Iterable[Sequence]) -> Iterator[list]:
    """Each row as typed cell values."""
    readers = [_reader(column, timezone.get_current_timezone()) for column in columns]
    for row in rows:
        yield [read(row) for read in readers]


# -- file names -----------------------------------------------------------------------------


def filename(
    what: str, ext: str, *, first: dt.date | None = None, last: dt.date | None = None
) -> str:
    """台帐_2026-01-01_2026-12-31.xlsx, 每日统计_2026-11-28.xlsx: what, then the day or the
    first and last day covered (today when not given), ISO dates."""
    last = last or timezone.localdate()
    if first is None or first == last:
        return f"{what}_{last:%Y-%m-%d}.{ext}"
    return f"{what}_{first:%Y-%m-%d}_{last:%Y-%m-%d}.{ext}"


def attach(response: HttpResponse, name: str) -> HttpResponse:
    # RFC 6266/5987: filename*=utf-8''… carries the Chinese name.
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# -- CSV ------------------------------------------------------------------------------------

BATCH = 2000  # rows per chunk sent to the client


def _csv_text(columns: Sequence[Column], cells: Iterable[list]) -> Iterator[list]:
    """Datetimes to the minute and percentages with their sign; the csv module writes the
    rest (dates in ISO form)."""
    moments = [i for i, column in enumerate(columns) if column.kind is Kind.DATETIME]
    percents = [i for i, column in enumerate(columns) if column.kind is Kind.PERCENT]
    for row in cells:
        for i in moments:
            if row[i] is not None:
                row[i] = row[i].isoformat(" ", "minutes")
        for i in percents:
            if row[i] is not None:
                row[i] = f"{row[i]}%"
        yield row


def csv_stream(sheet: Sheet) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel reads Chinese), written in batches of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralize(str(column.header)) for column in sheet.columns])
    yield codecs.BOM_UTF8 + buffer.getvalue().encode()
    rows = _csv_text(sheet.columns, values(sheet.columns, sheet.rows))
    while True:
        buffer.seek(0)
        buffer.truncate()
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
            if count == BATCH:
                break
        if count:
            yield buffer.getvalue().encode()
        if count < BATCH:
            return


def csv_response(sheet: Sheet, name: str, total: int | None = None) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_stream(sheet), content_type="text/csv; charset=utf-8")
    return _headers(response, name, total)


def _headers(response: HttpResponse, name: str, total: int | None) -> HttpResponse:
    if total is not None:
        # The number of rows to come, so the page can show 已导出 N 行 / 共 M 行.
        response["X-Total-Rows"] = str(total)
    response["Cache-Control"] = "no-store"
    return attach(response, name)


# -- XLSX -----------------------------------------------------------------------------------

MAX_ROWS = 1_048_576  # Excel's limit per sheet, header included: more rows go on a next sheet
WIDTH_SAMPLE = 200  # rows read to size the columns
MAX_WIDTH = 60
EPOCH = dt.datetime(1899, 12, 30)
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Cell styles (styles.xml cellXfs): 0 general, 1 header, 2 date, 3 date and time, 4 percent.
STYLE = {Kind.DATE: 2, Kind.DATETIME: 3, Kind.PERCENT: 4}


def display_width(text: str) -> int:
    """Columns a text takes: a Chinese (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(kind: Kind, value: Any) -> str:
    if value is None:
        return ""
    if kind is Kind.DATE:
        return "2026-01-01"
    if kind is Kind.DATETIME:
        return "2026-01-01 00:00"
    if kind is Kind.PERCENT:
        return f"{value:.1f}%"
    return str(value)


def _widths(columns: Sequence[Column], sample: list[list]) -> list[int]:
    widths = []
    for index, column in enumerate(columns):
        longest = max((display_width(_shown(column.kind, row[index])) for row in sample), default=0)
        widths.append(min(max(longest, display_width(str(column.header))) + 2, MAX_WIDTH))
    return widths


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str) -> str:
    text = ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def _string(ref: str, text: str, style: int = 0) -> str:
    if not text:
        return ""
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_escape(text)}</t></is></c>'


def _cell_writer(kind: Kind) -> Callable[[str, Any], str]:
    if kind is Kind.TEXT:
        return _string
    style = STYLE.get(kind)
    s = f' s="{style}"' if style else ""

    def write(ref: str, value: Any) -> str:
        if value is None:
            return ""
        if kind is Kind.DATE:
            value = (value - EPOCH.date()).days
        elif kind is Kind.DATETIME:
            delta = value - EPOCH  # to the second: Excel shows no fractions of one
            value = delta.days + delta.seconds / 86400
        elif kind is Kind.PERCENT:
            value = value / 100
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'

    return write


def _sheet_xml(columns: Sequence[Column], sample: list[list], rows: Iterator[list]):
    """One worksheet's XML in chunks, up to Excel's limit of rows; ``sample`` (the first
    rows, which ``rows`` yields again) sizes the columns."""
    letters = [_letters(i) for i in range(len(columns))]
    writers = [_cell_writer(column.kind) for column in columns]
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
        for i, width in enumerate(_widths(columns, sample), start=1)
    )
    header = "".join(
        _string(f"{letter}1", neutralize(str(column.header)), 1)
        for letter, column in zip(letters, columns, strict=True)
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        # The header row stays in view while scrolling.
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
        ' activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2"'
        ' sqref="A2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        f'<row r="1">{header}</row>'
    ]
    number = 1

    for row in rows:
        number += 1
        cells = "".join(
            write(f"{letter}{number}", value)
            for write, letter, value in zip(writers, letters, row, strict=True)
        )
        parts.append(f'<row r="{number}">{cells}</row>')
        if len(parts) >= BATCH:
            yield "".join(parts)
            parts.clear()
        if number == MAX_ROWS:
            break
    parts.append("</sheetData></worksheet>")
    yield "".join(parts)


class _Sink:
    """A write-only file for zipfile that hands over what was written (the zip streams)."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def xlsx_stream(*sheets: Sheet) -> Iterator[bytes]:
    """An xlsx workbook written as it is sent: memory stays flat however many rows."""
    sink = _Sink()
    book = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    titles: list[str] = []
    for sheet in sheets:
        rows = values(sheet.columns, sheet.rows)
        part = 0
        while True:
            sample = list(itertools.islice(rows, WIDTH_SAMPLE))
            if part and not sample:
                break
            part += 1
            # More rows than a sheet holds go on to the next sheet, header repeated.
            rows = itertools.chain(sample, rows)
            titles.append(_title(sheet.title, part, titles))
            with book.open(f"xl/worksheets/sheet{len(titles)}.xml", "w") as out:
                for chunk in _sheet_xml(sheet.columns, sample, rows):
                    out.write(chunk.encode())
                    if sink.chunks:
                        yield sink.take()
    for name, content in _fixed_parts(titles).items():
        book.writestr(name, content)
    book.close()
    yield sink.take()


def _title(title: str, part: int, taken: list[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", title)[:25] or "Sheet"
    if part > 1:
        title = f"{title} ({part})"
    while title in taken:
        title += "_"
    return title


def _fixed_parts(titles: list[str]) -> dict[str, str]:
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    rels_type = "application/vnd.openxmlformats-package.relationships+xml"
    numbers = range(1, len(titles) + 1)
    return {
        "[Content_Types].xml": head
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{rels_type}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml"'
            f' ContentType="{office}.worksheet+xml"/>'
            for n in numbers
        )
        + "</Types>",
        "_rels/.rels": head + f'<Relationships xmlns="{package}">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": head
        + f'<workbook xmlns="{main}" xmlns:r="{rel}"><bookViews><workbookView/></bookViews><sheets>'
        + "".join(
            f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
            for n, title in zip(numbers, titles, strict=True)
        )
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": head
        + f'<Relationships xmlns="{package}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{rel}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in numbers
        )
        + f'<Relationship Id="rId{len(titles) + 1}" Type="{rel}/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/styles.xml": head + f'<styleSheet xmlns="{main}">'
        '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/>'
        '<numFmt numFmtId="166" formatCode="0.0%"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>",
    }


def xlsx_response(
    sheets: Sequence[Sheet], name: str, total: int | None = None, *, stream: bool = True
) -> HttpResponse:
    """The workbook as a download; ``stream=False`` for a small one (a day's figures)."""
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if stream:
        response = StreamingHttpResponse(xlsx_stream(*sheets), content_type=content_type)
    else:
        response = HttpResponse(xlsx_bytes(*sheets), content_type=content_type)
    return _headers(response, name, total)


def xlsx_bytes(*sheets: Sheet) -> bytes:
    return b"".join(xlsx_stream(*sheets))
