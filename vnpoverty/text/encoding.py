"""Find and repair Vietnamese text in legacy encodings and UTF-8 mojibake.

Old government documents and web pages were typed in 8-bit Vietnamese encodings, and reach us
either as raw bytes or, more often, as a ``str`` that some program made by reading those bytes
as Windows-1252 (or Latin-1). What each looks like, for "Cộng hoà xã hội chủ nghĩa Việt Nam":

========== ============================================= ========================================
encoding   as it arrives                                  how it works
========== ============================================= ========================================
tcvn3      ``Céng hoµ x· héi chñ nghÜa ViÖt Nam``         TCVN 5712:1993 VN3, the ABC / .VnTime
                                                          fonts: one byte per letter
vni        ``Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam``   VNI-Windows fonts: base letter, then a
                                                          byte for the diacritics
viscii     ``Cµng hoà xã hµi chü nghîa Vi®t Nam``         VISCII 1.1 (RFC 1456): one byte per
                                                          letter, the 134 letters all present
mojibake   ``Cá»™ng hoÃ  xÃ£ há»™i chá»§ nghÄ©a Viá»‡t Nam``  UTF-8 bytes decoded as Windows-1252 or
                                                          Latin-1, once or more (fixed by ftfy)
========== ============================================= ========================================

Detection tries every repair on (a sample of) the text and keeps the one that raises the share
of well-formed Vietnamese syllables (:func:`vnpoverty.text.language.vietnamese_share`) the most,
and only if it raises it by a clear margin: text that already reads as Vietnamese is never
touched, whatever odd symbols it holds. Raw files go through :func:`decode_bytes`.

TCVN3 has no codes for capital letters with a tone mark: .VnTime users typed the small letter
and set it in the capitals font .VnTimeH. Those capitals are restored where the text shows they
were meant: in words whose other letters are capitals ("CéNG" -> "CỘNG") and at the start of a
sentence or line ("ñy ban" -> "Ủy ban"). Elsewhere ("tØnh ñy ban" for a title-case "Ủy") they
stay small, as nothing in the bytes tells them apart. The capitals that the full TCVN 5712 table
(VN1) puts at 0xAF-0xFF are decoded too; those it puts in the control ranges 0x01-0x17 and
0x80-0x9F are not, because in .VnTime documents those bytes are quotes and dashes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import ftfy

from vnpoverty.text.language import (
    _IGNORED,
    _SYLLABLE,
    _share_and_count,
    _token_verdict,
    _word_tokens,
    is_vietnamese_syllable,
)

__all__ = [
    "ENCODINGS",
    "EncodingReport",
    "LegacyEncodingError",
    "decode_bytes",
    "detect_encoding",
    "encode_legacy",
    "repair_encoding",
]

#: Encodings that :func:`repair_encoding` can repair, in the order they are tried.
ENCODINGS = ("tcvn3", "vni", "viscii", "mojibake")

# How much a repair must raise the syllable share to be applied, and how high it must end.
_MARGIN = 0.15
_MIN_SHARE_AFTER = 0.5
# Detection reads at most this many characters, taken from the start and the middle.
_SAMPLE_CHARS = 4000
# Text with a fifth of its words in broken letters but no working repair is "unknown".
_BROKEN_WORDS = 0.2


class LegacyEncodingError(ValueError):
    """Text looks like Vietnamese in a legacy encoding, but no repair makes it readable."""


@dataclass(frozen=True)
class EncodingReport:
    """What :func:`detect_encoding` found.

    Attributes
    ----------
    encoding : str
        ``"unicode"`` (nothing to repair: readable Vietnamese, another language, or empty),
        ``"tcvn3"``, ``"vni"``, ``"viscii"``, ``"mojibake"``, or ``"unknown"`` (many words in
        broken letters, but no repair makes them Vietnamese).
    confidence : float
        0..1. For a repair: how far its share of syllables beats the input and every other
        repair (a lead of 0.3 or more counts fully). For ``"unicode"``: 1 minus how close the
        best repair came to the margin. Both are scaled down for texts under 20 words, so an
        empty text is ``"unicode"`` with confidence 0.
    share_before : float
        :func:`~vnpoverty.text.language.vietnamese_share` of the (sampled) input.
    share_after : float
        The same after the repair; equal to ``share_before`` when nothing is repaired.
    tried : tuple of (str, float)
        Each repair that was tried on the sample and changed it, with its share. Empty when
        none could change anything, or when the text was plainly Unicode (readable and full of
        letters such as "ư", "ộ" that no 8-bit reading produces), which skips the trials.
    """

    encoding: str
    confidence: float
    share_before: float
    share_after: float
    tried: tuple[tuple[str, float], ...] = field(default=(), compare=False)


# --- Byte tables -------------------------------------------------------------------------------
#
# Written as "byte letter" pairs and checked against glibc's iconv tables (VISCII, TCVN5712-1);
# tests/test_encoding.py round-trips every letter through them.


def _pairs(spec: str) -> dict[int, str]:
    table = {}
    for item in spec.split():
        table[int(item[:2], 16)] = item[2:]
    return table


# TCVN3 (ABC): TCVN 5712:1993 VN3, lowercase letters and the seven capitals Ă Â Ê Ô Ơ Ư Đ.
_TCVN3_VN3 = _pairs(
    """
    a1Ă a2Â a3Ê a4Ô a5Ơ a6Ư a7Đ a8ă a9â aaê abô acơ adư aeđ
    b5à b6ả b7ã b8á b9ạ bbằ bcẳ bdẵ beắ c6ặ c7ầ c8ẩ c9ẫ caấ cbậ
    ccè ceẻ cfẽ d0é d1ẹ d2ề d3ể d4ễ d5ế d6ệ d7ì d8ỉ dcĩ ddí deị
    dfò e1ỏ e2õ e3ó e4ọ e5ồ e6ổ e7ỗ e8ố e9ộ eaờ ebở ecỡ edớ eeợ
    efù f1ủ f2ũ f3ú f4ụ f5ừ f6ử f7ữ f8ứ f9ự faỳ fbỷ fcỹ fdý feỵ
    """
)
# The VN1 capitals that sit in the free places of 0xA0-0xFF.
_TCVN3_VN1_CAPITALS = _pairs("afẰ baẲ bfẴ c0Ắ c1Ầ c2Ẩ c3Ẫ c4Ấ c5Ề cdỂ d9Ễ daẾ dbỒ e0Ổ f0Ỗ ffỐ")
# VISCII 1.1 (RFC 1456): every byte that is not the Latin-1 character of the same number.
_VISCII = _pairs(
    """
    02Ẳ 05Ẵ 06Ẫ 14Ỷ 19Ỹ 1eỴ 80Ạ 81Ắ 82Ằ 83Ặ 84Ấ 85Ầ 86Ẩ 87Ậ 88Ẽ 89Ẹ 8aẾ 8bỀ 8cỂ 8dỄ 8eỆ 8fỐ
    90Ồ 91Ổ 92Ỗ 93Ộ 94Ợ 95Ớ 96Ờ 97Ở 98Ị 99Ỏ 9aỌ 9bỈ 9cỦ 9dŨ 9eỤ 9fỲ a0Õ a1ắ a2ằ a3ặ a4ấ a5ầ
    a6ẩ a7ậ a8ẽ a9ẹ aaế abề acể adễ aeệ afố b0ồ b1ổ b2ỗ b3Ỡ b4Ơ b5ộ b6ờ b7ở b8ị b9Ự baỨ bbỪ
    bcỬ bdơ beớ bfƯ c4Ả c5Ă c6ẳ c7ẵ cbẺ ceĨ cfỳ d0Đ d1ứ d5ạ d6ỷ d7ừ d8ử dbỹ dcỵ deỡ dfư e4ả
    e5ă e6ữ e7ẫ ebẻ eeĩ efỉ f0đ f1ự f6ỏ f7ọ f8ụ fbũ fcủ feợ ffỮ
    """
)

# VNI-Windows: a vowel, then one byte for tone and vowel mark together. Tone order here and
# below: none, sắc, huyền, hỏi, ngã, nặng.
_VNI_TONE = ("", "ù", "ø", "û", "õ", "ï")
_VNI_CIRCUMFLEX = ("â", "á", "à", "å", "ã", "ä")
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_codes() -> dict[str, str]:
    """Every lowercase Vietnamese letter -> its VNI-Windows spelling."""
    codes = {"đ": "ñ"}

    def add(letter: str, spellings: tuple[str, ...]) -> None:
        for tone, spelling in enumerate(spellings):
            codes[unicodedata.normalize("NFC", letter + _TONE_MARKS[tone])] = spelling

    for vowel in "aeouy":
        add(vowel, tuple(vowel + mark for mark in _VNI_TONE))
    add("ơ", tuple("ô" + mark for mark in _VNI_TONE))
    add("ư", tuple("ö" + mark for mark in _VNI_TONE))
    for vowel, circumflexed in (("a", "â"), ("e", "ê"), ("o", "ô")):
        add(circumflexed, tuple(vowel + mark for mark in _VNI_CIRCUMFLEX))
    add("ă", tuple("a" + mark for mark in _VNI_BREVE))
    add("i", ("i", "í", "ì", "æ", "ó", "ò"))
    codes["ỵ"] = "î"  # y with nặng is one byte, not y + ï
    for letter, spelling in list(codes.items()):
        codes[letter.upper()] = spelling.upper()
    return codes


_VNI_ENCODE = _vni_codes()
_VIETNAMESE_LETTERS = frozenset(_VNI_ENCODE)  # the 134 letters, and a e i o u y A E I O U Y


# --- Reading a str as the bytes it was decoded from -----------------------------------------


def _byte_chars(byte: int) -> set[str]:
    """The characters that ``byte`` becomes when read as Latin-1 or as Windows-1252."""
    chars = {chr(byte)}
    try:
        chars.add(bytes([byte]).decode("cp1252"))
    except UnicodeDecodeError:
        pass  # 0x81 0x8D 0x8F 0x90 0x9D: Windows passes them through as C1 controls
    return chars


# Windows-1252 with its five undefined bytes passed through, as Windows itself decodes them.
_CP1252_SLOPPY = "".join(
    next(iter(_byte_chars(byte) - {chr(byte)}), chr(byte)) for byte in range(256)
)
_CHAR_TO_BYTE = {char: byte for byte in range(256) for char in _byte_chars(byte)}


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class of exactly these characters."""
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


