"""The Vietnamese stop-word list: its format, its API and what it removes from real news."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from importlib.resources import files

import pytest

from vnpoverty.text.stopwords import STOP_WORDS, load_stop_words

DATA_FILE = files("vnpoverty.text").joinpath("data").joinpath("stopwords_vi.txt")
PART_HEADER = re.compile(r"^#\s*===\s*(\w+)\s*===\s*$")

# Words of the interventions and of poverty itself: a topic model must see every one of them.
INTERVENTION_TOKENS = """
    giảm_nghèo hộ_nghèo nghèo cận_nghèo thoát_nghèo cận thoát giảm hộ nhà nhà_ở đất tạm vốn
    vay vay_vốn tín_dụng ưu_đãi ngân_hàng nhcsxh nghề dạy đào_tạo việc_làm lao_động
    xuất_khẩu y_tế bảo_hiểm bảo_hiểm_y_tế bhyt thẻ trạm khám dinh_dưỡng thông_tin
    truyền_thanh đài tủ_sách điện tiền nước nước_sạch vệ_sinh giáo_dục học học_phí sinh_kế
    sản_xuất giống hạ_tầng đường trợ_cấp gạo quà cao_tuổi khuyết_tật dân_tộc_thiểu_số vùng
    vùng_cao khó_khăn chỉ_đạo lãnh_đạo tuyên_truyền số
