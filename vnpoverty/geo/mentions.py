"""Find the provinces and regions a Vietnamese text mentions, and the main province of a document.

How a mention is found
----------------------
Proper names in Vietnamese are runs of capitalised syllables, so the matcher reads the text as
runs of capitalised tokens ("Thái Bình Dương", "UBND TP Cần Thơ", "BÀ RỊA - VŨNG TÀU") and looks
up the longest known name from each position of a run. Matching is case-sensitive on the
proper-name capitalisation ("hòa bình", peace, and "cao bằng", as high as, never match); a run
written all in capitals ("TỈNH SƠN LA") is matched regardless of case. Text and names are
compared in one spelling (Unicode NFC, "Hoà" = "Hòa", "Thuỷ" = "Thủy"); offsets always refer to
the text as given.

A name found in a run counts unless its context says otherwise:

- a person: a surname, middle name or honorific right before it in the run ("ông Lê Hòa Bình",
  "Nguyễn Thái Bình", "bà Trần Thanh Hóa"), or an honorific word before the run ("ông Thái
  Bình");
- part of a longer name: another capitalised word follows it in the run ("Sài Gòn Giải Phóng",
  "Hà Nội Mới", "Đồng Tháp Mười"), unless that word starts a person's name, as in "Chủ tịch UBND
  tỉnh Sơn La Nguyễn Văn A". Known phrases are listed too ("Thái Bình Dương", "Bia Sài Gòn");
- not the province: after a river, street or commune word ("sông Hậu Giang", "đường Hà Nội",
  "xã Thái Bình", "bia Sài Gòn");
- in an all-capitals heading, "HÒA BÌNH", "CAO BẰNG", "THÁI BÌNH" and "BÌNH ĐỊNH" (also common
  words) count only after "TỈNH"/"TP"; bare "Hồ Chí Minh" and "HCM" (often the person) count
  only after "TP"/"thành phố" or in a list right after another province ("Hà Nội và Hồ Chí
  Minh").

Names of national organisations count for the city they sit in: "Đại học Quốc gia Hà Nội" is a
mention of Hà Nội (it is there, and the matcher cannot tell a national body from a city one).

District names give their province away. After "huyện", "quận", "thị xã" or "thành phố"/"TP" a
district name counts fully (``via="district"``, weight 1) when it belongs to one province only
("huyện Mường Tè", "thị xã Kỳ Anh", "quận 3"); "huyện Hòa Bình" is Bạc Liêu's district, not the
province. Without the prefix a district name counts with weight 0.5 and only if it has two or
more syllables, is unique across provinces, is not a province name, is not a common commune
name elsewhere, and is not on the stoplist of names that are also words or person names
(``districts.csv``, column ``bare_excluded_because``).

Known limits: districts are those in force just before 1 July 2025, so a district merged away
earlier (Hòa Bình's old Kỳ Sơn) is not known and a namesake elsewhere (Nghệ An's Kỳ Sơn) may be
returned; Chinese provinces with Vietnamese names ("Hà Nam" = Henan) are skipped only when
"Trung Quốc" follows the name; addresses in boilerplate (a donation account in Hà Nội) count
like any other mention.

Schemes
-------
Keys are old-scheme (63 provinces) by default. Every one of the 34 new provinces kept an old
name, so a post-2025 text that says "Tuyên Quang" yields the old namesake ``tuyen_quang`` (not
Hà Giang, which the new Tuyên Quang also covers). Pass ``scheme="new"`` to get new-scheme keys
instead: each old key is mapped with :func:`~vnpoverty.geo.gazetteer.to_new`, so "Hà Giang" and
"Tuyên Quang" both give ``tuyen_quang``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from vnpoverty.geo import _data
from vnpoverty.geo._text import canonical_phrase, canonical_token, nfc_with_offsets
from vnpoverty.geo.gazetteer import _tables, check_scheme, to_new

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

__all__ = [
    "PlaceMention",
    "assign_provinces",
    "find_provinces",
    "find_regions",
    "main_province",
    "province_scores",
]

# --- Weights and the main-province rule --------------------------------------------------------

WEIGHT_NAME = 1.0  # a province name or alias
WEIGHT_DISTRICT = 1.0  # a district after "huyện", "quận", "thị xã", "thành phố"
WEIGHT_BARE_DISTRICT = 0.5  # a district name on its own

SECTION_WEIGHTS = {"title": 3.0, "lede": 2.0, "body": 1.0}
MIN_MAIN_SCORE = 2.0
MIN_MARGIN = 1.5
MIN_SHARE = 0.35

# --- Context words ---------------------------------------------------------------------------

# Common Vietnamese surnames, including those of the northern and central minorities. "Từ" and
# "Lại" are left out: as sentence-initial "from" and "again" they precede place names often.
_SURNAMES = frozenset(
    """nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh lương
    trương mai lâm đào cao hà tạ chu quách tô triệu thái la kiều vương đoàn trịnh lưu phùng
    đàm khổng mạc hứa lục tôn thân kim vi lò lường quàng cầm nông ma mông đèo bế giàng sùng
    thào vàng hầu lầu mùa tòng sầm hoàng lã diệp âu khúc ninh nghiêm chế doãn thạch kha
    đồng văn""".split()
)
# Middle and given-name syllables that, capitalised right before a province name, make it part of
# a person's name ("Trần Thị Thanh Hóa").
_NAME_PARTS = frozenset(
    """văn thị hữu đức công đình xuân ngọc quang bá trọng thanh minh hồng thu quốc mạnh tiến
    duy thế viết khắc như phương thúy thùy bích kim""".split()
)
_HONORIFICS = frozenset("ông bà anh chị cô chú bác cụ thầy cháu cậu chàng nàng".split())
_HONORIFIC_PAIRS = frozenset(
    {"đồng chí", "ca sĩ", "nhạc sĩ", "nghệ sĩ", "nhà thơ", "nhà văn", "cầu thủ", "võ sĩ"}
)

# Words after which a name is not the province: rivers, streets, brands, communes.
_BLOCKING_WORDS = frozenset(
    """sông kênh rạch đường phố bia xã phường thôn bản ấp khóm xóm làng""".split()
)
_BLOCKING_PAIRS = frozenset({"đại lộ", "xa lộ", "quốc lộ", "tỉnh lộ", "thị trấn", "dòng sông"})

_PREFIX_PAIRS = {"thành phố": "thanh_pho", "thị xã": "thi_xa"}
_PREFIX_WORDS = {
    "tỉnh": "tinh",
    "tp": "thanh_pho",
    "huyện": "huyen",
    "quận": "quan",
    "tx": "thi_xa",
}
_DISTRICT_PREFIXES = frozenset({"huyen", "quan", "thi_xa", "thanh_pho"})

# Names that are also common words: in an all-capitals heading they need "TỈNH"/"TP" in front.
_COMMON_WORD_NAMES = frozenset({"hòa bình", "cao bằng", "thái bình", "bình định"})
# ... and after these words they name a landmark ("cầu Hòa Bình", "nhà hát Hòa Bình").
_LANDMARK_WORDS = frozenset("cầu chợ chùa tháp rạp bến công viên".split())
_LANDMARK_PAIRS = frozenset(
    {"nhà hát", "công viên", "khách sạn", "quảng trường", "chung cư", "tòa nhà", "nhà thờ"}
)

# Phrases that contain a province name but are not the province.
_NOT_PLACES = tuple(
    tuple(canonical_phrase(phrase).casefold().split())
    for phrase in (
        "Thái Bình Dương",
        "Bia Sài Gòn",
        "Bia Hà Nội",
        "Sài Gòn Giải Phóng",
        "Sài Gòn Thương Tín",
        "Sài Gòn Tiếp Thị",
        "Hà Nội Mới",
        "Đồng Tháp Mười",
        "Điện Biên Phủ",
    )
)

# --- Tokens and runs -------------------------------------------------------------------------

_UPPER = "".join(chr(code) for code in range(0x41, 0x1EFF) if chr(code).isupper())
_UPPER_CLASS = "[" + re.escape(_UPPER) + "]"
_TOKEN = _UPPER_CLASS + r"\w*(?:['’]\w+)*"
_SEPARATOR = r"(?:[ \t\u00a0]+|[ \t\u00a0]*[-–—][ \t\u00a0]*)"
_RUN = re.compile(r"(?<![\w'’])" + _TOKEN + r"(?:" + _SEPARATOR + _TOKEN + r")*(?![\w'’])")
_TOKEN_IN_RUN = re.compile(r"\w+(?:['’]\w+)*")
# The one or two words right before a run, e.g. "thành phố ", "TP.", "huyện ".
_WORDS_BEFORE = re.compile(r"(?:(\w+)[ \t\u00a0]+)?(\w+)\.?[ \t\u00a0]*$")
_LIST_SEPARATOR = re.compile(r"[ \t\u00a0]*(?:[,;]|và|hoặc|[-–—])[ \t\u00a0]*")
# Chinese provinces share Vietnamese names (Hà Nam = Henan, Sơn Tây = Shanxi).
_ABROAD_AFTER = re.compile(r"[ \t\u00a0]*[,(\-–—]?[ \t\u00a0]*(?:Trung Quốc|TQ)(?!\w)")
_NUMBERED_DISTRICT = re.compile(r"(?<!\w)(?:[Qq]uận|QUẬN)[ \t\u00a0]+(\d{1,2})(?!\w)")


@dataclass(frozen=True)
class PlaceMention:
    """One mention of a province in a text.

    Attributes
    ----------
    key : str
        Province key (old scheme unless ``scheme="new"`` was asked for).
    surface : str
        The name as written, without its prefix: ``"Mường Tè"`` for "huyện Mường Tè",
        ``"HCM"`` for "TP.HCM", ``"3"`` for "quận 3".
    start, end : int
        Character offsets in the text given: ``text[start:end] == surface``.
    via : str
        ``"name"`` (the province's own name), ``"alias"`` (another spelling: "TP.HCM", "Sài
        Gòn", "Daklak") or ``"district"`` (a district that lies in the province).
    weight : float
        1.0 for names, aliases and districts after "huyện"/"quận"/"thị xã"/"thành phố"; 0.5
        for a district name on its own.
    """

    key: str
    surface: str
    start: int
    end: int
    via: str
    weight: float


@dataclass(frozen=True)
class _Entry:
    key: str
    via: str  # "name" or "alias"
    needs_prefix: bool
    common_word: bool
    city: bool  # a centrally-run city ("thành phố Cần Thơ")


@dataclass(frozen=True)
class _Index:
    names: Mapping[str, _Entry]  # canonical phrase, case kept
    names_caps: Mapping[str, _Entry]  # casefolded
    districts: Mapping[str, frozenset[str]]  # canonical name -> old province keys
    districts_caps: Mapping[str, frozenset[str]]
    districts_by_kind: Mapping[tuple[str, str], frozenset[str]]
    bare_districts: Mapping[str, str]  # canonical name -> old province key
    bare_districts_caps: Mapping[str, str]
    max_tokens: int


def _variants(name: str) -> set[str]:
    # "Đắk"/"Đăk"/"Đắc" are all in use for the same syllable in Central Highlands names.
    forms = {name}
    for old, new in (("Đắk", "Đăk"), ("Đăk", "Đắk"), ("Đắk", "Đắc")):
        forms |= {form.replace(old, new) for form in forms}
    return forms


@cache
def _index() -> _Index:
    tables = _tables()
    # A name that is also listed as an alias needing a prefix ("Hồ Chí Minh") needs it too.
    needs_prefix = {
        canonical_phrase(alias["alias"])
        for alias in _data.alias_rows()
        if alias["needs_prefix"] == "1"
    }
    names: dict[str, _Entry] = {}
    for province in tables.by_scheme["old"].values():
        city = province.full_name.lower().startswith("thành phố")
        canonical = canonical_phrase(province.name)
        for form in _variants(canonical):
            via = "name" if form == canonical else "alias"
            common = form.casefold() in _COMMON_WORD_NAMES
            names[form] = _Entry(province.key, via, form in needs_prefix, common, city)
    for alias in _data.alias_rows():
        key = alias["key"]
        city = tables.by_scheme["old"][key].full_name.lower().startswith("thành phố")
        for form in _variants(canonical_phrase(alias["alias"])):
            names.setdefault(form, _Entry(key, "alias", alias["needs_prefix"] == "1", False, city))

    districts: dict[str, set[str]] = defaultdict(set)
    by_kind: dict[tuple[str, str], set[str]] = defaultdict(set)
    bare: dict[str, str] = {}
    for row in _data.district_rows():
        for form in _variants(canonical_phrase(row["name"])):
            districts[form].add(row["province_key"])
            by_kind[(row["kind"], form)].add(row["province_key"])
            if row["bare_ok"] == "1":
                bare[form] = row["province_key"]
    frozen_districts = {name: frozenset(keys) for name, keys in districts.items()}
    max_tokens = max(len(form.split()) for form in [*names, *districts])
    return _Index(
        names=MappingProxyType(names),
        names_caps=MappingProxyType({form.casefold(): entry for form, entry in names.items()}),
        districts=MappingProxyType(frozen_districts),
        districts_caps=MappingProxyType(
            {name.casefold(): keys for name, keys in frozen_districts.items()}
        ),
        districts_by_kind=MappingProxyType({k: frozenset(v) for k, v in by_kind.items()}),
        bare_districts=MappingProxyType(bare),
        bare_districts_caps=MappingProxyType({k.casefold(): v for k, v in bare.items()}),
        max_tokens=max_tokens,
    )


@dataclass
class _Token:
    text: str  # canonical form
    folded: str  # casefolded canonical form
    start: int
    end: int
    joined_by_space: bool  # to the previous token; False after a dash or at the run start
    upper: bool  # written in capitals (two or more letters, or a one-letter capital)


def _run_tokens(text: str, run_start: int, run_end: int) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = None
    for match in _TOKEN_IN_RUN.finditer(text, run_start, run_end):
        raw = match.group()
        canonical = canonical_token(raw)
        gap = text[previous_end : match.start()] if previous_end is not None else ""
        tokens.append(
            _Token(
                text=canonical,
                folded=canonical.casefold(),
                start=match.start(),
                end=match.end(),
                joined_by_space=previous_end is not None and not any(c in gap for c in "-–—"),
                upper=raw.isupper(),
            )
        )
        previous_end = match.end()
    return tokens


class _Scanner:
    """Scan one text. Holds the state of a single call: the current run and what was found."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = _index()
        self.found: list[tuple[str, int, int, str, float]] = []
        self.tokens: list[_Token] = []
        self.run_start = 0

    def scan(self) -> list[tuple[str, int, int, str, float]]:
        for run in _RUN.finditer(self.text):
            self.tokens = _run_tokens(self.text, run.start(), run.end())
            self.run_start = run.start()
            position = 0
            while position < len(self.tokens):
                position += self._match_at(position)
        for match in _NUMBERED_DISTRICT.finditer(self.text):
            keys = self.index.districts_by_kind.get(("quan", match.group(1)), frozenset())
            if len(keys) == 1:
                start, end = match.span(1)
                self._add(next(iter(keys)), start, end, "district", WEIGHT_DISTRICT)
        self.found.sort(key=lambda item: item[1])
        return self.found

    # Context --------------------------------------------------------------------------------

    def _words_before_run(self) -> tuple[str, str]:
        window = self.text[max(0, self.run_start - 24) : self.run_start]
        match = _WORDS_BEFORE.search(window)
        if match is None:
            return "", ""
        return (match.group(1) or "").casefold(), match.group(2).casefold()

    def _words_before(self, position: int) -> tuple[str, str] | None:
        """The two words before ``tokens[position]``; None after a dash inside the run."""
        tokens = self.tokens
        if position == 0:
            return self._words_before_run()
        if not tokens[position].joined_by_space:
            return None  # "Hà Nội - Hải Phòng": the dash separates two names
        first = (
            tokens[position - 2].folded
            if (position > 1 and tokens[position - 1].joined_by_space)
            else ""
        )
        return first, tokens[position - 1].folded

    def _context(self, position: int) -> str | None:
        """Classify what stands right before ``tokens[position]``.

        Returns a prefix kind ("tinh", "thanh_pho", "huyen", "quan", "thi_xa"), "block" (a
        river, street, commune or person word), or None.
        """
        words = self._words_before(position)
        if words is None:
            return None
        first, last = words
        pair = f"{first} {last}"
        if pair in _PREFIX_PAIRS:
            return _PREFIX_PAIRS[pair]
        if pair in _BLOCKING_PAIRS or pair in _HONORIFIC_PAIRS:
            return "block"
        if last in _PREFIX_WORDS:
            return _PREFIX_WORDS[last]
        if last in _BLOCKING_WORDS:
            return "block"
        # A lowercase honorific before the run ("ông Thái Bình"); capitalised ones inside the
        # run are handled with the rest of the person's name.
        if position == 0 and last in _HONORIFICS:
            return "block"
        return None

    def _after_landmark(self, position: int) -> bool:
        words = self._words_before(position)
        if words is None:
            return False
        first, last = words
        return last in _LANDMARK_WORDS or f"{first} {last}" in _LANDMARK_PAIRS

    def _inside_person_name(self, position: int) -> bool:
        # Up to three capitalised words before the name, in the same run: "Ông Lê Hòa Bình".
        tokens = self.tokens
        index = position
        for _ in range(3):
            if index == 0 or not tokens[index].joined_by_space:
                return False
            index -= 1
            word = tokens[index].folded
            if word in _SURNAMES or word in _NAME_PARTS or word in _HONORIFICS:
                return True
        return False

    def _continues(self, position: int, length: int) -> bool:
        """True if a capitalised word that does not start a person's name follows the match."""
        after = position + length
        tokens = self.tokens
        if after >= len(tokens) or not tokens[after].joined_by_space:
            return False
        return tokens[after].folded not in _SURNAMES

    def _in_not_place(self, position: int, length: int) -> bool:
        folded = [token.folded for token in self.tokens]
        for phrase in _NOT_PLACES:
            size = len(phrase)
            for start in range(max(0, position + length - size), position + 1):
                if tuple(folded[start : start + size]) == phrase:
                    return True
        return False

    def _follows_listed_province(self, start: int) -> bool:
        if not self.found:
            return False
        gap = self.text[self.found[-1][2] : start]
        return _LIST_SEPARATOR.fullmatch(gap) is not None

    # Matching -------------------------------------------------------------------------------

    def _match_at(self, position: int) -> int:
        """Try the longest name starting at ``position``; return the number of tokens used."""
        index = self.index
        for length in range(min(index.max_tokens, len(self.tokens) - position), 0, -1):
            span = self.tokens[position : position + length]
            phrase = " ".join(token.text for token in span)
            caps = all(token.upper for token in span) and any(len(t.text) > 1 for t in span)
            entry = index.names.get(phrase)
            if entry is None and caps:
                entry = index.names_caps.get(phrase.casefold())
            is_district = phrase in index.districts or (
                caps and phrase.casefold() in index.districts_caps
            )
            if entry is not None or is_district:
                self._decide(position, length, phrase, entry, caps)
                return length
        return 1

    def _decide(
        self, position: int, length: int, phrase: str, entry: _Entry | None, caps: bool
    ) -> None:
        start = self.tokens[position].start
        end = self.tokens[position + length - 1].end
        context = self._context(position)
        if context == "block":
            return
        if context in _DISTRICT_PREFIXES:
            if context == "thanh_pho" and entry is not None and entry.city:
                self._add(entry.key, start, end, entry.via, WEIGHT_NAME)
                return
            key = self._district_for(phrase, context, caps)
            if key is not None:
                self._add(key, start, end, "district", WEIGHT_DISTRICT)
            elif entry is not None:
                self._add(entry.key, start, end, entry.via, WEIGHT_NAME)
            return
        if context == "tinh":
            if entry is not None:
                self._add(entry.key, start, end, entry.via, WEIGHT_NAME)
            return
        # No prefix: the name must stand on its own.
        if self._inside_person_name(position) or self._in_not_place(position, length):
            return
        if not caps and self._continues(position, length):
            return
        if entry is not None:
            if entry.needs_prefix and not self._follows_listed_province(start):
                return
            if entry.common_word and (caps or self._after_landmark(position)):
                return
            self._add(entry.key, start, end, entry.via, WEIGHT_NAME)
            return
        bare = self.index.bare_districts_caps if caps else self.index.bare_districts
        key = bare.get(phrase.casefold() if caps else phrase)
        if key is not None:
            self._add(key, start, end, "district", WEIGHT_BARE_DISTRICT)

    def _district_for(self, phrase: str, kind: str, caps: bool) -> str | None:
        index = self.index
        if caps:
            # Rare: an all-capitals "HUYỆN MƯỜNG TÈ"; look up by name only.
            keys = index.districts_caps.get(phrase.casefold(), frozenset())
        else:
            keys = index.districts_by_kind.get((kind, phrase)) or index.districts.get(
                phrase, frozenset()
            )
        return next(iter(keys)) if len(keys) == 1 else None

    def _add(self, key: str, start: int, end: int, via: str, weight: float) -> None:
        if _ABROAD_AFTER.match(self.text, end):
            return  # "tỉnh Hà Nam, Trung Quốc" is Henan
        self.found.append((key, start, end, via, weight))


# --- Public functions ------------------------------------------------------------------------


def find_provinces(text: str, *, scheme: str = "old") -> list[PlaceMention]:
    """Every mention of a province (by name, alias or district) in ``text``, in order.

    See the module docstring for the rules (capitalisation, person names, districts).

    Parameters
    ----------
    text : str
        Any Vietnamese text; need not be normalised.
    scheme : {"old", "new"}, default "old"
        Key scheme of the result: old-scheme keys (63 provinces), or the new province each
        mentioned old province belongs to.

    Returns
    -------
    list of PlaceMention
        Sorted by ``start``; ``text[m.start:m.end] == m.surface``.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> [m.key for m in find_provinces("Huyện Mường Tè (Lai Châu) giảm nghèo nhanh.")]
    ['lai_chau', 'lai_chau']
    >>> find_provinces("Thái Bình Dương")
    []
    """
    if not isinstance(text, str):
        raise TypeError(
            f"find_provinces() takes a str, got {type(text).__name__}; "
            "use assign_provinces() for a pandas Series"
        )
    check_scheme(scheme)
    if not text:
        return []
    nfc, starts, ends = nfc_with_offsets(text)
    mentions = []
    for key, start, end, via, weight in _Scanner(nfc).scan():
        if starts is not None and ends is not None:
            start, end = starts[start], ends[end - 1]
        if scheme == "new":
            key = to_new(key)
        mentions.append(PlaceMention(key, text[start:end], start, end, via, weight))
    return mentions


@cache
def _region_pattern() -> re.Pattern[str]:
    alternatives: list[tuple[str, str]] = []
    for record in _data.region_records():
        for phrase in record["patterns"]:
            alternatives.append((canonical_phrase(phrase), "(?i:" + _phrase_regex(phrase) + ")"))
        for phrase in record["exact"]:
            for form in {phrase, phrase.upper()}:
                alternatives.append((form, _phrase_regex(form)))
    # Longest first, so that "Bắc Trung Bộ và duyên hải miền Trung" wins over its parts.
    alternatives.sort(key=lambda item: -len(item[0]))
    body = "|".join(regex for _phrase, regex in alternatives)
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)")