def _str_table(table: dict[int, str]) -> dict[int, str]:
    """A str.translate table: both readings of each byte -> the letter."""
    return {ord(char): letter for byte, letter in table.items() for char in _byte_chars(byte)}


_TCVN3_DECODE = _str_table({**_TCVN3_VN3, **_TCVN3_VN1_CAPITALS})
_VISCII_DECODE = _str_table(_VISCII)
_WINDOWS_PUNCTUATION = frozenset(
    char for char in _CP1252_SLOPPY[0x80:0xA0] if not char.isalpha() and char > "\x9f"
)
_VISCII_LETTERS_ONLY = {
    code: letter for code, letter in _VISCII_DECODE.items() if chr(code) not in _WINDOWS_PUNCTUATION
}
_VISCII_PUNCTUATION_IN_WORD = re.compile(
    rf"(?<=[^\W\d_]){_char_class(_WINDOWS_PUNCTUATION)}"
    rf"|{_char_class(_WINDOWS_PUNCTUATION)}(?=[^\W\d_])"
)


_TCVN3_CHARS = re.compile(_char_class(chr(code) for code in _TCVN3_DECODE))
_VISCII_CHARS = re.compile(_char_class(chr(code) for code in _VISCII_DECODE))


# VNI decoding: the mark after a vowel may come in either case (Word's auto-capitalisation
# makes "Aù"); the letter takes the case of the vowel.
def _vni_decoding() -> dict[str, str]:
    decoding = {}
    for letter, spelling in _VNI_ENCODE.items():
        if letter != spelling:
            decoding[spelling] = letter
            if len(spelling) == 2:
                decoding[spelling[0] + spelling[1].swapcase()] = letter
    return decoding


