"""Legacy-encoding detection and repair (vnpoverty.text.encoding) and the language check."""

from __future__ import annotations

import unicodedata

import pytest

from vnpoverty.text.encoding import (
    ENCODINGS,
    EncodingReport,
    LegacyEncodingError,
    decode_bytes,
    detect_encoding,
    encode_legacy,
    repair_encoding,
)
from vnpoverty.text.language import is_vietnamese, is_vietnamese_syllable, vietnamese_share

# Our own sentences: every tone on many vowels, đ/Đ, capitals (a whole heading, and toned
# capitals at the start of sentences, where even TCVN3 can restore them), digits, punctuation.
SENTENCES = [
    "Năm 2023, tỉnh Đắk Lắk giảm tỷ lệ hộ nghèo xuống còn 7,5%.",
    "Ủy ban nhân dân xã đã hỗ trợ 120 hộ vay vốn ưu đãi để chăn nuôi bò, dê và lợn.",
    "CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG GIAI ĐOẠN 2021-2025",
    "Ở vùng cao, nhiều trẻ em phải đi bộ hơn 5 km tới trường; nước sạch vẫn thiếu.",
    'Ông Bảy ở ấp Phước Lợi nói: "Nhờ có bò giống, gia đình tôi đã thoát nghèo!"',
    "Ẩm thực, nghề dệt thổ cẩm và du lịch cộng đồng giúp người Dao tăng thu nhập.",
    "Ý kiến của cử tri về chính sách nhà ở xã hội được tổng hợp, gửi Quốc hội xem xét.",
    "Ưu tiên đầu tư đường, trạm y tế, điện lưới cho 74 huyện nghèo. Ỷ lại vào trợ cấp "
    "là điều cần tránh; khuyến khích tự lực, quyết tâm vươn lên.",
    "Đến cuối năm, thu nhập bình quân đạt 38,5 triệu đồng/người, gấp đôi so với năm trước.",
]
DOCUMENT = "\n".join(SENTENCES)
LEGACY = ("tcvn3", "vni", "viscii")

_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LOWER_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy"
        for tone in _TONES
        if base not in "aeiouy" or tone
    }
    | {"đ"}
)
ALL_LETTERS = LOWER_LETTERS + [letter.upper() for letter in LOWER_LETTERS]


def windows_text(data: bytes) -> str:
    """What a Windows program shows for these bytes (cp1252, undefined bytes passed through)."""
    return "".join(
        chr(byte) if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([byte]).decode("cp1252")
        for byte in data
    )


def mojibake(text: str, times: int = 1, codec: str = "cp1252") -> str:
    for _ in range(times):
        data = text.encode("utf-8")
        text = windows_text(data) if codec == "cp1252" else data.decode(codec)
    return text


def legacy_text(text: str, encoding: str) -> str:
    return windows_text(encode_legacy(text, encoding))


def paragraphs(articles: list[dict], count: int, min_chars: int = 120) -> list[str]:
    found = []
    for article in articles:
        for paragraph in (article.get("body") or "").split("\n"):
            paragraph = unicodedata.normalize("NFC", paragraph.strip())
            if len(paragraph) >= min_chars:
                found.append(paragraph)
                break
        if len(found) == count:
            break
    return found


def differs_only_in_toned_capitals(repaired: str, original: str) -> bool:
    """TCVN3 has no toned capitals: mid-sentence ones ("Ấn Độ") come back small."""
    if len(repaired) != len(original):
        return False
    return all(
        got == want or (want.isupper() and got == want.lower() and want not in "ĂÂÊÔƠƯĐ")
        for got, want in zip(repaired, original, strict=True)
    )


# --- The tables ----------------------------------------------------------------------------


def test_there_are_134_letters() -> None:
    assert len(ALL_LETTERS) == 134 == len(set(ALL_LETTERS))


@pytest.mark.parametrize("encoding", ["vni", "viscii"])
def test_every_letter_round_trips(encoding: str) -> None:
    for letter in ALL_LETTERS:
        for text in (letter, f"và {letter}", f"{letter}n và"):
            encoded = legacy_text(text, encoding)
            assert repair_encoding(encoded, encoding=encoding) == text, (letter, encoded)