""".split()

# Intervention phrases as a writer would type them. After segmentation only the pieces below may
# be removed from them, and never all of a phrase: "nhà ở" -> "nhà", "cho vay" -> "vay".
INTERVENTION_PHRASES = """
giảm nghèo bền vững
hộ nghèo
hộ cận nghèo
thoát nghèo
người nghèo
nhà ở cho hộ nghèo
đất ở
xóa nhà tạm, nhà dột nát
nhà đại đoàn kết
nhà tình nghĩa
đào tạo nghề
dạy nghề
giáo dục nghề nghiệp
giải quyết việc làm
xuất khẩu lao động
tín dụng ưu đãi
cho vay vốn
ngân hàng chính sách xã hội
tổ tiết kiệm và vay vốn
vốn ủy thác
đài truyền thanh cơ sở
tủ sách cộng đồng
giảm nghèo về thông tin
thẻ bảo hiểm y tế
trạm y tế xã
suy dinh dưỡng
miễn học phí
nước sạch
nhà vệ sinh
hỗ trợ sản xuất
con giống
hạ tầng
hỗ trợ tiền điện
trợ cấp xã hội
người cao tuổi
người khuyết tật
vùng sâu vùng xa
""".strip().splitlines()
REMOVABLE_PIECES = {
    *("ở", "cho", "và", "về"),  # prepositions and conjunctions inside a phrase
    *("người", "xã"),  # "người nghèo" keeps "nghèo"; "trạm y tế xã" keeps "trạm", "y_tế"
    "ủy",  # bare "vốn ủy thác" splits; in real sentences underthesea joins "ủy_thác"
}

# The 63 provinces before the July 2025 merger (the 34 after it are among them) and Huế.
PROVINCES = [
    name.strip()
    for name in """
    An Giang, Bà Rịa - Vũng Tàu, Bạc Liêu, Bắc Giang, Bắc Kạn, Bắc Ninh, Bến Tre, Bình Dương,
    Bình Định, Bình Phước, Bình Thuận, Cà Mau, Cao Bằng, Cần Thơ, Đà Nẵng, Đắk Lắk, Đắk Nông,
    Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai, Hà Giang, Hà Nam, Hà Nội, Hà Tĩnh, Hải Dương,
    Hải Phòng, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang, Kon Tum, Lai Châu,
    Lâm Đồng, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình, Ninh Thuận, Phú Thọ,
    Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La,
    Tây Ninh, Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Tiền Giang, Hồ Chí Minh,
    Trà Vinh, Tuyên Quang, Vĩnh Long, Vĩnh Phúc, Yên Bái, Huế
    """.split(",")
]

# Written independently of the data file: the words no topic of any corpus should show.
CORE_FUNCTION_WORDS = set(
    """
    và của các cho có trong được là đã với để về đến những ở một tại nhiều khi này từ cũng
    theo đó trên sẽ vào ra bị thì nhưng mà nên rằng như còn rồi vẫn đang không chưa rất hơn
    nhất sau trước lại phải cần tuy_nhiên đồng_thời ngoài_ra vì_vậy do_đó bên cạnh mỗi mọi
    ông bà anh chị tôi chúng_tôi họ nó việc sự cuộc người ngày năm tháng hai ba triệu tỷ
    đồng qua lên đi làm
    """.split()
)
WORD_TOKEN = re.compile(r"^[^\W\d]+(?:_[^\W\d]+)*$")


def _segment(text: str) -> list[str]:
    """Segment like the pipeline does: case kept for underthesea, lowercased afterwards."""
    from underthesea import word_tokenize

    return word_tokenize(text, format="text").lower().split()


def _file_entries() -> list[tuple[str, str]]:
    """(part, entry) for every entry line of the packaged file, in file order."""
    entries = []
    part = ""
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        header = PART_HEADER.match(line.strip())
        if header:
            part = header.group(1)
        elif line.strip() and not line.startswith("#"):
            entries.append((part, line))
    return entries


# --- the data file ---


def test_the_data_file_ships_inside_the_package() -> None:
    assert DATA_FILE.is_file()


def test_every_entry_is_nfc_lowercase_segmented_and_unique() -> None:
    entries = [entry for _, entry in _file_entries()]
    assert entries, "the stop-word file has no entries"
    for entry in entries:
        assert entry == unicodedata.normalize("NFC", entry), f"{entry!r} is not NFC"
        assert entry == entry.lower(), f"{entry!r} is not lowercase"
        assert not re.search(r"\s", entry), f"{entry!r} has whitespace; join syllables with _"
        assert not entry.startswith("_") and not entry.endswith("_") and "__" not in entry
    duplicates = [entry for entry, count in Counter(entries).items() if count > 1]
    assert duplicates == []


def test_the_file_has_both_parts_and_nothing_outside_them() -> None:
    entries = _file_entries()
    assert {part for part, _ in entries} == {"general", "genre"}
    assert all(part for part, _ in entries)


def _joined_block_entries() -> list[str]:
    """Entries of the file's "joined forms" blocks (compounds underthesea usually splits)."""
    entries, in_block = [], False
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---"):
            in_block = line.startswith("# --- joined forms")
        elif line.startswith("# ==="):
            in_block = False
        elif in_block and line.strip() and not line.startswith("#"):
            entries.append(line.strip())
    return entries


def _splits_into_stop_words(word: str) -> bool:
    """Whether ``word`` is two or more stop words joined by "_"."""
    syllables = word.split("_")
    # covered[i]: the first i syllables are a sequence of stop words
    covered = [True] + [False] * len(syllables)
    for end in range(1, len(syllables) + 1):
        for start in range(end):
            piece = "_".join(syllables[start:end])
            if covered[start] and piece != word and piece in STOP_WORDS:
                covered[end] = True
    return covered[-1]


def test_joined_forms_split_into_stop_words() -> None:
    joined = _joined_block_entries()
    assert {"theo_đó", "phó_chủ_tịch"} <= set(joined)
    for word in joined:
        assert _splits_into_stop_words(word), f"a piece of {word!r} is not a stop word"


def test_stop_words_is_the_whole_file() -> None:
    assert STOP_WORDS == frozenset(entry for _, entry in _file_entries())
    assert STOP_WORDS == load_stop_words()
    assert isinstance(STOP_WORDS, frozenset)


# --- what is and is not a stop word ---


@pytest.mark.parametrize(
    "word",
    "những các được của đã sẽ đang này đó theo_đó tuy_nhiên bên_cạnh theo bên cạnh một hai "
    "triệu mặc_dù có_thể".split(),
)
def test_general_function_words_are_stop_words(word: str) -> None:
    assert word in STOP_WORDS
    assert word in load_stop_words(include_genre=False)