_VNI_DECODE = _vni_decoding()
_VNI_PAIRS = [code for code in _VNI_DECODE if len(code) == 2]
_VNI_PATTERN = re.compile(
    "|".join(
        re.escape(base) + _char_class({code[1] for code in _VNI_PAIRS if code[0] == base})
        for base in sorted({code[0] for code in _VNI_PAIRS})
    )
    + "|"
    + _char_class({code for code in _VNI_DECODE if len(code) == 1})
)
_VNI_CODE_CHARS = frozenset(code[-1] for code in _VNI_DECODE)
_VNI_CHARS = re.compile(_char_class(_VNI_CODE_CHARS))

# Mojibake: a UTF-8 lead byte read as a Latin-1/1252 letter, then a continuation byte.
_MOJIBAKE_CHARS = re.compile(
    _char_class({chr(byte) for byte in range(0xC2, 0xF5)})
    + _char_class({char for byte in range(0x80, 0xC0) for char in _byte_chars(byte)})
)

# Lowercase letters with a tone mark: TCVN3 has no capital for any of them.
_TONED_LOWER = frozenset(
    letter
    for letter in _VIETNAMESE_LETTERS
    if letter.islower() and set(unicodedata.normalize("NFD", letter)) & set(_TONE_MARKS[1:])
)
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_OPENERS = " \t\"'“‘«([-–—•*"