def test_every_letter_round_trips_tcvn3() -> None:
    # Capitals with a tone are written as the small letter (.VnTimeH) and come back as
    # capitals where the text shows it: at the start of a sentence or inside a capital word.
    for letter in LOWER_LETTERS:
        encoded = legacy_text(f"và {letter}", "tcvn3")
        assert repair_encoding(encoded, encoding="tcvn3") == f"và {letter}"
    for letter in ALL_LETTERS[len(LOWER_LETTERS) :]:
        for text in (letter, f"Nam. {letter}n nay", f"VÀ {letter} NAM"):
            encoded = legacy_text(text, "tcvn3")
            assert repair_encoding(encoded, encoding="tcvn3") == text, (letter, encoded)


def test_every_letter_round_trips_cp1258_bytes() -> None:
    for letter in ALL_LETTERS:
        data = encode_legacy(letter, "cp1258")
        assert unicodedata.normalize("NFC", data.decode("cp1258")) == letter


def test_known_codes() -> None:
    # Spot checks against the published tables.
    assert encode_legacy("Cộng hoà", "tcvn3") == b"C\xe9ng ho\xb5"
    assert encode_legacy("ư Ư đ Đ", "tcvn3") == b"\xad \xa6 \xae \xa7"
    assert encode_legacy("Cộng hòa", "vni") == "Coäng hoøa".encode("cp1252")
    assert encode_legacy("người Đ", "vni") == "ngöôøi Ñ".encode("cp1252")
    assert encode_legacy("Cộng hoà", "viscii") == b"C\xb5ng ho\xe0"
    assert encode_legacy("Ẳ Ỵ Ữ", "viscii") == b"\x02 \x1e \xff"


def test_tcvn3_full_table_capitals_are_decoded() -> None:
    # TCVN 5712 VN1 puts some toned capitals in the free places of 0xA0-0xFF.
    assert repair_encoding("\xc4n \xa7\xe9", encoding="tcvn3") == "Ấn Độ"
    assert repair_encoding("H\xffC", encoding="tcvn3") == "HỐC"


def test_encode_legacy_refuses_what_an_encoding_cannot_hold() -> None:
    with pytest.raises(ValueError, match="viscii has no code for '€'"):
        encode_legacy("giá 5 €", "viscii")
    assert encode_legacy("giá 5 €", "viscii", errors="replace") == b"gi\xe1 5 ?"
    with pytest.raises(ValueError, match="vni has no code for 'ö'"):
        encode_legacy("Köln", "vni")
    with pytest.raises(ValueError, match="encoding must be one of"):
        encode_legacy("a", "vps")


# --- Detection and repair on our own sentences -------------------------------------------------


@pytest.mark.parametrize("encoding", LEGACY)
def test_own_sentences_are_detected_and_restored(encoding: str) -> None:
    for sentence in [*SENTENCES, DOCUMENT]:
        encoded = legacy_text(sentence, encoding)
        assert encoded != sentence
        report = detect_encoding(encoded)
        assert report.encoding == encoding, (sentence, report)
        assert report.share_after > report.share_before
        assert repair_encoding(encoded) == sentence


def test_tcvn3_capital_heading_is_restored() -> None:
    heading = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    encoded = legacy_text(heading, "tcvn3")
    assert encoded.startswith("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM")
    assert repair_encoding(encoded) == heading


@pytest.mark.parametrize("times", [1, 2])
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_own_sentences_mojibake(times: int, codec: str) -> None:
    for sentence in [*SENTENCES, DOCUMENT]:
        garbled = mojibake(sentence, times, codec)
        report = detect_encoding(garbled)
        assert report.encoding == "mojibake", (garbled, report)
        assert repair_encoding(garbled) == sentence


def test_mojibake_example() -> None:
    assert repair_encoding("Cá»™ng hÃ²a xÃ£ há»™i") == "Cộng hòa xã hội"


def test_own_sentences_are_unicode() -> None:
    for sentence in [*SENTENCES, DOCUMENT]:
        report = detect_encoding(sentence)
        assert report.encoding == "unicode"
        assert report.share_before == report.share_after > 0.9
        assert repair_encoding(sentence) is sentence


def test_repair_is_idempotent() -> None:
    for encoding in LEGACY:
        once = repair_encoding(legacy_text(DOCUMENT, encoding))
        assert repair_encoding(once) == once == DOCUMENT


