"""Publication dates for ingested articles, with where each date came from and how precise it is.

Three kinds of evidence are used, in this order of trust:

``field``
    a date the source already carries (RSS ``pubDate``, a ``date`` column, an HTML meta tag);
    see :func:`parse_date_field`.
``stamp``
    the publication stamp printed near the top of a scraped page, a line that holds little
    more than a date and a time (``"Thứ hai - 30/08/2021 00:44"``); see :func:`find_stamp`.
``text``
    the article's own words: ``"Sáng 23/8, ..."`` plus the year the text talks about;
    see :func:`infer_from_text`.

No date is ever invented: when the evidence does not pin a date down, the answer is a
:class:`DateGuess` with ``source == "none"``. All dates are read day-first, the Vietnamese
convention (``06/04/2023`` is 6 April 2023).

Examples
--------
>>> resolve_date(field=None, page_lines=["Tiêu đề", "Thứ Năm, 06/04/2023 - 14:21"])
DateGuess(date=datetime.date(2023, 4, 6), source='stamp', granularity='day')
>>> infer_from_text("Sáng 5/4, tỉnh tổng kết năm 2022 ...").date
datetime.date(2022, 4, 5)
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "NO_DATE",
    "DateGuess",
    "find_stamp",
    "infer_from_text",
    "parse_date_field",
    "resolve_date",
    "resolve_dates",
    "stamp_date",
]

SOURCES = ("field", "stamp", "text", "none")
GRANULARITIES = ("day", "month", "year")

# Years outside this window are not publication years of anything this toolkit reads; a
# four-digit number outside it is a count or an identifier, not a year.
MIN_YEAR = 1900
MAX_YEAR = 2099


@dataclasses.dataclass(frozen=True)
class DateGuess:
    """A publication date, where it came from and how precise it is.

    Attributes
    ----------
    date : datetime.date or None
        The date; the first day of the month (or of the year) when ``granularity`` is
        ``"month"`` (or ``"year"``). ``None`` when nothing could be established.
    source : str
        ``"field"``, ``"stamp"``, ``"text"`` or ``"none"``.
    granularity : str or None
        ``"day"``, ``"month"``, ``"year"``, or ``None`` when ``source == "none"``.
    """

    date: datetime.date | None
    source: str
    granularity: str | None

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, got {self.source!r}")
        if self.source == "none":
            if self.date is not None or self.granularity is not None:
                raise ValueError(
                    "a DateGuess with source 'none' must have date=None and granularity=None"
                )
            return
        if self.granularity not in GRANULARITIES:
            raise ValueError(
                f"granularity must be one of {GRANULARITIES} when a date is "
                f"given, got {self.granularity!r}"
            )
        if not isinstance(self.date, datetime.date) or isinstance(self.date, datetime.datetime):
            raise TypeError(
                f"date must be a datetime.date (not a datetime), got {type(self.date).__name__}"
            )
        coarse_month = self.granularity == "month" and self.date.day != 1
        coarse_year = self.granularity == "year" and (self.date.month, self.date.day) != (1, 1)
        if coarse_month or coarse_year:
            raise ValueError(
                f"a {self.granularity}-granularity date must be the first day of "
                f"its {self.granularity}, got {self.date.isoformat()}"
            )


NO_DATE = DateGuess(None, "none", None)


def _guess(
    source: str, year: int, month: int | None = None, day: int | None = None
) -> DateGuess | None:
    """Build a guess at the precision given, or None when the calendar rejects it (31/02)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        if month is None:
            return DateGuess(datetime.date(year, 1, 1), source, "year")
        if day is None:
            return DateGuess(datetime.date(year, month, 1), source, "month")
        return DateGuess(datetime.date(year, month, day), source, "day")
    except ValueError:
        return None


