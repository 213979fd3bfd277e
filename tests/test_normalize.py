"""vnpoverty.text.normalize: Unicode, tone placement, whitespace, markup, bad input."""

from __future__ import annotations

import unicodedata

import pytest

from vnpoverty.text import normalize
from vnpoverty.text.normalization import normalize_syllable

# (as typed, as the toolkit writes it): both tone conventions must meet in one form.
TONE_PAIRS = [
    ("hoà", "hòa"),
    ("Hoà Bình", "Hòa Bình"),
    ("thuỷ lợi", "thủy lợi"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("Qúy", "Quý"),
    ("quí", "quí"),  # a spelling variant, not a tone placement: left alone
    ("hoạ sĩ", "họa sĩ"),
    ("uỷ ban", "ủy ban"),
    ("thuở", "thuở"),
    ("người", "người"),
    ("ngoài", "ngoài"),
    ("khuỷu tay", "khuỷu tay"),
    ("giặt giũ", "giặt giũ"),
    ("gìn giữ", "gìn giữ"),
    ("toán", "toán"),
    ("HOÀ BÌNH", "HÒA BÌNH"),
    ("THUỶ", "THỦY"),
]


@pytest.mark.parametrize(("typed", "expected"), TONE_PAIRS)
def test_tone_marks_are_placed_by_one_convention(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


def test_old_and_new_tone_styles_compare_equal() -> None:
    assert normalize("Hoà thuận, thuỷ lợi, khoẻ") == normalize("Hòa thuận, thủy lợi, khỏe")


def test_decomposed_unicode_becomes_composed() -> None:
    text = "Hỗ trợ xây dựng nhà ở cho hộ nghèo ở Đắk Lắk"
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert normalize(decomposed) == text


def test_words_that_are_not_vietnamese_syllables_are_untouched() -> None:
    text = "Dự án COVID-19 của UNDP, email hotro@example.org, Huawei và café"
    assert normalize(text) == text


def test_html_entities_and_stray_tags() -> None:
    assert normalize("Hộ&nbsp;nghèo &amp; cận nghèo") == "Hộ nghèo & cận nghèo"
    assert normalize("Hộ &amp;nbsp;nghèo") == "Hộ nghèo"  # escaped twice
    assert normalize("<p>Đoạn một</p><p>Đoạn <b>hai</b></p>") == "Đoạn một\nĐoạn hai"
    assert normalize("Tỷ lệ < 5% và > 2%") == "Tỷ lệ < 5% và > 2%"
    assert normalize("<b>hoà</b>", strip_markup=False) == "<b>hòa</b>"


def test_whitespace_is_tidied_but_paragraphs_survive() -> None:
    text = "  Dòng\u00a0một   có\tkhoảng trắng \r\nDòng hai\u200b\n\n\n\nĐoạn mới  "
    assert normalize(text) == "Dòng một có khoảng trắng\nDòng hai\n\nĐoạn mới"


def test_eth_typed_for_d_with_stroke() -> None:
    assert normalize("Ðảng bộ") == "Đảng bộ"


def test_empty_and_missing_input() -> None:
    assert normalize("") == ""
    assert normalize(" \n\t ") == ""
    with pytest.raises(TypeError, match="missing values"):
        normalize(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        normalize(42)  # type: ignore[arg-type]


def test_very_long_input() -> None:
    paragraph = "Năm nay, huyện hỗ trợ xây mới 120 căn nhà cho hộ nghèo, hộ cận nghèo.\n\n"
    text = paragraph * 20_000  # about 1.5 MB
    result = normalize(text)
    assert result.count("\n\n") == 20_000 - 1


def test_syllable_rule_leaves_malformed_words() -> None:
    assert normalize_syllable("xyzà") == "xyzà"
    assert normalize_syllable("hoàá") == "hoàá"  # two tone marks: not ours to guess


def test_real_articles_keep_their_letters(poverty_articles: list[dict]) -> None:
    for article in poverty_articles[:300]:
        body = unicodedata.normalize("NFC", article["body"])
        result = normalize(body)
        assert normalize(result) == result, article["id"]
        # Tone placement moves marks, never drops them: the multiset of tone marks is kept.
        assert _tone_marks(result) == _tone_marks(body), article["id"]


def test_seed_pages_keep_their_lines(seed_paths: list) -> None:
    for path in seed_paths:
        raw = path.read_text(encoding="utf-8")
        raw_lines = [line for line in raw.splitlines() if line.strip()]
        result_lines = [line for line in normalize(raw).splitlines() if line.strip()]
        assert len(result_lines) == len(raw_lines), path.name


def _tone_marks(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in unicodedata.normalize("NFD", text):
        if char in "\u0300\u0301\u0303\u0309\u0323":
            counts[char] = counts.get(char, 0) + 1
    return counts