def test_decomposed_unicode_is_left_alone() -> None:
    nfd = unicodedata.normalize("NFD", DOCUMENT)
    assert detect_encoding(nfd).encoding == "unicode"
    assert repair_encoding(nfd) == nfd  # normalising is text.normalize's job


# --- Things that must not be repaired ------------------------------------------------------


def test_empty_and_blank_text() -> None:
    for text in ("", "   \n", "2021 - 2025: 12,5%"):
        report = detect_encoding(text)
        assert report == EncodingReport("unicode", 0.0, 0.0, 0.0)
        assert repair_encoding(text) is text


def test_english_is_unicode_and_not_vietnamese() -> None:
    english = (
        "The provincial government announced a new programme to reduce poverty in remote "
        "mountain districts, with loans for farmers and better roads to the markets."
    )
    report = detect_encoding(english)
    assert report.encoding == "unicode"
    assert report.confidence > 0.5
    assert repair_encoding(english, errors="raise") is english
    assert vietnamese_share(english) < 0.5
    assert not is_vietnamese(english)


def test_other_latin_languages_are_left_alone() -> None:
    for text in (
        "Müller und Schöne gehen über die Straße nach Köln, um dort zu arbeiten.",
        "Le développement économique à Hanoï est très rapide, dit-il à la presse.",
    ):
        assert repair_encoding(text, errors="raise") is text


def test_mixed_text_with_odd_symbols_is_not_converted() -> None:
    for text in (
        "Liều dùng 5 µg mỗi ngày; diện tích 3 × 4 m, nhiệt độ 25°C ± 2.",
        "Giá gạo µ và × trong bảng này là ký hiệu, không phải lỗi phông chữ.",
        "Nông dân « vui mừng » vì giá lúa tăng — thương lái mua 7.500 đ/kg.",
        "Ðà Nẵng: hỗ trợ “ hộ nghèo ” – cận nghèo… đều được quan tâm.",
    ):
        assert detect_encoding(text).encoding == "unicode", text
        assert repair_encoding(text) is text


def test_single_legacy_word_needs_an_explicit_encoding() -> None:
    # One repaired word is not evidence enough; say the encoding when you know it.
    assert repair_encoding("ViÖt") == "ViÖt"
    assert repair_encoding("ViÖt", encoding="tcvn3") == "Việt"
    assert repair_encoding("Hµ Néi") == "Hà Nội"


# --- errors="raise" and bad input ------------------------------------------------------------


def test_broken_text_that_no_repair_fixes() -> None:
    # TCVN3 text that then went through UTF-8 mojibake: two layers, not one.
    broken = mojibake(legacy_text(SENTENCES[1] + " " + SENTENCES[3], "tcvn3"))
    report = detect_encoding(broken)
    assert report.encoding == "unknown"
    assert {name for name, _ in report.tried} >= {"tcvn3", "mojibake"}
    assert repair_encoding(broken) is broken
    with pytest.raises(LegacyEncodingError, match=r"tcvn3 0\.\d\d.*mojibake 0\.\d\d"):
        repair_encoding(broken, errors="raise")


def test_legacy_error_is_a_value_error() -> None:
    assert issubclass(LegacyEncodingError, ValueError)


def test_repaired_text_does_not_raise() -> None:
    encoded = legacy_text(DOCUMENT, "vni")
    assert repair_encoding(encoded, errors="raise") == DOCUMENT


@pytest.mark.parametrize("value", [None, b"abc", 12, ["text"]])
def test_non_str_input_is_a_type_error(value: object) -> None:
    for function in (detect_encoding, repair_encoding, vietnamese_share, is_vietnamese):
        with pytest.raises(TypeError, match="str"):
            function(value)  # type: ignore[arg-type]


def test_bad_options() -> None:
    with pytest.raises(ValueError, match="errors must be"):
        repair_encoding("abc", errors="strict")
    with pytest.raises(ValueError, match="encoding must be one of"):
        repair_encoding("abc", encoding="vps")
    assert set(ENCODINGS) == {"tcvn3", "vni", "viscii", "mojibake"}


# --- decode_bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32"),
    ],
)
def test_decode_unicode_bytes(codec: str, name: str) -> None:
    assert decode_bytes(DOCUMENT.encode(codec)) == (DOCUMENT, name)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii", "cp1258"])