def _normalise(text: str) -> str:
    """NFC, one kind of dash and of space, so that the patterns below can stay simple."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\u2010-\u2015\u2212]", "-", text).replace("\u00a0", " ")


# --------------------------------------------------------------------------- field values

_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?"
_OFFSET = r"(?:z|(?:utc|gmt)?\s*[+-]\s*\d{1,2}(?::?\d{2})?|utc|gmt)"
_TIME_TAIL = rf"(?:(?:t|\s+|\s*-\s*|\s*,\s*){_TIME}(?:\s*(?:am|pm|sa|ch))?\s*(?:\(?{_OFFSET}\)?)?)?"
_FIELD_FORMATS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern + r"\s*$", re.IGNORECASE), parts)
    for pattern, parts in (
        # ISO 8601 and its slash variant: the written date is the local calendar date, so
        # the offset is parsed only to be accepted, never used to shift the day.
        (rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME_TAIL}", ("year", "month", "day")),
        (rf"(\d{{4}})/(\d{{1,2}})/(\d{{1,2}}){_TIME_TAIL}", ("year", "month", "day")),
        (rf"(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}){_TIME_TAIL}", ("day", "", "month", "year")),
        (r"(\d{4})-(\d{1,2})", ("year", "month")),
        (r"(\d{1,2})[/.-](\d{4})", ("month", "year")),
        (r"(\d{4})", ("year",)),
    )
)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return False


def _parse_field_string(text: str) -> DateGuess:
    text = _normalise(text).strip()
    if not text:
        return NO_DATE
    for pattern, parts in _FIELD_FORMATS:
        match = pattern.match(text)
        if match is None:
            continue
        values = {
            name: int(group) for name, group in zip(parts, match.groups(), strict=True) if name
        }
        guess = _guess("field", values["year"], values.get("month"), values.get("day"))
        return guess if guess is not None else NO_DATE
    # A field copied from page markup often carries a weekday or a label around the date.
    stamp = stamp_date(text)
    if stamp is None:
        return NO_DATE
    return DateGuess(stamp, "field", "day")


def parse_date_field(value: object) -> DateGuess:
    """Read a date the source already carries.

    Parameters
    ----------
    value : object
        One of

        * ``str``: ISO 8601 with or without a time and an offset
          (``"2026-08-17T23:15:19+07:00"``, ``"2023-04-06"``), day-first dates
          (``"06/04/2023"``, ``"6-4-2023"``, ``"06.04.2023 14:21"``), a month
          (``"2023-04"``, ``"04/2023"``), a year (``"2023"``), or a stamp-like string such
          as ``"Thứ Năm, 06/04/2023 - 14:21"``;
        * ``datetime.datetime``, ``datetime.date``, ``pandas.Timestamp``,
          ``numpy.datetime64``;
        * a missing value: ``None``, ``NaN``, ``NaT``, ``pandas.NA`` or a blank string.

    Returns
    -------
    DateGuess
        ``source="field"`` with granularity ``"day"``, ``"month"`` or ``"year"``;
        ``NO_DATE`` for missing values, unparseable strings and impossible dates
        (``"31/02/2023"``). A timestamp with an offset keeps its *local* calendar date:
        ``"2026-08-17T23:15:19+07:00"`` is 17 August, not the UTC day.

    Raises
    ------
    TypeError
        For numbers and other types: an integer could be a year, epoch seconds or epoch
        milliseconds, so it is refused rather than guessed. Convert such a column first,
        e.g. ``pandas.to_datetime(column, unit="s")``.
    """
    if _is_missing(value):
        return NO_DATE
    if isinstance(value, str):
        return _parse_field_string(value)
    if isinstance(value, datetime.datetime):  # pandas.Timestamp included
        # .date() of an aware datetime is its own local calendar date, which is what we keep.
        return _guess("field", value.year, value.month, value.day) or NO_DATE
    if isinstance(value, datetime.date):
        return _guess("field", value.year, value.month, value.day) or NO_DATE
    if isinstance(value, np.datetime64):
        as_day = value.astype("datetime64[D]").item()  # an int when outside datetime.date
        if not isinstance(as_day, datetime.date):
            return NO_DATE
        return _guess("field", as_day.year, as_day.month, as_day.day) or NO_DATE
    raise TypeError(
        f"cannot read a date from a {type(value).__name__} ({value!r}); pass a string, "
        "datetime, date, pandas.Timestamp or numpy.datetime64. Numbers are ambiguous (a year? "
        "epoch seconds?): convert them first, e.g. pandas.to_datetime(values, unit='s')."
    )


# --------------------------------------------------------------------------- page stamps

_WEEKDAY = (
    r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t[2-7]"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_STAMP_DATES = (
    re.compile(r"(?<!\d)(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)"),  # d/m/Y
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),  # ISO
    re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"),  # long form
)
# Everything else a stamp line is allowed to hold: labels, weekday, time, time zone, separators.
_STAMP_FILLER = re.compile(
    rf"(?<!\w)(?:{_WEEKDAY}|cập\s*nhật|ngày\s*đăng|đăng\s*ngày|đăng\s*lúc|đăng|xuất\s*bản|"
    r"thời\s*gian|published|updated|posted|ngày|lúc|giờ|vào|on|at)(?!\w)|"
    rf"\(?{_OFFSET}\)?|{_TIME}(?:\s*(?:am|pm|sa|ch))?|[\-|,:/•·.()\[\]]",
    re.IGNORECASE,
)
_STAMP_MAX_CHARS = 80
_STAMP_MAX_LEFTOVER_WORDS = 1


def stamp_date(line: str) -> datetime.date | None:
    """The date of a line that is (almost) only a date and a time, else None."""
    line = _normalise(line).strip().lower()
    if not line or len(line) > _STAMP_MAX_CHARS:
        return None
    for pattern in _STAMP_DATES:
        matches = list(pattern.finditer(line))
        if not matches:
            continue
        if len(matches) > 1:  # two dates on one line is a list or a range, not a stamp
            return None
        match = matches[0]
        numbers = [int(group) for group in match.groups() if group.isdigit()]
        if pattern is _STAMP_DATES[1]:
            year, month, day = numbers
        else:
            day, month, year = numbers
        leftover = _STAMP_FILLER.sub(" ", line[: match.start()] + " " + line[match.end() :])
        if len(leftover.split()) > _STAMP_MAX_LEFTOVER_WORDS:
            return None
        guess = _guess("stamp", year, month, day)
        return guess.date if guess is not None else None
    return None


def find_stamp(lines: Sequence[str], max_lines: int = 20) -> DateGuess | None:
    """Find the publication stamp near the top of a scraped page.

    A stamp is a line that holds (almost) nothing but a date, optionally with a weekday, a
    time, a time zone and a label: ``"06/04/2023 14:21"``, ``"Thứ hai - 30/08/2021 00:44"``,
    ``"Thứ Năm, 06/04/2023 - 14:21"``, ``"06-04-2023 | 14:21"``,
    ``"Cập nhật: 14:21 06/04/2023 (GMT+7)"``, ``"Ngày đăng: 06/04/2023"``. A date inside a
    sentence (``"Ngày 5/4/2023, tại Cần Thơ, ..."``) is not a stamp. Dates are day-first and
    must carry a four-digit year; impossible dates (``31/02/2023``) are skipped.

    Parameters
    ----------
    lines : sequence of str
        The page, one string per line (``page.splitlines()``).
    max_lines : int, default 20
        How many non-blank lines from the top to look at. Blank lines are not counted because
        scrapers often put one between every line.

    Returns
    -------
    DateGuess or None
        The first stamp found (``source="stamp"``, ``granularity="day"``), or None.
    """
    if isinstance(lines, str):
        raise TypeError("lines must be a sequence of lines, not one string: pass page.splitlines()")
    if isinstance(max_lines, bool) or not isinstance(max_lines, int) or max_lines < 1:
        raise ValueError(f"max_lines must be a positive integer, got {max_lines!r}")
    seen = 0
    for line in lines:
        if not isinstance(line, str):
            raise TypeError(f"every line must be a str, got {type(line).__name__}")
        if not line.strip():
            continue
        seen += 1
        if seen > max_lines:
            break
        stamp = stamp_date(line)
        if stamp is not None:
            return DateGuess(stamp, "stamp", "day")
    return None


# --------------------------------------------------------------------------- article text

_Y = r"(?:19|20)\d{2}"
_FLAGS = re.IGNORECASE

# Spans that name a period ("giai đoạn 2021-2025", "từ năm 2016 đến năm 2020"): the years in
# them are plan horizons, not the time the article is written in, so they are set aside.
_PERIOD = re.compile(
    rf"(?<![\d/.])({_Y})\s?-\s?({_Y})(?![\d/])"
    rf"|từ\s+(?:năm\s+)?({_Y})\s+(?:đến|tới)\s+(?:năm\s+)?({_Y})(?!\d)"
    # anniversaries and spans written with full dates: "(3/2/1930 - 3/2/2020)"
    rf"|(?<![\d/.])\d{{1,2}}\s?[/.-]\s?\d{{1,2}}\s?[/.-]\s?{_Y}\s?-\s?"
    rf"\d{{1,2}}\s?[/.-]\s?\d{{1,2}}\s?[/.-]\s?{_Y}(?![\d/])",
    _FLAGS,
)
_CURRENT_YEAR = re.compile(
    rf"năm\s+(nay|ngoái)\s*\(\s*({_Y})\s*\)|năm\s+({_Y})\s+này(?!\w)"
    rf"|(cùng\s+kỳ)\s+(?:năm\s+)?({_Y})(?![\d/])",
    _FLAGS,
)
_LONG_DATE = re.compile(rf"ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+({_Y})(?!\d)", _FLAGS)
_FULL_DATE = re.compile(
    rf"(?<![\d/.-])(\d{{1,2}})\s?([/.-])\s?(\d{{1,2}})\s?\2\s?({_Y})(?![\d/])", _FLAGS
)
_DOCUMENT_YEAR = re.compile(rf"(?<!\d)\d{{1,5}}[a-zđ]?\s?/\s?({_Y})\s?/\s?[a-zđ]", _FLAGS)
_MONTH = re.compile(rf"tháng\s+(\d{{1,2}})\s*(?:[/.-]\s*|\s+năm\s+)({_Y})(?![\d/])", _FLAGS)
_QUARTER = re.compile(
    rf"q[uú][ýy]\s+(iv|i{{1,3}}|[1-4])\s*(?:[/.-]\s*|\s+năm\s+)({_Y})(?![\d/])", _FLAGS
)
_YEAR = re.compile(
    rf"(?<!\w)(?:năm|cuối|đầu|giữa|hết|trong|từ|sau|trước|đến|tới|nhìn|hồi|vào|kỳ)\s+({_Y})"
    r"(?![\d/]|[.,]\d)",
    _FLAGS,
)
_QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# How the words around a time reference say what it tells about the time of writing. Each
# pattern is matched against the clause before the reference (ending where it starts).
_DAY_OR_YEAR = r"(?:(?:hết|cuối|đầu|giữa)\s+)?(?:năm\s+|ngày\s+)?$"
_AS_OF = re.compile(
    r"(?:tính|kể)\s+(?:đến|tới)\s+(?:hết|cuối|đầu|giữa|ngày)\s+" + _DAY_OR_YEAR, _FLAGS
)
_SINCE = re.compile(
    r"(?<!\w)(?:sinh|sn|hồi|những|so\s+với(?:\s+cùng\s+kỳ)?|trước\s+đó|kể\s+từ|tính\s+từ)\s+"
    + _DAY_OR_YEAR,
    _FLAGS,
)
# A cited law or decision ("Luật Hợp tác xã năm 2012", "Quyết định 12/2010/QĐ-UBND ngày
# 5/3/2010") may be decades old: its date only says the text is later.
_LEGAL_DOCUMENT = (
    r"\d+\s?/\s?[a-zđ][\w-]*|(?<!\w)số\s+\S+|quyết\s+định|nghị\s+quyết|"
    r"nghị\s+định|chỉ\s+thị|thông\s+tư|công\s+văn|công\s+điện|(?:bộ\s+)?luật|"
    r"hiến\s+pháp|công\s+ước|pháp\s+lệnh|hiệp\s+định"
)
_CITED = re.compile(rf"(?:{_LEGAL_DOCUMENT})\s+(?:[^\s,;:]+\s+){{0,6}}$", _FLAGS)
_FROM = re.compile(r"(?<!\w)(?:từ|bắt\s+đầu)\s+" + _DAY_OR_YEAR, _FLAGS)
_UNTIL_NOW = re.compile(r"^\s*(?:\)\s*)?(?:đến|tới)\s+(?:nay|hiện\s+nay|hiện\s+tại)(?!\w)", _FLAGS)
_AT = re.compile(r"(?<!\w)vào\s+" + _DAY_OR_YEAR, _FLAGS)
_TREND = re.compile(r"(?<!\w)từ\s+(?:mức\s+)?\d", _FLAGS)  # "từ 9% năm 2016 xuống 4% vào ..."
_HORIZON = re.compile(
    r"(?<!\w)(?:tầm\s+nhìn|hướng\s+(?:tới|đến)|trước|chậm\s+nhất(?:\s+là)?)\s+"
    r"(?:(?:đến|tới|vào)\s+)?" + _DAY_OR_YEAR,
    _FLAGS,
)
_AFTER_YEAR = re.compile(r"(?<!\w)sau\s+" + _DAY_OR_YEAR, _FLAGS)
_BY_YEAR_END = re.compile(r"(?<!\w)(?:đến|tới)\s+(?:hết|cuối)\s+(?:năm\s+|ngày\s+)?$", _FLAGS)
_BY_YEAR = re.compile(r"(?<!\w)(?:đến|tới)\s+(?:năm\s+|ngày\s+)?$", _FLAGS)
_SPAN_OPENED = re.compile(r"(?<!\w)từ\s+(?:ngày|tháng|quý|năm|đầu|cuối|giữa)(?!\w)", _FLAGS)
_PLAN_WORDS = re.compile(
    r"(?<!\w)(?:phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu|kế\s+hoạch(?!\s+(?:số\s+)?\d)|dự\s+kiến|"
    r"dự\s+báo|dự\s+toán|dự\s+tính|định\s+hướng|quyết\s+tâm|kỳ\s+vọng|triển\s+vọng|đề\s+ra|đặt\s+ra|nhiệm\s+vụ|"
    r"đề\s+xuất|mong\s+muốn|sẽ|sắp|chuẩn\s+bị)(?!\w)",
    _FLAGS,
)
_ACHIEVED = re.compile(r"(?:vượt|đạt|hoàn\s+thành|so\s+với|thực\s+hiện)\s+$", _FLAGS)
_FUTURE_AFTER = re.compile(r"^[^!?;\n]{0,30}?(?<!\w)(?:sẽ|dự\s+kiến|sắp)(?!\w)", _FLAGS)
_IN_FORCE = re.compile(
    r"(?:hiệu\s+lực|áp\s+dụng)(?:\s+thi\s+hành)?\s+(?:(?:kể\s+)?từ\s+)?(?:ngày\s+)?$", _FLAGS
)
_CLAUSE_END = re.compile(r"[!?;\n]|\.(?!\d)")  # "40.000" and "23.8" do not end a clause
_PLAN_WINDOW = 120
_PREFIX_WINDOW = 40

# An event expression in the lead: "Sáng 23/8", "Ngày 5/4", "chiều 12-7", "tối thứ Tư (23/8)",
# "hôm nay (5/4)", "ngày 12-7-2016". Deadlines and effective dates ("từ ngày 1/7",
# "đến ngày 30/6") and document dates ("Quyết định số 12/QĐ-UBND ngày 5/4") are not events of
# the day, so they are rejected below.
_EVENT = re.compile(
    r"(?<!\w)(?:(?:(?:rạng\s+)?sáng|trưa|chiều|tối|đêm|khuya|hôm|ngày)"
    r"(?:\s+(?:nay|qua|mai|sớm|muộn))?"
    rf"(?:\s*[(,]?\s*(?P<weekday>{_WEEKDAY}))?"
    r"|(?P<weekday_alone>thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật))"
    r"(?:\s*[(,]?\s*ngày)?\s*\(?\s*"
    r"(?P<day>\d{1,2})\s?(?P<sep>[/.-])\s?(?P<month>\d{1,2})"
    rf"(?:\s?(?P=sep)\s?(?P<year>{_Y}))?(?![\d/]|[.-]\d)",
    _FLAGS,
)
_NOT_EVENT_BEFORE = re.compile(
    r"(?:(?<!\w)(?:từ|đến|tới|trước|sau|hết|hạn|kể\s+từ|hiệu\s+lực|tính)\s+$)"
    rf"|(?:{_LEGAL_DOCUMENT}|kế\s+hoạch|thông\s+báo|tờ\s+trình|hướng\s+dẫn|đề\s+án|"
    r"văn\s+bản)\s+(?:\S+\s+){0,3}$",
    _FLAGS,
)
_BACKSTORY = re.compile(r"(?<!\w)(?:trước\s+đó|cáo\s+trạng|theo\s+hồ\s+sơ)(?!\w)", _FLAGS)
_WEEKDAY_NUMBERS = {
    "hai": 0,
    "2": 0,
    "ba": 1,
    "3": 1,
    "tư": 2,
    "4": 2,
    "năm": 3,
    "5": 3,
    "sáu": 4,
    "6": 4,
    "bảy": 5,
    "bẩy": 5,
    "7": 5,
}
# An event of the day is reported in the first paragraphs; a date further down is background.
_LEAD_CHARS = 1200
_EVENT_BEFORE_PAST_DAYS = 31
_NEAR_DATE_DAYS = 31
_PLANNING_SEASON = 11  # November: reviews of the year and plans for the next begin


@dataclasses.dataclass(frozen=True)
class _Mention:
    """One time reference in the text, with what it says about the time of writing."""

    start: int
    year: int
    month: int | None
    day: int | None
    role: str  # "past" | "since" | "current" | "target" | "horizon" | "ignore"


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def _clause_before(text: str, start: int, width: int) -> str:
    before = text[max(0, start - width) : start]
    cut = _last_match(_CLAUSE_END, before)
    return before[cut.end() :] if cut is not None else before


def _role(text: str, start: int, end: int, *, is_day: bool = False) -> str:
    """Say what a time reference tells about the time of writing.

    ``"past"``: something reported as done or ongoing then (a candidate for the year of
    writing); ``"since"``: only a lower bound (``"sinh năm 1979"``, ``"so với năm 2022"``,
    ``"từ năm 2016 đến nay"``); ``"target"``: a plan for one year; ``"horizon"``: a
    forward-looking limit (``"đến năm 2030"``, ``"tầm nhìn 2045"``); ``"ignore"``: a point as
    often ahead as behind (``"từ 1/7/2024"``, ``"vào năm 2020"``, ``"sau năm 2020"``).
    Only the clause around the reference is read: in ``"năm 2022 giảm 3%, vượt mục tiêu
    đặt ra"`` the plan words come after the year and do not count.
    """
    prefix = _clause_before(text, start, _PREFIX_WINDOW)
    clause = _clause_before(text, start, _PLAN_WINDOW)
    after = text[end : end + _PLAN_WINDOW]
    if _AS_OF.search(prefix):
        return "past"  # "tính đến hết năm 2022": as of, so already happened
    if _SINCE.search(prefix) or _CITED.search(prefix):
        return "since"
    if _FROM.search(prefix):
        # "từ năm 2016 đến nay" is a past start; "từ 1/1/2026" is as often a future one.
        return "since" if _UNTIL_NOW.search(after) else "ignore"
    if _HORIZON.search(prefix) or _IN_FORCE.search(prefix):
        return "horizon"
    if _AFTER_YEAR.search(prefix):
        return "ignore"
    by_year_end = _BY_YEAR_END.search(prefix)
    if by_year_end:
        # "Đến hết năm 2022, toàn tỉnh còn ..." opening a clause is an "as of"; otherwise
        # "đến cuối năm 2023" is a deadline for one year.
        opens_clause = not prefix[: by_year_end.start()].strip(" ,\"“”'‘’(-")
        return "past" if opens_clause and not _plan_after(text, end) else "target"
    by_year = _BY_YEAR.search(prefix)
    if by_year:
        # "từ tháng 1 đến tháng 6/2017" closes a past span; "đến năm 2025" is a horizon.
        return "past" if _SPAN_OPENED.search(prefix[: by_year.start()]) else "horizon"
    if is_day:
        # Full dates are mostly dates of documents ("Kế hoạch 15/KH-UBND ngày 2/3/2020")
        # or of events already held, so only plan words right before them count.
        clause = prefix
    plan = _last_match(_PLAN_WORDS, clause)
    planned = plan is not None and not _ACHIEVED.search(clause[: plan.start()])
    if planned or _FUTURE_AFTER.search(after):
        return "target"
    if _AT.search(prefix):
        # "vào năm 2020" is a forecast as often as a record, except at the end of a trend
        # ("từ 9% năm 2016 xuống còn 4% vào cuối năm 2020").
        return "past" if _TREND.search(clause) else "ignore"
    return "past"


def _plan_after(text: str, end: int) -> bool:
    after = text[end : end + _PREFIX_WINDOW]
    stop = _CLAUSE_END.search(after)
    return _PLAN_WORDS.search(after[: stop.start()] if stop else after) is not None


def _mentions(text: str) -> list[_Mention]:
    """Every dated reference in the text, periods excluded, each classified by role."""
    taken: list[tuple[int, int]] = []

    def free(match: re.Match[str]) -> bool:
        if any(match.start() < stop and start < match.end() for start, stop in taken):
            return False
        taken.append(match.span())
        return True

    for match in _PERIOD.finditer(text):
        free(match)
    found: list[_Mention] = []
    for match in _CURRENT_YEAR.finditer(text):
        if free(match):
            # "năm nay (2023)" and "năm 2023 này" name the year of writing; "năm ngoái
            # (2022)" and "cùng kỳ năm 2022" (same period last year) the year before it.
            said = int(match.group(2) or match.group(3) or match.group(5))
            last_year = (match.group(1) or "").lower() == "ngoái" or bool(match.group(4))
            year = said + 1 if last_year else said
            found.append(_Mention(match.start(), year, None, None, "current"))
    for pattern in (_LONG_DATE, _FULL_DATE):
        for match in pattern.finditer(text):
            if free(match):
                groups = match.groups()
                day, month, year = int(groups[0]), int(groups[-2]), int(groups[-1])
                if _guess("text", year, month, day) is None:
                    continue
                role = _role(text, match.start(), match.end(), is_day=True)
                found.append(_Mention(match.start(), year, month, day, role))
    for match in _DOCUMENT_YEAR.finditer(text):
        if free(match):  # "Nghị định 07/2021/NĐ-CP": issued in 2021, so written later
            found.append(_Mention(match.start(), int(match.group(1)), None, None, "since"))
    for pattern in (_MONTH, _QUARTER):
        for match in pattern.finditer(text):
            if not free(match):
                continue
            raw, year = match.group(1).lower(), int(match.group(2))
            month = int(raw) if pattern is _MONTH else 3 * _QUARTER_NUMBERS[raw] - 2
            if not 1 <= month <= 12:
                continue
            found.append(
                _Mention(match.start(), year, month, None, _role(text, match.start(), match.end()))
            )
    for match in _YEAR.finditer(text):
        if free(match):
            found.append(
                _Mention(
                    match.start(),
                    int(match.group(1)),
                    None,
                    None,
                    _role(text, match.start(1), match.end()),
                )
            )
    return _carry_forward(text, sorted(found, key=lambda mention: mention.start))


def _carry_forward(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Spread forward-looking roles to the references that continue them.

    Within a sentence, years after a forward-looking one are forward-looking too: in
    "Đến năm 2020 tăng lên 5,1%, năm 2022 là 5,4%" the second year continues the forecast.
    """
    # A year the text sets as a horizon somewhere ("đến năm 2050") is that horizon wherever
    # it is named again ("Năm 2050, Việt Nam ...").
    horizons = {mention.year for mention in mentions if mention.role == "horizon"}
    mentions = [
        dataclasses.replace(mention, role="target")
        if mention.role == "past" and mention.year in horizons
        else mention
        for mention in mentions
    ]
    sentence_ends = [match.start() for match in _CLAUSE_END.finditer(text)]
    carried: list[_Mention] = []
    sentence, horizon = -1, None
    for mention in mentions:
        current_sentence = bisect.bisect_left(sentence_ends, mention.start)
        if current_sentence != sentence:
            sentence, horizon = current_sentence, None
        if mention.role in ("target", "horizon"):
            horizon = mention.year if horizon is None else min(horizon, mention.year)
        elif mention.role == "past" and horizon is not None and mention.year >= horizon:
            mention = dataclasses.replace(mention, role="target")
        carried.append(mention)
    return carried