def _restore_tcvn3_capitals(text: str) -> str:
    """Capitalise toned letters where .VnTimeH must have shown them as capitals."""
    words = list(_WORD.finditer(text))
    if not any(_TONED_LOWER.intersection(match.group()) for match in words):
        return text
    shapes = [_capitals_shape(match.group()) for match in words]
    # An ambiguous word ("Bộ": Bộ or BỘ? "ở": ở or Ở?) is in capitals when next to a word in
    # capitals, and a run of ambiguous words can lie between: spread the capitals both ways.
    for order in (range(1, len(words)), range(len(words) - 2, -1, -1)):
        for index in order:
            neighbour = index - 1 if order.step == 1 else index + 1
            if shapes[index] == "ambiguous" and shapes[neighbour] == "upper":
                shapes[index] = "upper"
    pieces = []
    last = 0
    for match, shape in zip(words, shapes, strict=True):
        word = match.group()
        if not _TONED_LOWER.intersection(word):
            continue
        if shape == "upper":
            fixed = word.upper()
        elif word[0] in _TONED_LOWER and _starts_sentence(text, match.start()):
            fixed = word[0].upper() + word[1:]
        else:
            continue
        pieces.append(text[last : match.start()])
        pieces.append(fixed)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _capitals_shape(word: str) -> str:
    """Classify a decoded word: "upper" ("CộNG"), "ambiguous" ("Bộ", "ở") or "lower".

    Capital acronyms ("UBND") are "lower": they sit beside title-case words ("Sở LĐTBXH").
    """
    cased = [char for char in word if char not in _TONED_LOWER and char.isalpha()]
    capitals = sum(char.isupper() for char in cased)
    if capitals == len(cased) and capitals >= 2:
        return "upper" if is_vietnamese_syllable(word) else "lower"
    if capitals == len(cased):
        return "ambiguous"
    return "lower"


def _starts_sentence(text: str, position: int) -> bool:
    """Whether a word at ``position`` opens a sentence, a line, or the text."""
    before = text[max(0, position - 40) : position]
    stripped = before.rstrip(_SENTENCE_OPENERS)
    if not stripped or stripped.endswith("\n"):
        return True
    return stripped.endswith((".", "!", "?", "…")) and len(stripped) < len(before)


def _decode_tcvn3(text: str, *, capitals: bool = True) -> str:
    decoded = text.translate(_TCVN3_DECODE)
    return _restore_tcvn3_capitals(decoded) if capitals else decoded


def _decode_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda match: _VNI_DECODE[match.group()], text)


def _decode_viscii(text: str) -> str:
    return text.translate(_VISCII_DECODE)


def _decode_viscii_cautiously(text: str) -> str:
    """VISCII, but a Windows quote or dash becomes a capital only inside a word.

    VISCII puts capitals where Windows-1252 has “ ” – — …, so read in full, a Unicode text
    with spaced quotes would gain one-letter "words" (Ờ, Ộ) and look more Vietnamese.
    """
    decoded = text.translate(_VISCII_LETTERS_ONLY)
    return _VISCII_PUNCTUATION_IN_WORD.sub(
        lambda match: _VISCII_DECODE[ord(match.group())], decoded
    )


