"""Split a scraped page into its article, its metadata and the furniture around it.

A scraped news page is the article (title, a date stamp, body paragraphs, photo captions, a
byline) wrapped in page furniture: menus, comment boxes, visitor counters, rating widgets, link
lists, font controls, session banners, and teasers of related articles (a headline line and its
one-line lede) after the byline. The rules below describe kinds of furniture by their shape and
their interface vocabulary, not by the exact strings of any one site:

- *interface vocabulary*: a short line (``SHORT_LINE_WORDS`` words at most) built around words of
  a web interface (comment, share, log in, visitors, font size, related news...);
- *prompts*: a line that addresses the reader ("Bạn ...", "Click ...", "Bấm ...") about the site;
- *counters*: a label glued to or followed by a number ("Đang online: 3", "Hôm nay92,976");
- *template residue*: CMS markers ("start portlet menu bar") and "label;slug" menu entries;
- *navigation runs*: three or more consecutive short lines with no sentence punctuation;
- *duplicated captions*: a line repeated on the next line is a photo caption; one copy is kept
  as a caption.

Metadata is taken out of the text rather than dropped: the byline and source credit that end the
article, a photo credit standing on its own line anywhere ("Ảnh: Minh Khang" under a photo), and
a photo credit that ends a caption ("Học sinh đọc sách. Ảnh: Thanh Bình"; the caption is kept as
a caption). On a page whose title was found on the page, the first paragraph, when it stands
alone and reads as a paragraph, is the lede (the sapo).

Lines that survive are real text; ``benchmarks/bench_ingest.py`` measures how many real article
sentences (background corpus) these rules would remove.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from vnpoverty.corpus.dates import stamp_date
from vnpoverty.corpus.paragraphs import MAX_CHARS, MAX_SENTENCES, split_sentences

__all__ = ["PageParts", "furniture_reason", "is_byline", "is_credit", "is_date_stamp", "split_page"]

SHORT_LINE_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?…:;\"”»)]\s*$")
_TERMINAL = re.compile(r"[.!?…][\"”»)]?\s*$")

# Words of a web page's interface, as opposed to words of an article. Lowercase, NFC.
# Strong ones rarely occur in article prose; weak ones do ("chia sẻ" = to share, also "to say"),
# so they mark furniture only on a line of a few words.
_STRONG_INTERFACE_WORDS = [
    r"bình luận",
    r"ý kiến bạn đọc",
    r"ký tự",
    r"đăng nhập",
    r"đăng xuất",
    r"đăng ký nhận tin",
    r"(?:lượt|tổng|đang|thống kê) (?:lượt )?truy cập",
    r"đang online",
    r"lượt xem",
    r"lượt thích",
    r"khách viếng thăm",
    r"máy chủ tìm kiếm",
    r"đánh giá bài viết",
    r"điểm của bài viết",
    r"cỡ chữ",
    r"màu chữ",
    r"in bài",
    r"bản in",
    r"gửi email",
    r"gửi cho bạn bè",
    r"lưu bài",
    r"liên kết website",
    r"thăm dò ý kiến",
    r"trang chủ",
    r"(?:về|lên) đầu trang",
    r"copyright",
    r"bản quyền thuộc",
    r"ghi rõ nguồn",
    r"bấm vào đây",
    r"nhấn vào đây",
    r"click",
    r"thời gian chờ",
    r"trạng thái đăng nhập",
]
_WEAK_INTERFACE_WORDS = [
    r"chia sẻ",
    r"xem thêm",
    r"đọc thêm",
    r"tải về",
    r"facebook",
    r"zalo",
    r"twitter",
    r"hotline",
    r"website",
    r"menu",
    r"rss",
    r"quay lại",
    r"thống kê",
    r"tags?",
    r"từ khóa",
]
_WEAK_LINE_WORDS = 4
_STRONG_INTERFACE = re.compile(r"(?<!\w)(?:" + "|".join(_STRONG_INTERFACE_WORDS) + r")(?!\w)")
_WEAK_INTERFACE = re.compile(r"(?<!\w)(?:" + "|".join(_WEAK_INTERFACE_WORDS) + r")(?!\w)")
# A reader prompt talks to the reader about the site itself.
_PROMPT_WORDS = re.compile(
    r"ký tự|đăng nhập|bấm vào đây|nhấn vào đây|click|thời gian chờ|giao diện|vui lòng nhập|"
    r"đánh giá bài viết|gửi bình luận|bình luận của bạn|ý kiến của bạn"
)
# Markers after which a page lists other articles: everything after them is tail.
_RELATED_MARKER = re.compile(
    r"^(?:các |những )?(?:tin|bài|bài viết)\s*(?:mới|khác|liên quan|cùng chuyên mục|mới hơn|"
    r"cũ hơn|đã đưa|xem nhiều|nổi bật|đọc nhiều)(?:\s+hơn)?\s*:?$|^xem thêm:?$|^đọc thêm:?$"
)
_READER_PROMPT = re.compile(r"^(?:bạn|quý vị|vui lòng|xin vui lòng|click|bấm|nhấn)\b")
_COUNTER = re.compile(r"^[^\d]{2,40}?\s*:?\s*\d[\d.,]*\s*$")
_TEMPLATE = re.compile(r"\bportlet\b|^(?:start|end) [a-z ]+$|^display [a-z ]+$")
_MENU_SLUG = re.compile(r"^[^;]{2,80};[a-z0-9_-]{4,}$")
_BULLET = re.compile(r"^[•·▪►»\-–*]\s*")

_NAME = r"(?:[A-ZÀ-Ỹ][a-zà-ỹ]+)(?:\s[A-ZÀ-Ỹ][a-zà-ỹ]+){0,3}"
_INITIALS = r"[A-ZĐ](?:\.?[A-ZĐ]){1,4}\.?"
# Names are matched case-sensitively: an all-caps heading is not a byline.
_BYLINE = re.compile(
    rf"^(?:(?i:bài|ảnh|tin|bài và ảnh|bài, ảnh|tin, ảnh|tin và ảnh|nhóm phóng viên|nhóm pv)"
    rf"\s*:?\s+)?(?:{_NAME}|{_INITIALS})(?:\s*(?:,|-|–|và)\s*(?:{_NAME}|{_INITIALS})){{0,5}}$"
)
_CREDIT = re.compile(
    r"^(?:\(?\s*(?:theo|nguồn)\s*:?\s*[^()]{2,60}\)?|[\w.-]+\.(?:vn|com|net|org|gov\.vn|com\.vn))$",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(r"^\(?\s*(?:ảnh|nguồn ảnh|ảnh minh họa)\s*:", re.IGNORECASE)
# Who took or supplied a photo: a few capitalised words, initials, agencies or a domain
# ("Thạch Minh Khang", "H.Y.", "VGP/Nhật Bắc", "Hoàng Nguyên-TTXVN", "baoapbac.vn"). Lowercase
# words are not allowed, so "Ảnh: Người dân thu hoạch lúa" (a caption) is not a credit.
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_CREDIT_WORD = rf"(?:[{_UPPER}0-9][\w.'’&+]*|[a-z0-9-]+(?:\.[a-z]{{2,}})+)"
_CREDIT_NAME = rf"{_CREDIT_WORD}(?:\s*(?:[/,–-]|\s|\svà\s)\s*{_CREDIT_WORD}){{0,7}}\.?"
_PHOTO_LABEL = r"(?:Ảnh|ẢNH|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ|Ảnh tư liệu)"
_STANDALONE_PHOTO_CREDIT = re.compile(
    rf"^(?:{_PHOTO_LABEL}\s*:\s*{_CREDIT_NAME}|\(\s*{_PHOTO_LABEL}\s*:\s*{_CREDIT_NAME}\s*\))$"
)
# A caption that ends with its photo credit, after a full stop, a dash or in parentheses.
_CAPTIONED_CREDIT = re.compile(
    rf"^(?P<caption>\S.*?)\s*(?:[-–—|]\s*)?"
    rf"(?:\(\s*(?P<inner>(?i:ảnh|nguồn ảnh|ảnh minh họa|ảnh minh hoạ|ảnh tư liệu)"
    rf"(?:\s*:\s*{_CREDIT_NAME})?)\s*\)\.?"
    rf"|(?P<outer>{_PHOTO_LABEL}\s*:\s*{_CREDIT_NAME}))$"
)
_CAPTION_WORDS = (3, 50)
_LEDE_MIN_WORDS = 12


@dataclass
class PageParts:
    """A page taken apart.

    Attributes
    ----------
    title : str or None
        The article's headline.
    lede : str or None
        The first paragraph (the sapo), taken out of ``body``; found only on a page whose
        title was found on the page itself, when that paragraph stands alone.
    header : list of str
        Short lines above the title (section names, breadcrumbs), furniture excluded.
    stamps : list of str
        Date-stamp lines ("06/04/2023 14:21") found in the header or the article.
    body : list of str
        Article lines in order; ``""`` marks a blank line (a paragraph break in the source).
    captions : list of str
        Photo captions (one copy of each duplicated line; a caption's trailing photo credit
        moves to ``credit``).
    byline : str or None
        Author names ("Đình Bổng, Thu Hà"), metadata rather than text.
    credit : str or None
        Source and photo credits ("daidoanket.vn", "Theo TTXVN", "Ảnh: Minh Khang"), in page
        order, distinct ones joined by ``"; "``.
    teasers : list of tuple of (str, str or None)
        Related-article teasers after the article: (headline, lede).
    dropped : list of tuple of (str, str)
        (line, reason) for each line removed as furniture.
    """

    title: str | None = None
    lede: str | None = None
    header: list[str] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    byline: str | None = None
    credit: str | None = None
    teasers: list[tuple[str, str | None]] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def furniture_reason(line: str) -> str | None:
    """Why ``line`` is page furniture, or ``None`` if it reads as article text.

    Parameters
    ----------
    line : str
        One line, normalised.

    Returns
    -------
    str or None
        One of ``"template"``, ``"menu"``, ``"counter"``, ``"interface"``, ``"prompt"``,
        ``"related-marker"``, or ``None``.
    """
    text = _BULLET.sub("", line.strip())
    if not text:
        return None
    lower = unicodedata.normalize("NFC", text).lower()
    words = lower.split()
    if _TEMPLATE.search(lower):
        return "template"
    if _MENU_SLUG.match(lower):
        return "menu"
    if _RELATED_MARKER.match(lower):
        return "related-marker"
    short = len(words) <= SHORT_LINE_WORDS
    strong = bool(_STRONG_INTERFACE.search(lower))
    if (short and strong and _COUNTER.match(lower)) or _glued_counter(text):
        return "counter"
    if _READER_PROMPT.match(lower) and _PROMPT_WORDS.search(lower) and len(words) <= 40:
        return "prompt"
    if short and strong and not _TERMINAL.search(lower):
        return "interface"
    weak = bool(_WEAK_INTERFACE.search(lower))
    if len(words) <= _WEAK_LINE_WORDS and (strong or weak) and not _TERMINAL.search(lower):
        return "interface"
    return None


def _glued_counter(text: str) -> bool:
    # Visitor widgets print a label and a count with no space: "Đang truy cập376".
    return bool(re.fullmatch(r"(?:[^\W\d_]+\s){1,5}[^\W\d_]+\d[\d.,]*", text))


def is_byline(line: str) -> bool:
    """Whether ``line`` is a byline: author names or initials, optionally "Bài, ảnh:"."""
    text = line.strip()
    return 0 < len(text) <= 80 and bool(_BYLINE.match(text)) and text.count(" ") <= 14


def is_credit(line: str) -> bool:
    """Whether ``line`` credits a source: a domain, "Theo ...", "Nguồn: ...", "Ảnh: ..."."""
    text = line.strip()
    return bool(_CREDIT.match(text) or _PHOTO_CREDIT.match(text)) and len(text) <= 80


def _photo_credit_line(line: str) -> bool:
    # Stricter than is_credit: inside the article only a name may follow "Ảnh:".
    return len(line) <= 80 and bool(_STANDALONE_PHOTO_CREDIT.match(line))


def _split_captioned_credit(line: str) -> tuple[str, str] | None:
    """(caption, credit) when ``line`` is a photo caption ending with its credit ("" if none)."""
    if len(line) > 600:
        return None
    match = _CAPTIONED_CREDIT.match(line)
    if not match:
        return None
    caption = match["caption"].strip(" -–—|")
    low, high = _CAPTION_WORDS
    if not low <= len(caption.split()) <= high or caption.endswith((":", ",")):
        return None
    credit = (match["inner"] or match["outer"]).strip()
    # "(Ảnh minh họa)" marks a caption but names nobody: no credit to keep.
    return caption, credit if ":" in credit else ""


def _is_clear_metadata(line: str) -> bool:
    # Narrower than is_credit, whose "Theo ..." also starts sentences ("Theo kế hoạch, ...").
    short_credit = is_credit(line) and len(line.split()) <= 8 and "," not in line
    return (
        is_byline(line)
        or short_credit
        or _photo_credit_line(line)
        or _split_captioned_credit(line) is not None
    )


def _add_credit(parts: PageParts, credit: str) -> None:
    credit = credit.strip()
    known = parts.credit.split("; ") if parts.credit else []
    if credit and credit not in known:
        parts.credit = "; ".join([*known, credit])


def _add_caption(parts: PageParts, caption: str) -> None:
    if not parts.captions or parts.captions[-1] != caption:
        parts.captions.append(caption)


def _is_headline_like(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 30 and not re.search(r"[.…;]\s*$", line)


def _is_lede_like(line: str) -> bool:
    return len(line.split()) >= 8 and bool(_TERMINAL.search(line))


def is_date_stamp(line: str) -> bool:
    """Whether ``line`` is a publication stamp: a date (and time), nothing that reads as text."""
    return stamp_date(line) is not None


def split_page(text: str, title: str | None = None) -> PageParts:
    """Take a scraped page (or an article body) apart.

    Parameters
    ----------
    text : str
        The page, normalised, one paragraph or widget per line.
    title : str, optional
        The headline when it is known from elsewhere (a table column); the page is then taken
        to start with the body.

    Returns
    -------
    PageParts
    """
    parts = PageParts(title=title)
    lines = [line.strip() for line in text.split("\n")]

    # 1. Furniture, line by line. Related-news markers stay as a sentinel: the tail starts there.
    kept: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        reason = furniture_reason(line) if line else None
        if reason:
            parts.dropped.append((line, reason))
        if line and reason in (None, "related-marker"):
            kept.append((index, _RELATED if reason else line))
    navigation = _navigation_runs(kept, lines)

    # 2. Title: the first substantial line outside a link list, unless given.
    start = 0
    if title is None:
        start = len(kept)
        for position, (index, line) in enumerate(kept):
            if line == _RELATED:
                continue
            if len(line.split()) >= 4 and index not in navigation:
                parts.title, start = line, position + 1
                break
            if is_date_stamp(line):
                parts.stamps.append(line)
            elif index in navigation:
                parts.dropped.append((line, "navigation"))
            else:
                parts.header.append(line)
    else:
        while start < len(kept) and kept[start][1] == title:
            start += 1  # the page repeats the headline the table already had

    article = kept[start:]
    body_end, tail_start = _find_tail(article, parts)
    _take_body(article[:body_end], lines, parts)
    if title is None and parts.title is not None:
        parts.lede = _take_lede(parts.body)

    # 3. Tail: link lists and stray fragments are furniture; the rest are teasers.
    tail = [(index, line) for index, line in article[tail_start:] if line != _RELATED]
    parts.dropped.extend((line, "navigation") for index, line in tail if index in navigation)
    tail_lines = [line for index, line in tail if index not in navigation]
    for headline, lede in _teasers(tail_lines):
        if lede is None and len(headline.split()) < 5:
            parts.dropped.append((headline, "tail-fragment"))
        else:
            parts.teasers.append((headline, lede))
    return parts


_RELATED = "\x00related"


def _take_body(body: list[tuple[int, str]], lines: list[str], parts: PageParts) -> None:
    # Keep blank-line structure from the source; a line repeated at once is a photo caption.
    previous_index: int | None = None
    previous_line: str | None = None
    for index, line in body:
        if line == _RELATED:
            continue
        if is_date_stamp(line):
            parts.stamps.append(line)
            continue
        if _photo_credit_line(line):
            _add_credit(parts, line.strip("() "))
            continue
        captioned = _split_captioned_credit(line)
        if captioned:
            caption, credit = captioned
            if parts.body and parts.body[-1] == caption:
                parts.body.pop()  # the page printed the caption twice, once with its credit
            _add_caption(parts, caption)
            _add_credit(parts, credit)
            previous_line = None
            continue
        if line == previous_line:
            _add_caption(parts, line)
            if parts.body and parts.body[-1] == line:
                parts.body.pop()
            previous_line = None
            continue
        blank_between = previous_index is not None and any(
            not lines[i] for i in range(previous_index + 1, index)
        )
        if blank_between:
            parts.body.append("")
        parts.body.append(line)
        previous_index, previous_line = index, line
    while parts.body and parts.body[-1] == "":
        parts.body.pop()
    while parts.body and parts.body[0] == "":
        parts.body.pop(0)


def _take_lede(body: list[str]) -> str | None:
    """Take the first paragraph out of ``body`` when it is the article's lede.

    The lede must be its own paragraph (a blank line after it, more text after that) and read
    as one ordinary paragraph unit: a sentence-per-line block or a heading is left alone, and so
    is a paragraph that paragraph units would split, so that unit numbering does not change.
    """
    if len(body) < 3 or not body[0] or body[1] != "":
        return None
    first = body[0]
    if (
        len(first.split()) < _LEDE_MIN_WORDS
        or not _TERMINAL.search(first)
        or len(first) > MAX_CHARS
        or not any(body[2:])
        or len(split_sentences(first)) > MAX_SENTENCES
    ):
        return None
    del body[:2]
    return first


def _navigation_runs(kept: list[tuple[int, str]], lines: list[str]) -> set[int]:
    """Line indices in runs of >= 3 adjacent short lines without punctuation (link lists).

    Only applied above the title and in the tail: inside an article such a run is a list or a
    poem, and headings stand alone between blank lines.
    """
    runs: list[list[int]] = []
    for index, line in kept:
        navigational = (
            line != _RELATED
            and len(line.split()) <= 10
            and not re.search(r"[,:;()\d]", line)
            and not _SENTENCE_END.search(line)
        )
        if not navigational:
            runs.append([])
            continue
        adjacent = bool(runs and runs[-1]) and all(lines[i] for i in range(runs[-1][-1] + 1, index))
        if adjacent:
            runs[-1].append(index)
        else:
            runs.append([index])
    return {index for run in runs if len(run) >= 3 for index in run}


def _find_tail(article: list[tuple[int, str]], parts: PageParts) -> tuple[int, int]:
    """Where the article text ends and where the tail (teasers, furniture) starts."""
    texts = [line for _, line in article]
    for position, line in enumerate(texts):
        if line == _RELATED:
            return position, position
        if is_byline(line) or is_credit(line):
            rest = texts[position + 1 :]
            # Byline and credits come in runs ("Hồ Minh Quân" then "Ảnh: Minh Quân", or a
            # caption with its credit): what follows the whole run decides.
            run = 0
            if _is_clear_metadata(line):
                while run < len(rest) and rest[run] != _RELATED and _is_clear_metadata(rest[run]):
                    run += 1
            if not _reads_as_body(rest) or (run and not _reads_as_body(rest[run:])):
                return position, _take_metadata(texts, position, parts)
    return len(texts), len(texts)


def _take_metadata(texts: list[str], position: int, parts: PageParts) -> int:
    # Byline and credit lines may follow each other ("Quỳnh Nga" then "daidoanket.vn").
    end = position
    while end < len(texts):
        line = texts[end]
        if line == _RELATED:
            break
        captioned = _split_captioned_credit(line)
        if is_credit(line):
            _add_credit(parts, line.strip("() ") if _photo_credit_line(line) else line)
        elif is_byline(line):
            parts.byline = parts.byline or line
        elif captioned:
            _add_caption(parts, captioned[0])
            _add_credit(parts, captioned[1])
        else:
            break
        end += 1
    return end


def _reads_as_body(rest: list[str]) -> bool:
    """Whether the lines after a byline candidate go on with the article.

    After a real byline a page holds nothing, furniture, or teasers: a headline followed by its
    one-line lede, pair after pair. Two lede-like lines in a row, or lines that mostly do not pair
    up, mean the article goes on and the candidate was not a byline.
    """
    lines = []
    for line in rest:
        if line == _RELATED:
            break
        lines.append(line)
    if not lines:
        return False
    if any(_is_lede_like(a) and _is_lede_like(b) for a, b in itertools.pairwise(lines)):
        return True
    paired = sum(2 for _, lede in _teasers(lines) if lede is not None)
    return paired < 0.8 * len(lines)


def _teasers(lines: list[str]) -> list[tuple[str, str | None]]:
    teasers: list[tuple[str, str | None]] = []
    position = 0
    while position < len(lines):
        line = lines[position]
        following = lines[position + 1] if position + 1 < len(lines) else None
        if _is_headline_like(line) and following is not None and _is_lede_like(following):
            teasers.append((line, following))
            position += 2
        else:
            teasers.append((line, None))
            position += 1
    return teasers
