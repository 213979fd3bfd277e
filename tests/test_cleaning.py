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