def _decode_mojibake(text: str) -> str:
    return ftfy.fix_encoding(text)


# name -> (quick test that the decoder can change anything, decoder used while detecting,
# decoder used for the repair)
_Decoder = Callable[[str], str]
_CANDIDATES: dict[str, tuple[re.Pattern[str], _Decoder, _Decoder]] = {
    "tcvn3": (_TCVN3_CHARS, lambda text: _decode_tcvn3(text, capitals=False), _decode_tcvn3),
    "vni": (_VNI_CHARS, _decode_vni, _decode_vni),
    "viscii": (_VISCII_CHARS, _decode_viscii_cautiously, _decode_viscii),
    "mojibake": (_MOJIBAKE_CHARS, _decode_mojibake, _decode_mojibake),
}


# --- Detection --------------------------------------------------------------------------------


def _require_str(text: object, function: str) -> str:
    if isinstance(text, str):
        return text
    hint = " decode bytes with decode_bytes() first;" if isinstance(text, bytes) else ""
    raise TypeError(
        f"{function}() expects text (str), got {type(text).__name__};{hint} "
        "map missing values (None, NaN) to '' before calling it"
    )


def _sample(text: str) -> str:
    """The start and the middle of a long text, without the words cut in two."""
    if len(text) <= _SAMPLE_CHARS:
        return text
    half = _SAMPLE_CHARS // 2
    middle = len(text) // 2
    return (
        _whole_words(text[:half], cut_start=False)
        + "\n"
        + _whole_words(text[middle : middle + half], cut_start=True)
    )


def _whole_words(chunk: str, *, cut_start: bool) -> str:
    if cut_start:
        parts = chunk.split(None, 1)
        chunk = parts[-1] if parts else ""
    parts = chunk.rsplit(None, 1)
    return parts[0] if len(parts) == 2 else chunk


# Characters that only turn up inside a word when bytes were read with the wrong table.
_BROKEN = frozenset(
    char
    for byte in (*range(0x80, 0x100), 0x02, 0x05, 0x06, 0x14, 0x19, 0x1E)
    for char in _byte_chars(byte)
    if char not in _VIETNAMESE_LETTERS and not char.isspace()
)


def _broken_word_stats(text: str) -> tuple[float, float]:
    """(share of words with a broken letter, syllable share of the other words)."""
    broken = clean = clean_valid = 0
    for token, count in _word_tokens(text).items():
        verdict = _token_verdict(token)
        if verdict == _IGNORED:
            continue
        if _BROKEN.intersection(token):
            broken += count
        else:
            clean += count
            clean_valid += count * (verdict == _SYLLABLE)
    total = broken + clean
    if not total:
        return 0.0, 0.0
    return broken / total, (clean_valid / clean if clean else 0.0)


# Letters that no 8-bit reading of bytes produces: text full of them is Unicode already.
_UNICODE_ONLY = re.compile("[ĂăĐđĨĩŨũƠơƯưẠ-ỹ]")


