"""Page cleaning on the raw seed pages and on real article text."""

from __future__ import annotations

import re

import pytest

from vnpoverty.corpus.cleaning import furniture_reason, is_byline, is_credit, split_page
from vnpoverty.text import normalize

# Kinds of furniture seen on Vietnamese news pages, in our own words where possible.
FURNITURE = [
    "start portlet menu bar",
    "Display portlet menu",
    "Tin tức sự kiện;tintucsukien",
    "BÌNH LUẬN",
    "Bạn còn 300/500 ký tự",
    "Bạn vui lòng nhập từ 10 ký tự trở lên !!!",
    "Đang online: 12",
    "Tổng truy cập: 10523",
    "Đang truy cập45",
    "Hôm nay1,204",
    "Tổng số điểm của bài viết là: 5 trong 1 đánh giá",
    "Click để đánh giá bài viết",
    "LIÊN KẾT WEBSITE",
    "Tin mới",
    "Các tin khác",
    "Những tin cũ hơn",
    "Tin liên quan",
    "Màu chữ Cỡ chữ",
    "In bài",
    "Chia sẻ",
    "Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập.",
]
ARTICLE_TEXT = [
    "Bạn Lan chia sẻ: năm nay gia đình đã được vay vốn để nuôi bò.",
    "Thông tin khác cho rằng con số là 7.000 hộ.",
    "Tỷ lệ người dân truy cập Internet ở các xã vùng cao tăng lên 60%.",
    "Những thành quả",
    "Hỗ trợ xây dựng 120 căn nhà cho hộ nghèo",
    "Chia sẻ kinh nghiệm giảm nghèo ở vùng cao",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_recognised(line: str) -> None:
    assert furniture_reason(normalize(line)) is not None


@pytest.mark.parametrize("line", ARTICLE_TEXT)
def test_article_text_is_not_furniture(line: str) -> None:
    assert furniture_reason(line) is None


def test_bylines_and_credits() -> None:
    assert is_byline("Minh Anh")
    assert is_byline("Hoàng Lan, Văn Bình")
    assert is_byline("PV")
    assert is_byline("Bài, ảnh: Thu Trang")
    assert not is_byline("TẾT ĐẾN XUÂN VỀ")
    assert not is_byline("Những thành quả")
    assert is_credit("baodantoc.vn")
    assert is_credit("(Theo TTXVN)")
    assert not is_credit("Hỗ trợ hộ nghèo.")


def _seed(seed_paths, number: int):
    return split_page(normalize(seed_paths[number].read_text(encoding="utf-8")))


def test_seed_titles_bylines_and_credits(seed_paths) -> None:
    expected = {
        0: ("Đình Bổng, Thu Hà, Nguyễn Hà", None),
        1: ("Ngọc Thuấn", None),
        2: ("Quỳnh Nga", None),
        3: (None, "daidoanket.vn"),
        4: ("QT", None),
    }
    for number, (byline, credit) in expected.items():
        parts = _seed(seed_paths, number)
        assert parts.title and len(parts.title.split()) >= 6, number
        assert (parts.byline, parts.credit) == (byline, credit), number


def test_seed_stamps_become_metadata(seed_paths) -> None:
    assert _seed(seed_paths, 3).stamps == ["06/04/2023 14:21"]
    assert _seed(seed_paths, 4).stamps == ["Thứ hai - 30/08/2021 00:44"]


def test_seed_teasers_are_split_off(seed_paths) -> None:
    # Seeds 000 and 002 end with ten related-article teasers each: headline + one-line lede.
    for number in (0, 2):
        parts = _seed(seed_paths, number)
        assert len(parts.teasers) == 10, number
        assert all(lede is not None for _, lede in parts.teasers)
        body = "\n".join(parts.body)
        assert not any(headline in body for headline, _ in parts.teasers)
    for number in (1, 3, 4):
        assert _seed(seed_paths, number).teasers == []


def test_no_furniture_survives_in_seed_bodies(seed_paths) -> None:
    widget = re.compile(
        r"portlet|ký tự|truy cập|online|đánh giá bài viết|LIÊN KẾT|Tin mới|tin khác|"
        r"Cỡ chữ|Thời gian chờ|Thăm dò|tin cũ hơn|tin mới hơn|Ý kiến bạn đọc|BÌNH LUẬN"
    )
    for number in range(5):
        parts = _seed(seed_paths, number)
        kept = [parts.title, *parts.header, *parts.body, *parts.captions]
        kept += [text for teaser in parts.teasers for text in teaser if text]
        assert not [line for line in kept if line and widget.search(line)], number
        assert not [line for line in kept if line and ";" in line and line.split(";")[-1].isascii()]


def test_duplicated_captions_are_kept_once(seed_paths) -> None:
    parts = _seed(seed_paths, 3)
    assert len(parts.captions) == 4
    assert all(caption not in parts.body for caption in parts.captions)


def test_real_article_lines_are_not_removed(background_articles, poverty_articles) -> None:
    """Measured in benchmarks/bench_ingest.py; here: under 0.1% of lines, no article gutted."""
    total = removed = 0
    for article in background_articles + poverty_articles:
        body = normalize(article["body"])
        lines = [line for line in body.split("\n") if line.strip()]
        parts = split_page(body, title=article["title"])
        kept = sum(1 for line in parts.body if line) + len(parts.captions)
        assert kept >= 0.5 * len(lines), article["id"]
        total += len(lines)
        removed += sum(1 for _, reason in parts.dropped if reason != "related-marker")
    assert removed / total < 0.001


# --- photo credits, captions with credits, bylines with credits, the lede -----------------
# Our own example page: menu, title, stamp, four paragraphs, furniture and two teasers.

LEDE = (
    "Năm 2024, huyện Mường Tè (tỉnh Lai Châu) hỗ trợ 210 hộ nghèo xây mới và sửa chữa nhà ở "
    "từ nguồn vốn chương trình mục tiêu quốc gia."
)
PARAGRAPHS = [
    "Mỗi hộ xây mới được hỗ trợ 44 triệu đồng, hộ sửa chữa được hỗ trợ 22 triệu đồng; bà con "
    "góp thêm ngày công và vật liệu tại chỗ.",
    "Ông Lò Văn Pấng ở bản Nậm Củm cho biết gia đình đã chuyển vào nhà mới trước mùa mưa, "
    "không còn lo dột nát như mọi năm.",
    "Huyện đặt mục tiêu đến cuối năm 2025 không còn hộ nghèo phải ở nhà tạm trên địa bàn.",
]
CAPTION = "Cán bộ xã kiểm tra tiến độ xây nhà cho hộ nghèo ở bản Nậm Củm."
BYLINE = "Vàng Văn Sử"
CREDIT = "Ảnh: Lò Thị Hoa"
TEASERS = [
    (
        "Lai Châu trao bò giống cho hộ nghèo vùng biên",
        "Hơn 300 hộ nghèo ở các xã biên giới được nhận bò giống sinh sản trong năm nay.",
    ),
    (
        "Phong Thổ mở lớp dạy nghề may cho phụ nữ dân tộc Dao",
        "Các học viên được hỗ trợ tiền ăn và giới thiệu việc làm sau khóa học.",
    ),
]


def _own_page(middle: list[str], ending: list[str]) -> str:
    """A raw page: each item of ``middle`` and ``ending`` is a paragraph (may hold '\\n')."""
    head = "Trang chủ\nXã hội\nGiảm nghèo\nKinh tế\n\nMường Tè xóa nhà tạm cho hộ nghèo"
    furniture = "Chia sẻ\n\nBÌNH LUẬN\n\nBạn còn 500/500 ký tự\n\nTin liên quan"
    teasers = "\n\n".join(f"{headline}\n{lede}" for headline, lede in TEASERS)
    stamp = "Thứ Hai, 14/10/2024 - 09:15"
    return "\n\n".join([head, stamp, LEDE, *middle, *ending, furniture, teasers])


def _body_text(parts) -> str:
    return "\n".join(parts.body)


def test_photo_credit_after_a_repeated_caption_is_metadata() -> None:
    middle = [PARAGRAPHS[0], f"{CAPTION}\n{CAPTION}\n{CREDIT}", *PARAGRAPHS[1:]]
    parts = split_page(_own_page(middle, [BYLINE]))
    assert parts.credit == CREDIT
    assert parts.byline == BYLINE
    assert parts.captions == [CAPTION]
    assert "Ảnh" not in _body_text(parts)
    assert all(paragraph in parts.body for paragraph in PARAGRAPHS)
    assert [headline for headline, _ in parts.teasers] == [h for h, _ in TEASERS]


@pytest.mark.parametrize(
    "line",
    [
        f"{CAPTION} {CREDIT}",
        f"{CAPTION} ({CREDIT})",
        f"{CAPTION[:-1]} - {CREDIT}",
        f"{CAPTION} (ảnh: Lò Thị Hoa).",
    ],
    ids=["after-full-stop", "in-parentheses", "after-dash", "lowercase-parentheses"],
)
def test_caption_ending_with_a_credit_is_a_caption(line: str) -> None:
    middle = [PARAGRAPHS[0], line, *PARAGRAPHS[1:]]
    parts = split_page(_own_page(middle, [BYLINE]))
    assert parts.captions == [CAPTION.rstrip(".") if " - " in line else CAPTION]
    assert parts.credit in {CREDIT, "ảnh: Lò Thị Hoa"}
    assert "Ảnh" not in _body_text(parts) and "ảnh:" not in _body_text(parts)
    assert parts.byline == BYLINE


def test_caption_with_credit_after_the_byline() -> None:
    parts = split_page(_own_page(PARAGRAPHS, [BYLINE, f"{CAPTION} ({CREDIT})"]))
    assert (parts.byline, parts.credit, parts.captions) == (BYLINE, CREDIT, [CAPTION])
    assert BYLINE not in parts.body and len(parts.teasers) == 2


@pytest.mark.parametrize(
    "ending",
    [
        [f"{BYLINE}\n{CREDIT}"],
        [f"{CREDIT}\n{BYLINE}"],
        [BYLINE, CREDIT],
        [CREDIT, BYLINE],
        [f"{BYLINE}\nẢnh: L.T.H."],
    ],
    ids=["byline-credit", "credit-byline", "apart", "apart-reversed", "initials"],
)
def test_byline_and_credit_at_the_end_in_either_order(ending: list[str]) -> None:
    parts = split_page(_own_page(PARAGRAPHS, ending))
    assert parts.byline == BYLINE
    assert parts.credit in {CREDIT, "Ảnh: L.T.H."}
    assert parts.body[-1] == PARAGRAPHS[-1]
    assert len(parts.teasers) == 2


def test_sentences_that_look_like_credits_stay_in_the_body() -> None:
    # "Theo ..." starts sentences too; "Ảnh: <description>" is a caption, not a name.
    plan = "Theo kế hoạch, các căn nhà còn lại sẽ hoàn thành trước Tết."
    described = "Ảnh: người dân bản Nậm Củm nhận nhà mới"
    parts = split_page(_own_page([*PARAGRAPHS, described, plan], [BYLINE]))
    assert plan in parts.body and described in parts.body
    assert (parts.byline, parts.credit) == (BYLINE, None)


def test_first_paragraph_of_a_raw_page_is_the_lede(tmp_path) -> None:
    from vnpoverty.corpus import load_corpus

    page = _own_page(PARAGRAPHS, [BYLINE, f"{CAPTION} ({CREDIT})"])
    parts = split_page(page)
    assert parts.lede == LEDE and LEDE not in parts.body
    (tmp_path / "own.txt").write_text(page, encoding="utf-8")
    table = load_corpus(tmp_path)
    article = table[table["kind"] != "teaser"]
    assert article["kind"].tolist() == ["title", "lede", "body", "body", "body", "caption"]
    assert article["para_index"].tolist() == list(range(6))
    assert article["text"].iloc[1] == LEDE
    assert (article["byline"].iloc[0], article["photo_credit"].iloc[0]) == (BYLINE, CREDIT)
    assert (table["kind"] == "teaser").sum() == 2


@pytest.mark.parametrize(
    "first",
    [
        "Huyện triển khai ba nhóm giải pháp hỗ trợ hộ nghèo về nhà ở như sau:",  # a list follows
        "Hỗ trợ nhà ở cho hộ nghèo",  # a heading
        "Năm nay huyện hỗ trợ 210 hộ nghèo.\nMỗi hộ được hỗ trợ 44 triệu đồng.",  # one block
    ],
    ids=["introduces-a-list", "heading", "sentence-per-line"],
)
def test_no_lede_when_the_first_paragraph_is_not_one(first: str) -> None:
    page = _own_page(PARAGRAPHS, [BYLINE]).replace(LEDE, first)
    parts = split_page(page)
    assert parts.lede is None
    assert parts.body[0] == first.split("\n")[0]


def test_no_lede_when_the_title_is_known() -> None:
    # Table input (JSONL, CSV) has its own lede field; the body starts with the body.
    body = "\n\n".join([LEDE, *PARAGRAPHS])
    parts = split_page(body, title="Mường Tè xóa nhà tạm cho hộ nghèo")
    assert parts.lede is None and parts.body[0] == LEDE


def test_seed_ledes(seed_paths) -> None:
    for number in range(4):
        parts = _seed(seed_paths, number)
        assert parts.lede and parts.lede not in parts.body, number
    # Seed 004 opens with a paragraph that ends in ":" and introduces a numbered list.
    assert _seed(seed_paths, 4).lede is None
