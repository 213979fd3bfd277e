"""load_corpus end to end: seeds, the shared corpus, every input format, bad input, Parquet."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from vnpoverty.corpus import PARAGRAPH_COLUMNS, load, load_corpus, read_documents, save, summarize

# Our own short articles, for format tests that must not depend on ../shared.
OWN_ARTICLES = [
    {
        "id": "own-1",
        "title": "Sơn La hỗ trợ xây mới 300 căn nhà cho hộ nghèo",
        "sapo": "Năm 2024, tỉnh Sơn La dành hơn 15 tỷ đồng để xóa nhà tạm cho hộ nghèo.",
        "content": (
            "Theo Sở Lao động - Thương binh và Xã hội, các huyện Mộc Châu và Thuận Châu có số "
            "nhà được hỗ trợ nhiều nhất. Mỗi hộ được hỗ trợ 50 triệu đồng.\n\n"
            "Ngân hàng Chính sách xã hội cũng cho các hộ vay thêm vốn ưu đãi để hoàn thiện nhà."
        ),
        "published": "2024-05-12T08:30:00+07:00",
        "link": "https://example.org/son-la-nha-o",
    },
    {
        "id": "own-2",
        "title": "Đào tạo nghề cho lao động nông thôn ở Cà Mau",
        "sapo": None,
        "content": "Trong quý III/2024, tỉnh mở 40 lớp dạy nghề cho hơn 1.000 lao động nông thôn.",
        "published": None,
        "link": None,
    },
]
COLUMNS = {"body": "content", "lede": "sapo", "date": "published", "url": "link"}


def test_columns_and_types(tmp_path) -> None:
    path = tmp_path / "own.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in OWN_ARTICLES))
    table = load_corpus(path, columns=COLUMNS)
    assert list(table.columns) == PARAGRAPH_COLUMNS
    assert table["para_id"].is_unique
    first = table[table["doc_id"] == "own-1"]
    assert first["kind"].tolist()[:2] == ["title", "lede"]
    assert first["date"].iloc[0] == pd.Timestamp("2024-05-12")
    assert first["date_source"].iloc[0] == "field"
    assert first["doc_province"].iloc[0] == "son_la"
    assert first["url"].iloc[0] == "https://example.org/son-la-nha-o"
    second = table[table["doc_id"] == "own-2"]
    assert second["doc_province"].iloc[0] == "ca_mau"
    assert second["date_source"].iloc[0] in {"text", "none"}


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".csv", ".parquet", ".json"])
def test_every_table_format_reads_the_same(tmp_path, suffix: str) -> None:
    frame = pd.DataFrame(OWN_ARTICLES)
    path = tmp_path / f"own{suffix}"
    if suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    elif suffix == ".jsonl.gz":
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(frame.to_json(orient="records", lines=True, force_ascii=False))
    elif suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(path)
    else:
        path.write_text(json.dumps(OWN_ARTICLES, ensure_ascii=False))
    table = load_corpus(path, columns=COLUMNS)
    assert sorted(table["doc_id"].unique()) == ["own-1", "own-2"]
    assert (table["kind"] == "body").sum() >= 3


def test_a_dataframe_is_accepted() -> None:
    frame = pd.DataFrame(OWN_ARTICLES).rename(columns={"content": "body", "sapo": "lede"})
    table = load_corpus(frame[["title", "lede", "body"]])
    assert table["doc_id"].nunique() == 2


def test_html_pages_are_extracted(tmp_path) -> None:
    paragraphs = "".join(
        f"<p>Đoạn {i}: huyện đã hỗ trợ {i * 10} hộ nghèo vay vốn ưu đãi để phát triển chăn nuôi, "
        "góp phần giảm nghèo bền vững trên địa bàn tỉnh Điện Biên.</p>"
        for i in range(1, 6)
    )
    html = (
        "<html><head><title>Điện Biên cho hộ nghèo vay vốn</title>"
        '<meta property="article:published_time" content="2022-10-03"></head><body>'
        "<nav><ul><li>Trang chủ</li><li>Thời sự</li><li>Xã hội</li></ul></nav>"
        f"<article><h1>Điện Biên cho hộ nghèo vay vốn</h1>{paragraphs}</article>"
        "<footer>Bản quyền thuộc Báo Ví Dụ. Ghi rõ nguồn khi phát hành lại.</footer>"
        "</body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    table = load_corpus(tmp_path)
    body = table[table["kind"] == "body"]["text"].tolist()
    assert len(body) == 5
    assert not any("Trang chủ" in text or "Bản quyền" in text for text in table["text"])
    assert table["doc_province"].iloc[0] == "dien_bien"
    assert table["date"].iloc[0] == pd.Timestamp("2022-10-03")


def test_legacy_encoded_page_is_repaired(tmp_path) -> None:
    from vnpoverty.text.encoding import encode_legacy

    page = (
        "Hỗ trợ hộ nghèo ở Hà Giang\n\n"
        "Năm nay, tỉnh đã hỗ trợ xây dựng 500 căn nhà cho hộ nghèo và hộ cận nghèo.\n\n"
        "Mỗi căn nhà được hỗ trợ 40 triệu đồng từ ngân sách và các nguồn vận động."
    )
    for encoding in ("tcvn3", "vni", "viscii"):
        (tmp_path / f"{encoding}.txt").write_bytes(encode_legacy(page, encoding))
    table = load_corpus(tmp_path)
    for encoding in ("tcvn3", "vni", "viscii"):
        rows = table[table["doc_id"] == encoding]
        assert rows["text"].iloc[0] == "Hỗ trợ hộ nghèo ở Hà Giang", encoding
        assert rows["doc_province"].iloc[0] == "ha_giang", encoding


def test_bad_input_gives_clear_errors(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        load_corpus(tmp_path / "missing")
    (tmp_path / "notes.docx").write_text("x")
    with pytest.raises(ValueError, match="unsupported file type"):
        load_corpus(tmp_path / "notes.docx")
    with pytest.raises(ValueError, match="no article files"):
        load_corpus(tmp_path / "empty" if (tmp_path / "empty").mkdir() is None else tmp_path)
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "odd.csv", index=False)
    with pytest.raises(ValueError, match="neither a body nor a title"):
        load_corpus(tmp_path / "odd.csv")
    with pytest.raises(ValueError, match="not found"):
        load_corpus(tmp_path / "odd.csv", columns={"body": "noidung"})


def test_empty_and_missing_text_is_reported_not_fatal() -> None:
    frame = pd.DataFrame(
        {"title": [None, "Hỗ trợ người nghèo ăn Tết", ""], "body": [None, None, "   "]}
    )
    table = load_corpus(frame)
    assert table["doc_id"].tolist() == ["doc1"]
    assert summarize(table).documents_without_text == 2


def test_duplicate_ids_are_made_unique(tmp_path) -> None:
    frame = pd.DataFrame(OWN_ARTICLES)
    frame["id"] = "same"
    frame.to_csv(tmp_path / "dupes.csv", index=False)
    documents = read_documents(tmp_path / "dupes.csv", columns=COLUMNS)
    assert documents["doc_id"].is_unique


def test_parquet_round_trip_is_atomic(tmp_path) -> None:
    frame = pd.DataFrame(OWN_ARTICLES).rename(columns={"content": "body", "sapo": "lede"})
    table = load_corpus(frame)
    target = save(table, tmp_path / "out" / "paragraphs.parquet")
    assert sorted(p.name for p in target.parent.iterdir()) == ["paragraphs.parquet"]
    restored = load(target)
    pd.testing.assert_frame_equal(restored, table, check_dtype=False)
    assert summarize(restored) == summarize(table)
    with pytest.raises(ValueError, match="not a vnpoverty paragraph table"):
        pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "other.parquet")
        load(tmp_path / "other.parquet")


# --- the real raw pages in ../shared/seeds ---------------------------------------------


@pytest.fixture(scope="module")
def seed_table(shared_dir) -> pd.DataFrame:
    return load_corpus(shared_dir / "seeds")


def test_seed_documents_and_teasers(seed_table: pd.DataFrame) -> None:
    summary = summarize(seed_table)
    assert summary.documents == 5
    assert summary.teasers == 20
    teasers = seed_table[seed_table["kind"] == "teaser"]
    assert teasers["parent_doc_id"].str[:3].value_counts().to_dict() == {"000": 10, "002": 10}
    assert teasers["doc_id"].is_unique
    assert (
        not teasers["doc_id"].isin(seed_table.loc[seed_table["kind"] != "teaser", "doc_id"]).any()
    )


def _doc(table: pd.DataFrame, prefix: str) -> pd.Series:
    rows = table[table["doc_id"].str.startswith(prefix) & (table["kind"] != "teaser")]
    return rows.iloc[0]


@pytest.mark.parametrize(
    ("prefix", "old", "new"),
    [
        ("000", "bac_lieu", "ca_mau"),
        ("001", "son_la", "son_la"),
        ("002", "bac_kan", "thai_nguyen"),
        ("003", "can_tho", "can_tho"),
        ("004", "tien_giang", "dong_thap"),
    ],
)
def test_seed_provinces(seed_table: pd.DataFrame, prefix: str, old: str, new: str) -> None:
    document = _doc(seed_table, prefix)
    assert (document["doc_province"], document["doc_province_new"]) == (old, new)


def test_seed_003_also_reports_ba_ria_vung_tau(seed_table: pd.DataFrame) -> None:
    rows = seed_table[seed_table["doc_id"].str.startswith("003")]
    mentioned = {key for keys in rows["provinces"] for key in keys}
    assert "ba_ria_vung_tau" in mentioned


@pytest.mark.parametrize(
    ("prefix", "date", "source", "granularity"),
    [
        ("003", "2023-04-06", "stamp", "day"),
        ("004", "2021-08-30", "stamp", "day"),
        ("002", "2023-08-23", "text", "day"),
    ],
)
def test_seed_dates(seed_table, prefix, date, source, granularity) -> None:
    document = _doc(seed_table, prefix)
    assert document["date"] == pd.Timestamp(date)
    assert (document["date_source"], document["date_granularity"]) == (source, granularity)


def test_teasers_have_their_own_province(seed_table: pd.DataFrame) -> None:
    teasers = seed_table[seed_table["kind"] == "teaser"].set_index("title")
    nghe_an = [title for title in teasers.index if "Nghệ An" in title]
    assert nghe_an and teasers.loc[nghe_an[0], "doc_province"] == "nghe_an"


# --- the shared corpus --------------------------------------------------------------------


@pytest.mark.slow
def test_no_article_loses_its_body(shared_dir) -> None:
    path = shared_dir / "corpus" / "poverty_articles.jsonl"
    table = load_corpus(path)
    articles = [json.loads(line) for line in path.open(encoding="utf-8")]
    assert table.loc[table["kind"] != "teaser", "doc_id"].nunique() == len(articles)
    body_chars = (
        table[table["kind"].isin(["body", "heading", "caption"])].groupby("doc_id")["n_chars"].sum()
    )
    for article in articles:
        original = len(" ".join(article["body"].split()))
        kept = body_chars.get(article["id"], 0)
        assert kept >= 0.85 * original, article["id"]
    assert table.groupby("doc_id")["para_id"].apply(lambda ids: ids.is_unique).all()