def detect_encoding(text: str) -> EncodingReport:
    """Tell whether ``text`` is readable Unicode, a legacy Vietnamese encoding, or mojibake.

    Each repair in :data:`ENCODINGS` that would change the text is applied to a sample of at
    most 4,000 characters (start and middle); the one with the highest
    :func:`~vnpoverty.text.language.vietnamese_share` wins if it beats the input by at least
    0.15, reaches 0.5, and turns at least two more words into syllables (one odd symbol in a
    title proves nothing; pass ``encoding=`` to :func:`repair_encoding` for such snippets).
    Otherwise the text is ``"unicode"``, or ``"unknown"`` when a fifth or more of its words
    hold characters from the 0x80-0xFF range that are not Vietnamese letters while the other
    words read as Vietnamese (broken Vietnamese that no repair fixes). Text that reads as
    Vietnamese and is full of letters that no 8-bit reading yields ("ư", "ộ") is ``"unicode"``
    without trying the repairs, which keeps the common case at a fraction of a millisecond.

    Parameters
    ----------
    text : str
        Any text. English and other languages come out as ``"unicode"``; so does ``""``, with
        confidence 0.

    Returns
    -------
    EncodingReport

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> detect_encoding("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam").encoding
    'vni'
    >>> detect_encoding("Cộng hoà xã hội chủ nghĩa Việt Nam").encoding
    'unicode'
    """
    _require_str(text, "detect_encoding")
    sample = _sample(text)
    share_before, count = _share_and_count(sample)
    evidence = min(1.0, count / 20)
    if share_before >= 0.7 and len(_UNICODE_ONLY.findall(sample)) >= 0.1 * count:
        # Readable, and full of letters that no legacy reading yields: no repair can win.
        return EncodingReport("unicode", round(evidence, 4), share_before, share_before)
    valid_before = round(share_before * count)
    results = []  # (name, share, syllables gained)
    for name, (can_change, decode, _) in _CANDIDATES.items():
        if not can_change.search(sample):
            continue
        decoded = decode(sample)
        if decoded != sample:
            share, counted = _share_and_count(decoded)
            results.append((name, round(share, 4), round(share * counted) - valid_before))
    tried = tuple((name, share) for name, share, _ in results)
    closeness = 0.0
    if results:
        best_name, best_share, gained = max(results, key=lambda result: result[1])
        runner_up = max([share_before] + [share for name, share in tried if name != best_name])
        gain = best_share - share_before
        # Two repaired words at least: one odd symbol in a short title proves nothing.
        if gain >= _MARGIN and best_share >= _MIN_SHARE_AFTER and gained >= 2:
            lead = min(1.0, (best_share - runner_up) / 0.3)
            return EncodingReport(
                best_name, round(evidence * lead, 4), share_before, best_share, tried
            )
        closeness = min(1.0, max(0.0, gain) / _MARGIN)
    broken, clean_share = _broken_word_stats(sample) if share_before < 0.6 else (0.0, 0.0)
    if count >= 3 and broken >= _BROKEN_WORDS and clean_share >= 0.5:
        confidence = min(1.0, broken / (2 * _BROKEN_WORDS))
        return EncodingReport(
            "unknown", round(evidence * confidence, 4), share_before, share_before, tried
        )
    return EncodingReport(
        "unicode", round(evidence * (1.0 - closeness), 4), share_before, share_before, tried
    )


def repair_encoding(text: str, errors: str = "ignore", *, encoding: str | None = None) -> str:
    """Return ``text`` as readable Unicode, repairing a legacy encoding or mojibake if found.

    Parameters
    ----------
    text : str
        Any text.
    errors : {"ignore", "raise"}, default "ignore"
        What to do when the text looks like broken Vietnamese that no repair makes readable
        (:func:`detect_encoding` says ``"unknown"``): return it unchanged, or raise.
    encoding : {"tcvn3", "vni", "viscii", "mojibake"}, optional
        Skip detection and repair as this encoding: for sources known to be in one, and for
        snippets too short to tell (detection wants two repaired words: "ViÖt" alone stays).

    Returns
    -------
    str
        The input itself, unchanged, when it is already readable (or not Vietnamese at all);
        otherwise the repaired text in NFC.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    ValueError
        If ``errors`` is not "ignore" or "raise", or ``encoding`` is not one of
        :data:`ENCODINGS`.
    LegacyEncodingError
        With ``errors="raise"``, for text that looks broken but that no repair fixes; the
        message lists the repairs tried and their syllable shares.

    Examples
    --------
    >>> repair_encoding("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    'Cộng hoà xã hội chủ nghĩa Việt Nam'
    >>> repair_encoding("Cá»™ng hÃ²a")
    'Cộng hòa'
    >>> repair_encoding("ViÖt", encoding="tcvn3")
    'Việt'
    """
    _require_str(text, "repair_encoding")
    if errors not in ("ignore", "raise"):
        raise ValueError(f"errors must be 'ignore' or 'raise', got {errors!r}")
    if encoding is not None:
        if encoding not in _CANDIDATES:
            raise ValueError(
                f"encoding must be one of {', '.join(ENCODINGS)} or None; got {encoding!r}"
            )
        return unicodedata.normalize("NFC", _CANDIDATES[encoding][2](text))
    report = detect_encoding(text)
    if report.encoding in _CANDIDATES:
        return unicodedata.normalize("NFC", _CANDIDATES[report.encoding][2](text))
    if report.encoding == "unknown" and errors == "raise":
        tried = ", ".join(f"{name} {share:.2f}" for name, share in report.tried) or "none"
        raise LegacyEncodingError(
            "text looks like Vietnamese in a legacy encoding or mojibake, but no repair makes "
            f"it readable: share of Vietnamese syllables as given {report.share_before:.2f}; "
            f"after each repair tried: {tried} (a repair needs {_MIN_SHARE_AFTER} and a gain "
            f"of {_MARGIN}). Supported: {', '.join(ENCODINGS)}. Convert the source with the "
            "tool that made it, or pass errors='ignore' to keep the text as it is."
        )
    return text