@dataclasses.dataclass(frozen=True)
class _Event:
    day: int
    month: int
    year: int | None
    weekday: int | None  # Monday = 0, as datetime.date.weekday()


def _weekday_number(word: str | None) -> int | None:
    if word is None:
        return None
    word = re.sub(r"\s+", " ", word.lower())
    if word.startswith("chủ") or word == "cn":
        return 6
    if re.fullmatch(r"t[2-7]", word):
        word = word[1:]
    return _WEEKDAY_NUMBERS.get(word.removeprefix("thứ").strip())


def _lead_event(text: str) -> _Event | None:
    """The first event expression of the lead that is a calendar date, if any."""
    for match in _EVENT.finditer(text, 0, _LEAD_CHARS):
        before = _clause_before(text, match.start(), _PREFIX_WINDOW)
        if (
            _NOT_EVENT_BEFORE.search(before)
            or _PLAN_WORDS.search(before)
            or (_BACKSTORY.search(_clause_before(text, match.start(), _PLAN_WINDOW)))
        ):
            continue  # a deadline, a document's date, a plan or a look back: not today's news
        day, month = int(match.group("day")), int(match.group("month"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        year = int(match.group("year")) if match.group("year") else None
        weekday = match.group("weekday") or match.group("weekday_alone")
        return _Event(day, month, year, _weekday_number(weekday))
    return None


def _writing_year(mentions: Sequence[_Mention], event: _Event | None) -> int | None:
    """The year the text is written in, from its own evidence (see infer_from_text)."""
    current = [mention.year for mention in mentions if mention.role == "current"]
    if current:
        return max(current)
    past = [mention for mention in mentions if mention.role == "past"]
    if not past:
        return None
    latest = max(mention.year for mention in past)
    floor = max((mention.year for mention in mentions if mention.role == "since"), default=None)
    if floor is not None and floor > latest:
        # "so với năm 2022", "Nghị định 07/2022/NĐ-CP" only say the text is written in 2022
        # or later, and nothing it reports as past is that late: the year is not pinned down.
        return None
    targets = {mention.year for mention in mentions if mention.role == "target"}
    year_end_event = event is not None and event.month >= _PLANNING_SEASON
    if year_end_event and latest - 1 in {mention.year for mention in past}:
        # A year-end meeting reviews this year and plans the next: of two consecutive years
        # reported on, the earlier is the current one.
        return latest - 1
    if latest + 1 in targets and not year_end_event:
        # Results of last year and a plan for this year: the text is written in the plan's
        # year, unless the event itself falls in the year-end planning season.
        return latest + 1
    if event is not None:
        # An event of the day cannot come before a moment the text already reports as past.
        # A day or two of overlap is normal (the text may name the publication day itself),
        # so only a clear gap counts.
        reported = [
            datetime.date(latest, m.month, m.day or 1) for m in past if m.year == latest and m.month
        ]
        event_day = _guess("text", latest, event.month, event.day)
        if (
            reported
            and event_day is not None
            and ((max(reported) - event_day.date).days > _EVENT_BEFORE_PAST_DAYS)
        ):
            return latest + 1
    return latest


def _year_of_nearby_date(mentions: Sequence[_Mention], event: _Event) -> int | None:
    """The year that puts the event within a month of a full date the text gives, if any.

    "Sáng 3/7, huyện công bố quyết định ... có hiệu lực từ ngày 1/7/2020": the event is
    two days after a dated one, so it is in 2020, whatever else the text reports on.
    """
    best: tuple[int, int] | None = None
    for mention in mentions:
        if mention.day is None or mention.month is None:
            continue
        dated = datetime.date(mention.year, mention.month, mention.day)
        for year in (mention.year - 1, mention.year, mention.year + 1):
            candidate = _guess("text", year, event.month, event.day)
            if candidate is None:
                continue
            gap = abs((candidate.date - dated).days)
            if gap <= _NEAR_DATE_DAYS and (best is None or gap < best[0]):
                best = (gap, year)
    return best[1] if best is not None else None


def _event_guess(event: _Event, year: int) -> DateGuess | None:
    """The event's date in ``year``, moved a year when only that matches a stated weekday."""
    candidates = [year] if event.weekday is None else [year, year + 1, year - 1]
    for candidate in candidates:
        guess = _guess("text", candidate, event.month, event.day)
        if guess is not None and (event.weekday is None or guess.date.weekday() == event.weekday):
            return guess
    return None


def infer_from_text(text: str, reference_year: int | None = None) -> DateGuess:
    """Date an article from its own text, when it has no date field and no page stamp.

    Nothing is guessed: every answer rests on a date expression in the text, and when the
    text does not say which year it is written in, the answer is ``NO_DATE``.

    **Rule 1, the event of the day.** The first date introduced by a time-of-day, day or
    weekday word in the lead (the first 1,200 characters), such as ``"Sáng 23/8"``,
    ``"Ngày 5/4"``, ``"chiều 12-7"``, ``"tối thứ Tư (23/8)"``, ``"hôm nay (5/4)"``, is the
    date of the reported event; for news that is the publication day or a day or two before.
    Not events: deadlines and effective dates (``"từ ngày 1/7"``, ``"đến ngày 30/6"``), dates
    of documents (``"Quyết định số 12/QĐ-UBND ngày 5/4"``), planned events (``"dự kiến tổ
    chức ngày 20/5"``) and look-backs (``"Trước đó, ngày 2/3, ..."``, ``"Theo cáo trạng ..."``).
    An event with its own year (``"Ngày 9/10/2020, ..."``) is taken as it is, unless the text
    reports a later year as past (then it is a look-back, e.g. ``"Ngày 30/4/1975 ..."``).
    Otherwise its year comes from rule 2; the event's weekday, when named, must match that
    year (else the neighbouring year that matches is taken, or the day is dropped).

    **Rule 2, the year of writing.** Each year reference is classified by the words around
    it, within its clause:

    * *ignored*: periods (``"giai đoạn 2021-2025"``, ``"từ năm 2016 đến năm 2020"``),
      horizons (``"đến năm 2025"``, ``"tầm nhìn 2030"``, ``"trước năm 2030"``) and points as
      often ahead as behind (``"từ 1/1/2024"`` without ``"đến nay"``, ``"vào năm 2020"``,
      ``"sau năm 2020"``);
    * *targets*: a plan word before it in the clause (``phấn đấu``, ``mục tiêu``,
      ``kế hoạch``, ``dự kiến``, ``sẽ``, ...) or ``"sẽ"``/``"dự kiến"`` right after it, and
      ``"đến cuối năm 2023"`` inside a clause; in a sentence, a year after a target or
      horizon is one too (``"đến năm 2020 là 5%, năm 2022 là 6%"``), and so is a year the text
      uses as a horizon elsewhere;
    * *lower bounds only*: ``"sinh năm 1979"``, ``"hồi năm 2015"``, ``"so với năm 2021"``,
      ``"từ năm 2016 đến nay"``, ``"những năm 1990"``, cited laws and decisions
      (``"Luật ... năm 2012"``, ``"12/2010/QĐ-UBND ngày 5/3/2010"``);
    * *current*: ``"năm nay (2023)"`` and ``"năm 2023 này"`` name the year of writing;
      ``"năm ngoái (2022)"`` and ``"cùng kỳ năm 2022"`` (same period last year) the year
      after the one named;
    * *past*, everything else: ``"năm 2022"``, ``"trong năm 2022"``, ``"cuối năm 2021"``,
      ``"6 tháng đầu năm 2023"``, ``"tháng 8/2023"``, ``"quý III/2023"``, full dates,
      ``"tính đến hết năm 2022"``, ``"Đến cuối năm 2021, ..."`` opening a clause.

    The year of writing is the current year if named, else the latest *past* year: a text
    is written at or after what it reports as done. ``NO_DATE`` if there is no past year, or
    if a lower bound is later than every past year (the year is then not pinned down).
    Corrections, from how Vietnamese news is written:

    * a target for exactly the next year (``"năm 2022 giảm 3% ... phấn đấu ... năm
      2023"``): last year's results and this year's plan, so the text is from the target
      year, unless the event of rule 1 is in November or December, the season of plans for
      the coming year;
    * an event of rule 1 in November or December, in a text reporting on two consecutive
      years, is in the earlier one (a year-end review that already discusses next year);
    * an event of rule 1 that would fall more than a month before a date or month the text
      reports as past in the same year belongs to the following year;
    * an event of rule 1 within a month of a full date anywhere in the text (even an
      effective date, ``"Sáng 3/7 ... có hiệu lực từ ngày 1/7/2020"``) takes that date's year:
      this is the strongest year evidence and overrides the rest.

    With no year of writing, ``reference_year`` is used when given.

    **Rule 3, precision.** With an event: ``"day"``. Otherwise ``"month"`` when the latest
    past reference in the year of writing names a month: ``"tháng 8/2023"`` gives August,
    a quarter (``"quý III/2023"``) its first month (the start of the period it names), a full
    date in the body only its month. Otherwise ``"year"`` (``"năm 2022"``, ``"cuối năm
    2021"`` and ``"6 tháng đầu năm 2023"`` name a year). A ``"day"`` answer therefore always
    comes from a day-and-month expression in the text.

    A year-level answer is the latest year the text reports on, which is a lower bound: on
    dated news, articles often report on the year before (year-end results published in
    January) or, in features, on a much earlier one.

    Parameters
    ----------
    text : str
        The article: title, lede and body joined by newlines, without page furniture or
        teasers of other articles (their dates are not this article's).
    reference_year : int, optional
        Year to fall back on when the text itself gives none.

    Returns
    -------
    DateGuess
        ``source="text"``, or ``NO_DATE``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if reference_year is not None and (
        isinstance(reference_year, bool)
        or not isinstance(reference_year, int | np.integer)
        or not MIN_YEAR <= reference_year <= MAX_YEAR
    ):
        raise ValueError(
            f"reference_year must be an integer year between {MIN_YEAR} and "
            f"{MAX_YEAR}, or None; got {reference_year!r}"
        )
    text = _normalise(text)
    if not text.strip():
        return NO_DATE
    mentions = _mentions(text)
    event = _lead_event(text)
    if event is not None and event.year is not None:
        # A dated lead ("Ngày 9/10/2020, ...") is today's news unless the text reports later
        # years as past, in which case it is a look back ("Ngày 30/4/1975 là ...").
        latest = _writing_year(mentions, None)
        guess = _guess("text", event.year, event.month, event.day)
        if guess is not None and (latest is None or event.year >= latest):
            return guess
        event = None
    year = _writing_year(mentions, event)
    if event is not None:
        year = _year_of_nearby_date(mentions, event) or year
    if year is None and reference_year is not None:
        year = int(reference_year)
    if year is None:
        return NO_DATE
    if event is not None:
        guess = _event_guess(event, year)
        if guess is not None:
            return guess
    dated_months = [m for m in mentions if m.role == "past" and m.year == year and m.month]
    if dated_months:
        latest_month = max(mention.month for mention in dated_months if mention.month)
        return _guess("text", year, latest_month) or NO_DATE
    return _guess("text", year) or NO_DATE


# --------------------------------------------------------------------------- precedence


def resolve_date(
    field: object = None,
    page_lines: Sequence[str] | None = None,
    text: str | None = None,
    *,
    reference_year: int | None = None,
    max_stamp_lines: int = 20,
) -> DateGuess:
    """Date one article from the best evidence available: field > stamp > text > none.

    Parameters
    ----------
    field : object, optional
        A date the source carries; see :func:`parse_date_field`.
    page_lines : sequence of str, optional
        The scraped page, one string per line; searched for a stamp with :func:`find_stamp`.
    text : str, optional
        The article's own text (without teasers of other articles); see
        :func:`infer_from_text`.
    reference_year : int, optional
        Passed to :func:`infer_from_text`.
    max_stamp_lines : int, default 20
        Passed to :func:`find_stamp`.

    Returns
    -------
    DateGuess
        From the first kind of evidence that yields a date, else ``NO_DATE``.
    """
    from_field = parse_date_field(field)
    if from_field.source != "none":
        return from_field
    if page_lines is not None:
        stamp = find_stamp(page_lines, max_lines=max_stamp_lines)
        if stamp is not None:
            return stamp
    if text is not None:
        return infer_from_text(text, reference_year=reference_year)
    return NO_DATE


def _page_lines(value: object) -> Sequence[str] | None:
    if _is_missing(value):
        return None
    if isinstance(value, str):
        return value.splitlines()
    if isinstance(value, Iterable):
        return [str(line) for line in value]
    raise TypeError(f"a page must be a string or a sequence of lines, got {type(value).__name__}")


def resolve_dates(
    frame: pd.DataFrame,
    *,
    field_column: str | None = "date",
    page_column: str | None = None,
    text_columns: Sequence[str] | None = ("title", "lede", "body"),
    reference_year: int | None = None,
    max_stamp_lines: int = 20,
) -> pd.DataFrame:
    """Date every row of an article table; see :func:`resolve_date` for the rules.

    Parameters
    ----------
    frame : pandas.DataFrame
        One article per row.
    field_column : str or None, default "date"
        Column with the source's own date, or None for none.
    page_column : str or None, default None
        Column with the raw page (a string, or a list of lines) to search for a stamp.
    text_columns : sequence of str or None, default ("title", "lede", "body")
        Columns joined by newlines (missing values skipped) to form the article text.
    reference_year : int, optional
        Passed to :func:`infer_from_text`.
    max_stamp_lines : int, default 20
        Passed to :func:`find_stamp`.

    Returns
    -------
    pandas.DataFrame
        Same index as ``frame``; columns ``date`` (datetime64, NaT when unknown),
        ``date_source`` (``"field"``/``"stamp"``/``"text"``/``"none"``) and
        ``date_granularity`` (``"day"``/``"month"``/``"year"`` or None).

    Raises
    ------
    ValueError
        If a named column is not in ``frame``.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas.DataFrame, got {type(frame).__name__}")
    if isinstance(text_columns, str):
        raise TypeError("text_columns must be a sequence of column names, e.g. ('body',)")
    named = [field_column, page_column, *(text_columns or ())]
    missing = [column for column in named if column is not None and column not in frame.columns]
    if missing:
        raise ValueError(
            f"columns {missing} are not in the frame (it has "
            f"{list(frame.columns)}); pass the right names or None"
        )
    count = len(frame)
    fields = frame[field_column].tolist() if field_column is not None else [None] * count
    pages = frame[page_column].tolist() if page_column is not None else [None] * count
    text_parts = [frame[column].tolist() for column in text_columns or ()]
    guesses = []
    for position in range(count):
        text = None
        if text_parts:
            parts = [column[position] for column in text_parts]
            text = "\n".join(part for part in parts if isinstance(part, str) and part)
        guesses.append(
            resolve_date(
                field=fields[position],
                page_lines=_page_lines(pages[position]),
                text=text,
                reference_year=reference_year,
                max_stamp_lines=max_stamp_lines,
            )
        )
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                pd.Series([g.date for g in guesses], dtype=object, index=frame.index)
            ),
            "date_source": pd.Series([g.source for g in guesses], dtype=object, index=frame.index),
            "date_granularity": pd.Series(
                [g.granularity for g in guesses], dtype=object, index=frame.index
            ),
        },
        index=frame.index,
    )