def test_decode_legacy_bytes(encoding: str) -> None:
    data = encode_legacy(DOCUMENT, encoding)
    assert decode_bytes(data) == (DOCUMENT, encoding)
    assert decode_bytes(bytearray(data)) == (DOCUMENT, encoding)


def test_decode_other_bytes() -> None:
    assert decode_bytes(b"") == ("", "utf-8")
    assert decode_bytes(b"plain ASCII") == ("plain ASCII", "utf-8")
    german = "Müller und Schöne gehen über die Straße nach Köln."
    assert decode_bytes(german.encode("cp1252")) == (german, "cp1252")


def test_decode_bytes_type_errors() -> None:
    with pytest.raises(TypeError, match="already decoded"):
        decode_bytes("Cộng hoà")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expects bytes"):
        decode_bytes(None)  # type: ignore[arg-type]


# --- The language check --------------------------------------------------------------------


def test_syllable_rules() -> None:
    good = ["nghĩa", "Nghiêng", "quyết", "quý", "giữa", "gì", "khuỷu", "người", "kiểm", "Đắk"]
    bad = ["ngĩa", "nghang", "kam", "ciểm", "hàt", "hát́", "Céng", "xoäng", "with", "vieät"]
    assert all(map(is_vietnamese_syllable, good))
    assert not any(map(is_vietnamese_syllable, bad))
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", "nghĩa"))


def test_share_separates_readable_from_broken() -> None:
    assert vietnamese_share(DOCUMENT) > 0.95
    for encoding in LEGACY:
        assert vietnamese_share(legacy_text(DOCUMENT, encoding)) < 0.5
    assert vietnamese_share(mojibake(DOCUMENT)) < 0.5
    assert vietnamese_share("") == 0.0
    assert vietnamese_share("UBND 2024 TP.HCM") == 0.0  # acronyms and numbers only


def test_is_vietnamese_thresholds() -> None:
    assert is_vietnamese(DOCUMENT)
    assert not is_vietnamese("Hà Nội")  # two words: too short to judge by default
    assert is_vietnamese("Hà Nội", min_tokens=2)
    assert not is_vietnamese(legacy_text(DOCUMENT, "tcvn3"))
    with pytest.raises(ValueError, match="threshold"):
        is_vietnamese(DOCUMENT, threshold=1.5)


# --- Real text (the shared corpus, read through the fixtures) ------------------------------


@pytest.mark.shared
def test_real_articles_are_unicode(
    poverty_articles: list[dict], background_articles: list[dict]
) -> None:
    for article in poverty_articles[:300] + background_articles[:300]:
        body = article["body"] or ""
        report = detect_encoding(body)
        assert report.encoding == "unicode", (article["id"], report)
        assert repair_encoding(body) is body


@pytest.mark.shared
@pytest.mark.parametrize("encoding", LEGACY)
def test_real_paragraphs_round_trip(poverty_articles: list[dict], encoding: str) -> None:
    checked = 0
    for paragraph in paragraphs(poverty_articles, 60):
        try:
            encoded = legacy_text(paragraph, encoding)
        except ValueError:
            continue  # a quote or dash that VISCII has no room for
        assert detect_encoding(encoded).encoding == encoding, paragraph
        repaired = repair_encoding(encoded)
        if encoding == "tcvn3":
            assert differs_only_in_toned_capitals(repaired, paragraph), paragraph
        else:
            assert repaired == paragraph
        checked += 1
    assert checked >= 30


@pytest.mark.shared
@pytest.mark.parametrize("times", [1, 2])
def test_real_paragraphs_mojibake(poverty_articles: list[dict], times: int) -> None:
    for paragraph in paragraphs(poverty_articles, 40):
        garbled = mojibake(paragraph, times)
        assert detect_encoding(garbled).encoding == "mojibake"
        assert repair_encoding(garbled) == paragraph


@pytest.mark.shared
def test_real_articles_decode_from_bytes(poverty_articles: list[dict]) -> None:
    for paragraph in paragraphs(poverty_articles, 20, min_chars=300):
        for encoding in ("tcvn3", "vni", "cp1258"):
            text, name = decode_bytes(encode_legacy(paragraph, encoding, errors="replace"))
            assert name == encoding
            assert vietnamese_share(text) > 0.8
        assert decode_bytes(paragraph.encode("utf-16-le")) == (paragraph, "utf-16-le")