# --- Encoding (for tests and for writing legacy files) ---------------------------------------

_LEGACY_BYTES = ("tcvn3", "vni", "viscii", "cp1258")
_TCVN3_ENCODE = {letter: byte for byte, letter in _TCVN3_VN3.items()}
_VISCII_BYTE_TABLE = "".join(_VISCII.get(byte, chr(byte)) for byte in range(256))
_VISCII_ENCODE = {char: byte for byte, char in enumerate(_VISCII_BYTE_TABLE)}
_CP1258_SLOPPY = "".join(
    bytes([byte]).decode("cp1258", errors="ignore") or chr(byte) for byte in range(256)
)


def _encode_char(char: str, encoding: str) -> bytes | None:
    """The legacy bytes of one character, or None if the encoding has no place for it."""
    if encoding == "tcvn3":
        byte = _TCVN3_ENCODE.get(char)
        if byte is None and char.lower() in _TONED_LOWER:
            byte = _TCVN3_ENCODE[char.lower()]  # a .VnTimeH capital: the small letter's code
        if byte is None:
            byte = _CHAR_TO_BYTE.get(char)
            if byte is not None and (byte in _TCVN3_VN3 or byte in _TCVN3_VN1_CAPITALS):
                byte = None  # that byte means a letter in TCVN3
        return None if byte is None else bytes([byte])
    if encoding == "viscii":
        byte = _VISCII_ENCODE.get(char)
        return None if byte is None else bytes([byte])
    if encoding == "vni":
        spelling = _VNI_ENCODE.get(char)
        if spelling is None:
            byte = _CHAR_TO_BYTE.get(char)
            if byte is None or _CP1252_SLOPPY[byte] in _VNI_CODE_CHARS:
                return None  # that byte is a VNI mark or letter
            return bytes([byte])
        return spelling.encode("cp1252")
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        # Windows writes the letter with its vowel mark precomposed and the tone combining.
        decomposed = unicodedata.normalize("NFD", char)
        tones = [mark for mark in decomposed if mark in _TONE_MARKS[1:]]
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        try:
            return base.encode("cp1258") + "".join(tones).encode("cp1258")
        except UnicodeEncodeError:
            return None


def encode_legacy(text: str, encoding: str, errors: str = "strict") -> bytes:
    """Write ``text`` in a legacy Vietnamese encoding: the inverse of the repairs here.

    Useful to test code on legacy input, or to hand data to old software. TCVN3 writes a
    capital with a tone mark as the small letter (what .VnTimeH shows as a capital);
    cp1258 writes tone marks as combining characters, as Windows does.

    Parameters
    ----------
    text : str
        Text to encode; it is put in NFC first.
    encoding : {"tcvn3", "vni", "viscii", "cp1258"}
    errors : {"strict", "replace"}, default "strict"
        For a character the encoding cannot hold: raise, or write "?".

    Returns
    -------
    bytes
        Read them as Windows-1252 to get the ``str`` that mis-configured software shows
        (``"Céng hoµ"``), or pass them to :func:`decode_bytes`.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    ValueError
        For an unknown encoding or errors value, or (``errors="strict"``) a character the
        encoding cannot hold, such as "€" in VISCII or "ö" in VNI, where those bytes spell
        Vietnamese letters.

    Examples
    --------
    >>> encode_legacy("Cộng hoà", "tcvn3").decode("cp1252")
    'Céng hoµ'
    """
    _require_str(text, "encode_legacy")
    if encoding not in _LEGACY_BYTES:
        raise ValueError(f"encoding must be one of {', '.join(_LEGACY_BYTES)}; got {encoding!r}")
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', got {errors!r}")
    out = bytearray()
    for position, char in enumerate(unicodedata.normalize("NFC", text)):
        code = char.encode("ascii") if char < "\x80" else _encode_char(char, encoding)
        if code is None:
            if errors == "strict":
                raise ValueError(
                    f"{encoding} has no code for {char!r} (U+{ord(char):04X}) at position "
                    f"{position}; pass errors='replace' to write '?' instead"
                )
            code = b"?"
        out += code
    return bytes(out)