def _phrase_regex(phrase: str) -> str:
    parts = [re.escape(part) for part in re.split(r"\s+", phrase.strip())]
    return r"[ \t\u00a0]+".join(parts)


@cache
def _region_of_phrase() -> Mapping[str, str]:
    mapping: dict[str, str] = {}
    for record in _data.region_records():
        for phrase in [*record["patterns"], *record["exact"]]:
            mapping[canonical_phrase(phrase).casefold()] = record["key"]
    return MappingProxyType(mapping)


# Open-ended region words: "miền Tây Nghệ An" is the west of a province, "gió mùa Đông Bắc" the
# monsoon.
_OPEN_ENDED = frozenset({"miền tây", "tây bắc", "đông bắc"})
_CAPITALISED_NEXT = re.compile(r"[ \t\u00a0]+(?:" + _UPPER_CLASS + r"|xứ\b)")
_WEATHER_BEFORE = re.compile(r"(?:gió|mùa|hướng|phía)[ \t\u00a0]+$", re.IGNORECASE)


def find_regions(text: str) -> list[str]:
    """Regions mentioned as places in ``text`` (not provinces), as region keys.

    Recognises the six socio-economic regions in their usual spellings and abbreviations
    ("Đồng bằng sông Cửu Long", "ĐBSCL", "miền Tây", "Tây Nam Bộ"; "Trung du và miền núi phía
    Bắc", "miền núi phía Bắc"; "Tây Nguyên"; "Đông Nam Bộ"...) and the sub-regions "Tây Bắc",
    "Đông Bắc", "Bắc Trung Bộ", "Nam Trung Bộ", "duyên hải miền Trung" and "miền Trung". See
    :func:`~vnpoverty.geo.gazetteer.regions` for the keys.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
        Region keys, each once, in order of first mention.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_regions() takes a str, got {type(text).__name__}")
    nfc, _starts, _ends = nfc_with_offsets(text)
    phrases = _region_of_phrase()
    keys: list[str] = []
    for match in _region_pattern().finditer(nfc):
        phrase = " ".join(canonical_phrase(match.group()).casefold().split())
        if phrase in _OPEN_ENDED and (
            _CAPITALISED_NEXT.match(nfc, match.end())
            or _WEATHER_BEFORE.search(nfc, max(0, match.start() - 12), match.start())
        ):
            continue
        key = phrases.get(phrase)
        if key is not None and key not in keys:
            keys.append(key)
    return keys


def _paragraph_weights(text: str | None, scheme: str) -> dict[str, float]:
    """Strongest mention weight of each province in one paragraph."""
    weights: dict[str, float] = {}
    if not text:
        return weights
    for mention in find_provinces(text, scheme=scheme):
        weights[mention.key] = max(weights.get(mention.key, 0.0), mention.weight)
    return weights


def province_scores(
    title: str | None,
    lede: str | None,
    paragraphs: Sequence[str],
    *,
    scheme: str = "old",
) -> dict[str, float]:
    """The evidence :func:`main_province` weighs: a score per province, highest first.

    A province scores, in each section it appears in, the weight of its strongest mention there
    (1 for a name, alias or prefixed district, 0.5 for a bare district) times the section
    weight: 3 for the title, 2 for the lede, 1 for each body paragraph. Repeating a name within
    one paragraph adds nothing; mentioning it in many paragraphs does. When ``lede`` is None or
    blank, the first non-blank paragraph is weighed as the lede.

    A body without paragraph breaks should be cut into chunks of a few sentences first (as
    :func:`vnpoverty.load_corpus` does), or it counts as a single paragraph.

    Returns
    -------
    dict
        Province key -> score, highest first (ties by key).
    """
    check_scheme(scheme)
    if isinstance(paragraphs, str):
        raise TypeError(
            "paragraphs must be a sequence of paragraph strings, not one string; "
            "split the body first, e.g. body.split('\\n')"
        )
    paragraphs = list(paragraphs)
    if not (lede and lede.strip()):
        # Without a standfirst, the first paragraph plays its part: most news opens with where.
        for position, paragraph in enumerate(paragraphs):
            if paragraph and paragraph.strip():
                lede, paragraphs = paragraph, paragraphs[position + 1 :]
                break
    scores: dict[str, float] = defaultdict(float)
    sections: Iterable[tuple[str | None, float]] = [
        (title, SECTION_WEIGHTS["title"]),
        (lede, SECTION_WEIGHTS["lede"]),
        *((paragraph, SECTION_WEIGHTS["body"]) for paragraph in paragraphs),
    ]
    for text, section_weight in sections:
        if text is not None and not isinstance(text, str):
            raise TypeError(f"title, lede and paragraphs must be str or None, got {text!r}")
        for key, weight in _paragraph_weights(text, scheme).items():
            scores[key] += section_weight * weight
    return dict(sorted(scores.items(), key=lambda item: (-item[1], item[0])))


def main_province(
    title: str | None,
    lede: str | None,
    paragraphs: Sequence[str],
    *,
    scheme: str = "old",
) -> str | None:
    """The province a document is mainly about, or None.

    Rule: score every province with :func:`province_scores` (title x3, lede x2, each body
    paragraph x1; a bare district counts half). The top province is the main one if

    - its score is at least 2 (a title mention, a lede mention, or two body paragraphs),
    - it scores at least 1.5 times the runner-up, and
    - it holds at least 35% of all the score (a national round-up naming ten provinces once
      each gets None).

    Otherwise the document has no main province (None): nothing was found, or it is too
    ambiguous.

    Parameters
    ----------
    title, lede : str or None
        Headline and standfirst; None or "" when missing.
    paragraphs : sequence of str
        Body paragraphs (a list, tuple or pandas Series of strings).
    scheme : {"old", "new"}, default "old"
        With "new", mentions of old provinces count for the new province they belong to (Bạc
        Liêu and Cà Mau add up to ``ca_mau``).

    Returns
    -------
    str or None
        A province key in the chosen scheme.
    """
    scores = province_scores(title, lede, paragraphs, scheme=scheme)
    if not scores:
        return None
    ranked = list(scores.items())
    top_key, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    total = sum(scores.values())
    if top < MIN_MAIN_SCORE or top < MIN_MARGIN * runner_up or top < MIN_SHARE * total:
        return None
    return top_key


def assign_provinces(paragraphs: pd.Series, *, scheme: str = "old") -> pd.Series:
    """The provinces each paragraph mentions, for a whole column at once.

    Parameters
    ----------
    paragraphs : pandas.Series of str
        One paragraph per row; missing values (None, NaN) give an empty list.
    scheme : {"old", "new"}, default "old"

    Returns
    -------
    pandas.Series
        Same index, name ``"provinces"``; each value a list of province keys, each key once, in
        order of first mention. Use ``.explode()`` for one row per (paragraph, province).

    Examples
    --------
    >>> import pandas as pd
    >>> assign_provinces(pd.Series(["Sơn La và Điện Biên", None])).tolist()
    [['son_la', 'dien_bien'], []]
    """
    import pandas as pd

    if not isinstance(paragraphs, pd.Series):
        raise TypeError(
            f"assign_provinces() takes a pandas Series, got {type(paragraphs).__name__}; "
            "wrap a list with pandas.Series(...)"
        )
    check_scheme(scheme)
    # Boilerplate repeats across articles; each distinct paragraph is scanned once.
    seen: dict[str, list[str]] = {}
    values = []
    for value in paragraphs.tolist():
        if not isinstance(value, str):
            if value is None or pd.isna(value):
                values.append([])
                continue
            raise TypeError(f"paragraphs must hold strings, found {type(value).__name__}")
        if value not in seen:
            keys: list[str] = []
            for mention in find_provinces(value, scheme=scheme):
                if mention.key not in keys:
                    keys.append(mention.key)
            seen[value] = keys
        values.append(list(seen[value]))
    return pd.Series(values, index=paragraphs.index, name="provinces", dtype=object)