@pytest.mark.parametrize("word", ["đồng_chí", "hội_nghị", "phát_biểu", "chủ_tịch", "cho_biết"])
def test_genre_words_depend_on_include_genre(word: str) -> None:
    assert word in STOP_WORDS
    assert word not in load_stop_words(include_genre=False)


@pytest.mark.parametrize("word", INTERVENTION_TOKENS)
def test_intervention_vocabulary_is_not_a_stop_word(word: str) -> None:
    assert word not in STOP_WORDS


def test_segmented_intervention_phrases_keep_their_content_words() -> None:
    for phrase in INTERVENTION_PHRASES:
        tokens = [token for token in _segment(phrase) if WORD_TOKEN.match(token)]
        removed = {token for token in tokens if token in STOP_WORDS}
        assert removed <= REMOVABLE_PIECES, f"{phrase!r} -> {tokens} loses {removed}"
        assert any(token not in STOP_WORDS for token in tokens), f"{phrase!r} vanishes"


def test_province_names_survive_segmentation_and_stop_word_removal() -> None:
    for province in PROVINCES:
        syllables = set(province.lower().split())
        tokens = _segment(f"Tỉnh {province} có thêm 200 hộ thoát nghèo.")
        province_tokens = [token for token in tokens if set(token.split("_")) & syllables]
        assert province_tokens, f"{province!r} not found in {tokens}"
        assert not set(province_tokens) & STOP_WORDS, f"{province!r} -> {province_tokens}"


# --- extra / exclude ---


def test_extra_adds_normalised_words() -> None:
    decomposed = unicodedata.normalize("NFD", "Năm Nay")
    words = load_stop_words(extra=[decomposed, "  bài viết "])
    assert {"năm_nay", "bài_viết"} <= words
    assert STOP_WORDS < words


def test_exclude_removes_words_after_extra() -> None:
    words = load_stop_words(extra=["năm_nay"], exclude=["Năm nay", "thăm", "không_có_trong_list"])
    assert "năm_nay" not in words
    assert "thăm" not in words
    assert words == STOP_WORDS - {"thăm"}


def test_exclude_and_include_genre_combine() -> None:
    words = load_stop_words(exclude=["của"], include_genre=False)
    assert "của" not in words
    assert "hội_nghị" not in words
    assert "tuy_nhiên" in words


def test_loading_does_not_change_the_default() -> None:
    load_stop_words(extra=["mới_toanh"], exclude=["của"])
    assert "mới_toanh" not in STOP_WORDS
    assert "của" in STOP_WORDS


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"extra": "nghèo"}, TypeError),
        ({"exclude": "của"}, TypeError),
        ({"extra": [1]}, TypeError),
        ({"extra": ["  "]}, ValueError),
        ({"include_genre": "no"}, TypeError),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        load_stop_words(**kwargs)


# --- on real news ---


@pytest.mark.shared
def test_top_tokens_of_poverty_news_are_topical_after_removal(
    poverty_articles: list[dict],
) -> None:
    sample = poverty_articles[::8]  # about 128 articles: a few seconds of segmentation
    counts: Counter[str] = Counter()
    for article in sample:
        text = "\n".join(
            unicodedata.normalize("NFC", article[field])
            for field in ("title", "lede", "body")
            if article.get(field)
        )
        for line in text.splitlines():
            if line.strip():
                counts.update(token for token in _segment(line) if WORD_TOKEN.match(token))

    before = [token for token, _ in counts.most_common(30)]
    assert sum(token in STOP_WORDS for token in before) >= 20, before

    kept = Counter({token: n for token, n in counts.items() if token not in STOP_WORDS})
    top = [token for token, _ in kept.most_common(30)]
    assert {"nghèo", "hộ_nghèo", "giảm_nghèo"} & set(top), top
    assert not set(top) & CORE_FUNCTION_WORDS, top