# --- Raw bytes ---------------------------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_SAMPLE_BYTES = 8000


def _decode_legacy_bytes(data: bytes, encoding: str) -> str:
    latin1 = data.decode("latin-1")
    if encoding == "viscii":
        return latin1.translate(_VISCII_BYTE_TABLE)
    if encoding == "cp1258":
        return unicodedata.normalize("NFC", latin1.translate(_CP1258_SLOPPY))
    windows = latin1.translate(_CP1252_SLOPPY)
    if encoding == "tcvn3":
        return unicodedata.normalize("NFC", _decode_tcvn3(windows))
    if encoding == "vni":
        return unicodedata.normalize("NFC", _decode_vni(windows))
    return windows


def _utf16_without_bom(data: bytes) -> str | None:
    """Which UTF-16 the bytes are in, judged by where the zero high bytes of ASCII fall."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    even_zeros, odd_zeros = data[0::2].count(0), data[1::2].count(0)
    if odd_zeros > 0.3 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.3 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the raw bytes of a file, guessing the encoding.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); valid UTF-8; UTF-16 without a mark
    (told by its zero bytes); then the 8-bit encodings VISCII, TCVN3, VNI-Windows and
    Windows-1258, of which the one whose text has the highest
    :func:`~vnpoverty.text.language.vietnamese_share` wins if it beats plain Windows-1252 by
    0.15 and reaches 0.5; otherwise Windows-1252.

    Text decoded from UTF-8 or UTF-16 is returned as it is: if a program had already
    garbled it before it was saved ("Céng hoµ" saved as UTF-8), pass it to
    :func:`repair_encoding`.

    Parameters
    ----------
    data : bytes
        Bytes, bytearray or memoryview.

    Returns
    -------
    tuple of (str, str)
        The text, and the encoding used: ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``,
        ``"utf-16-le"``, ``"utf-16-be"``, ``"utf-32"``, ``"viscii"``, ``"tcvn3"``, ``"vni"``,
        ``"cp1258"`` or ``"cp1252"``. Text from the legacy encodings is NFC.

    Raises
    ------
    TypeError
        If ``data`` is not bytes-like (a ``str`` is already decoded: use
        :func:`repair_encoding`).

    Examples
    --------
    >>> decode_bytes("Cộng hoà".encode("utf-16"))
    ('Cộng hoà', 'utf-16')
    >>> decode_bytes(encode_legacy("Cộng hoà xã hội", "vni"))
    ('Cộng hoà xã hội', 'vni')
    """
    if isinstance(data, str):
        raise TypeError(
            "decode_bytes() expects bytes, got str: it is already decoded; "
            "use repair_encoding() to fix a str"
        )
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"decode_bytes() expects bytes, got {type(data).__name__}")
    data = bytes(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break  # a text that merely starts like a BOM
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    sample = data[:_SAMPLE_BYTES]
    baseline = _share_and_count(_decode_legacy_bytes(sample, "cp1252"))[0]
    shares = {
        name: _share_and_count(_decode_legacy_bytes(sample, name))[0]
        for name in ("viscii", "tcvn3", "vni", "cp1258")
    }
    best = max(shares, key=shares.__getitem__)
    if shares[best] >= baseline + _MARGIN and shares[best] >= _MIN_SHARE_AFTER:
        return _decode_legacy_bytes(data, best), best
    return _decode_legacy_bytes(data, "cp1252"), "cp1252"
