"""Tests for vnpoverty.trends: period labels, shares, cluster bootstrap, rank, evidence."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from vnpoverty import trends
from vnpoverty.trends import evidence, periods, rank, shares

LABELS = ["housing", "credit"]


def paragraph_table() -> pd.DataFrame:
    """Six small documents with hand-checkable counts (texts written for this test)."""
    documents = [
        # doc_id, date, granularity, province, [(text, housing, credit, topic), ...]
        (
            "d1",
            "2022-03-10",
            "day",
            "son_la",
            [
                ("Xã hỗ trợ làm nhà cho hộ nghèo.", True, False, "nhà ở"),
                ("Ngân hàng cho hộ nghèo vay vốn.", False, True, "vốn"),
                ("Căn nhà mới được bàn giao.", True, False, "nhà ở"),
            ],
        ),
        (
            "d2",
            "2022-11-05",
            "day",
            "son_la",
            [
                ("Hội nghị tổng kết cuối năm.", False, False, "khác"),
                ("Huyện xóa nhà tạm cho bà con.", True, False, "nhà ở"),
            ],
        ),
        ("d3", "2023-06-01", "month", "ha_giang", [("Vốn vay giúp nuôi bò.", False, True, "vốn")]),
        (
            "d4",
            "2023-01-01",
            "year",
            "ha_giang",
            [
                ("Lớp học nghề mở ở thôn.", False, False, "khác"),
                ("Thanh niên tìm được việc làm.", False, False, "khác"),
            ],
        ),
        ("d5", None, None, "", [("Nhà Đại đoàn kết khánh thành.", True, False, "nhà ở")]),
        ("d6", "2023-02-02", "day", None, [("Hộ cận nghèo được vay ưu đãi.", False, True, "vốn")]),
    ]
    rows = []
    for doc_id, date, granularity, province, paragraphs in documents:
        for index, (text, housing, credit, topic) in enumerate(paragraphs):
            rows.append(
                {
                    "doc_id": doc_id,
                    "para_id": f"{doc_id}:{index}",
                    "text": text,
                    "title": f"Tin {doc_id}",
                    "url": f"https://example.org/{doc_id}",
                    "date": date,
                    "date_granularity": granularity,
                    "doc_province": province,
                    "housing": housing,
                    "credit": credit,
                    "topic": topic,
                    "labels": [
                        name for name, on in zip(LABELS, (housing, credit), strict=True) if on
                    ],
                }
            )
    table = pd.DataFrame(rows)
    table["date"] = pd.to_datetime(table["date"])
    return table


def by_province(table: pd.DataFrame, **kwargs: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return shares(table, LABELS, by="doc_province", **kwargs)


def synthetic(n_documents: int, rate: float, seed: int, paragraphs: int = 4) -> pd.DataFrame:
    """Documents with a per-document propensity, so paragraphs of one document correlate."""
    rng = np.random.default_rng(seed)
    propensity = rng.beta(rate * 4, (1 - rate) * 4, n_documents)
    doc_ids = np.repeat([f"s{seed}-{i}" for i in range(n_documents)], paragraphs)
    flags = rng.random(len(doc_ids)) < np.repeat(propensity, paragraphs)
    return pd.DataFrame({"doc_id": doc_ids, "housing": flags})


# -- periods ---------------------------------------------------------------------------------


def test_period_labels_for_each_frequency() -> None:
    table = paragraph_table()
    assert periods(table, "year").tolist() == [
        "2022", "2022", "2022", "2022", "2022", "2023", "2023", "2023", pd.NA, "2023"
    ]  # fmt: skip
    quarter = periods(table, "quarter")
    month = periods(table, "month")
    assert quarter.iloc[0] == "2022Q1" and quarter.iloc[3] == "2022Q4"
    assert month.iloc[0] == "2022-03" and month.iloc[3] == "2022-11"
    assert quarter.name == "period" and quarter.index.equals(table.index)


def test_periods_follow_date_granularity() -> None:
    table = paragraph_table()
    month_precise = table.index[table["doc_id"] == "d3"]
    year_precise = table.index[table["doc_id"] == "d4"]
    # A month-precise date has a quarter and a month; a year-precise date has neither.
    assert periods(table, "quarter")[month_precise].tolist() == ["2023Q2"]
    assert periods(table, "month")[month_precise].tolist() == ["2023-06"]
    assert periods(table, "year")[year_precise].tolist() == ["2023", "2023"]
    assert periods(table, "quarter")[year_precise].isna().all()
    assert periods(table, "month")[year_precise].isna().all()
    assert periods(table, "year")[table["doc_id"] == "d5"].isna().all()


def test_periods_without_granularity_column_are_day_precise() -> None:
    table = paragraph_table().drop(columns="date_granularity")
    assert periods(table, "month")[table["doc_id"] == "d4"].tolist() == ["2023-01", "2023-01"]


def test_periods_read_date_strings() -> None:
    table = pd.DataFrame({"date": ["2024-07-15", None]})
    assert periods(table, "quarter").tolist() == ["2024Q3", pd.NA]


def test_periods_reject_bad_arguments() -> None:
    table = paragraph_table()
    with pytest.raises(ValueError, match=r"'year', 'quarter', 'month'"):
        periods(table, "week")
    with pytest.raises(KeyError, match="ngay"):
        periods(table, date_column="ngay")
    with pytest.raises(ValueError, match="granularity"):
        periods(table.assign(date_granularity="week"))
    with pytest.raises(ValueError, match="not dates"):
        periods(pd.DataFrame({"date": ["hôm qua", "2024-01-01"]}))


# -- shares: values ----------------------------------------------------------------------------


def test_paragraph_shares_match_hand_counts() -> None:
    result = by_province(paragraph_table(), n_boot=0)
    assert list(result.columns) == [
        "doc_province", "category", "count", "total", "n_documents", "share", "ci_low", "ci_high"
    ]  # fmt: skip
    # Groups sorted, categories in the order given.
    assert result[["doc_province", "category"]].values.tolist() == [
        ["ha_giang", "housing"],
        ["ha_giang", "credit"],
        ["son_la", "housing"],
        ["son_la", "credit"],
    ]
    assert result["count"].tolist() == [0, 1, 3, 1]
    assert result["total"].tolist() == [3, 3, 5, 5]
    assert result["n_documents"].tolist() == [2, 2, 2, 2]
    assert result["share"].tolist() == pytest.approx([0, 1 / 3, 3 / 5, 1 / 5])
    assert result["ci_low"].isna().all() and result["ci_high"].isna().all()


def test_document_shares_count_documents_with_any_such_paragraph() -> None:
    result = by_province(paragraph_table(), unit="document", n_boot=0)
    assert result["count"].tolist() == [0, 1, 2, 1]
    assert result["total"].tolist() == [2, 2, 2, 2]
    assert result["share"].tolist() == pytest.approx([0, 0.5, 1.0, 0.5])
    assert result.attrs["unit"] == "document"


def test_whole_table_is_one_group_without_by() -> None:
    result = shares(paragraph_table(), LABELS, n_boot=0)
    assert list(result["category"]) == LABELS
    assert result["total"].tolist() == [10, 10]
    assert result["count"].tolist() == [4, 3]
    assert "doc_province" not in result.columns


def test_category_column_matches_boolean_columns() -> None:
    table = paragraph_table()
    table["topic"] = np.where(table["housing"], "housing", np.where(table["credit"], "credit", ""))
    from_column = shares(table, "topic", n_boot=0)
    from_flags = shares(table, LABELS, n_boot=0)
    # Distinct values become categories, sorted; the blank value is no category.
    assert from_column["category"].tolist() == ["credit", "housing"]
    merged = from_column.merge(from_flags, on="category", suffixes=("_column", "_flags"))
    assert (merged["count_column"] == merged["count_flags"]).all()
    assert (merged["total_column"] == merged["total_flags"]).all()
    assert from_column.attrs["rows_without_category"] == 3


def test_category_column_with_missing_values_keeps_them_in_the_total() -> None:
    table = paragraph_table()
    table.loc[0, "topic"] = None
    result = shares(table, "topic", n_boot=0)
    assert result["category"].tolist() == ["khác", "nhà ở", "vốn"]
    assert result["total"].unique().tolist() == [10]
    assert result.set_index("category")["count"].to_dict() == {"khác": 3, "nhà ở": 3, "vốn": 3}
    assert result.attrs["rows_without_category"] == 1


def test_list_valued_labels_column_matches_boolean_columns() -> None:
    table = paragraph_table()
    from_lists = shares(table, "labels", n_boot=0).set_index("category")
    from_flags = shares(table, LABELS, n_boot=0).set_index("category")
    assert from_lists.loc[LABELS, "count"].tolist() == from_flags.loc[LABELS, "count"].tolist()


def test_single_boolean_column_name_is_a_one_label_list() -> None:
    table = paragraph_table()
    single = shares(table, "housing", n_boot=0)
    assert single["category"].tolist() == ["housing"]
    assert single["count"].tolist() == [4]


# -- shares: missing grouping values -------------------------------------------------------------


def test_rows_without_a_group_are_counted_and_warned() -> None:
    table = paragraph_table()
    with pytest.warns(UserWarning, match=r"left out 2 of 10 rows") as record:
        result = shares(table, LABELS, by="doc_province", n_boot=0)
    assert len(record) == 1
    assert record[0].filename == __file__  # stacklevel points at the caller
    assert result.attrs["excluded"] == {"no doc_province": 2}
    assert result["total"].sum() == 2 * (10 - 2)


def test_each_excluded_row_counts_once_under_its_first_missing_value() -> None:
    table = paragraph_table()
    with pytest.warns(UserWarning, match="no period: 3, no doc_province: 1"):
        result = shares(table, LABELS, by=["period", "doc_province"], freq="quarter", n_boot=0)
    # d4 is year-precise (no quarter, 2 rows), d5 has no date, d6 has no province.
    assert result.attrs["excluded"] == {"no period": 3, "no doc_province": 1}
    assert sorted(set(result["period"])) == ["2022Q1", "2022Q4", "2023Q2"]
    assert result["total"].sum() == 2 * 6


def test_no_warning_when_nothing_is_excluded() -> None:
    table = paragraph_table()
    table = table[table["doc_province"].fillna("") != ""]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = shares(table, LABELS, by="doc_province", n_boot=10)
    assert result.attrs["excluded"] == {}


def test_a_period_column_of_the_table_is_used_as_it_is() -> None:
    table = paragraph_table().assign(period="toàn kỳ")
    result = shares(table, LABELS, by="period", n_boot=0)
    assert result["period"].unique().tolist() == ["toàn kỳ"]


def test_every_row_excluded_is_an_error() -> None:
    table = paragraph_table().assign(doc_province="")
    with pytest.raises(ValueError, match="no doc_province: 10"):
        shares(table, LABELS, by="doc_province")


# -- shares: bootstrap ---------------------------------------------------------------------------


def test_interval_contains_the_share() -> None:
    table = pd.concat([synthetic(80, 0.3, seed=1), synthetic(80, 0.1, seed=2)])
    table["doc_region"] = np.where(table["doc_id"].str.startswith("s1-"), "tay_bac", "tay_nguyen")
    result = shares(table, ["housing"], by="doc_region", n_boot=400)
    assert (result["ci_low"] <= result["share"]).all()
    assert (result["share"] <= result["ci_high"]).all()
    assert (result["ci_high"] - result["ci_low"] > 0).all()


def test_interval_narrows_with_more_documents() -> None:
    widths = {}
    for n_documents in (20, 500):
        result = shares(synthetic(n_documents, 0.3, seed=7), ["housing"], n_boot=400).iloc[0]
        widths[n_documents] = result["ci_high"] - result["ci_low"]
    assert widths[500] < widths[20] / 2.5


def test_bootstrap_resamples_documents_not_paragraphs() -> None:
    # Same paragraph share (10%) in both groups. In "clustered" one document holds every
    # positive; in "spread" each document holds exactly one. Resampling documents, the spread
    # group's share cannot move while the clustered one swings widely.
    rows = []
    for group in ("clustered", "spread"):
        for doc in range(10):
            for paragraph in range(10):
                positive = doc == 0 if group == "clustered" else paragraph == 0
                rows.append({"doc_id": f"{group}-{doc}", "g": group, "housing": positive})
    result = shares(pd.DataFrame(rows), ["housing"], by="g", n_boot=500).set_index("g")
    assert result["share"].tolist() == pytest.approx([0.1, 0.1])
    assert result.loc["spread", "ci_high"] - result.loc["spread", "ci_low"] == pytest.approx(0)
    assert result.loc["clustered", "ci_high"] - result.loc["clustered", "ci_low"] > 0.15


def test_document_unit_interval() -> None:
    result = shares(synthetic(200, 0.3, seed=3), ["housing"], unit="document", n_boot=300)
    row = result.iloc[0]
    assert row["total"] == 200
    assert row["ci_low"] <= row["share"] <= row["ci_high"]
    assert row["ci_high"] - row["ci_low"] < 0.2


def test_same_seed_same_interval_other_seed_differs() -> None:
    table = synthetic(60, 0.3, seed=4)
    first = shares(table, ["housing"], n_boot=200, seed=11)
    again = shares(table, ["housing"], n_boot=200, seed=11)
    other = shares(table, ["housing"], n_boot=200, seed=12)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first[["ci_low", "ci_high"]], other[["ci_low", "ci_high"]])


def test_a_group_interval_does_not_depend_on_other_groups() -> None:
    table = pd.concat([synthetic(40, 0.3, seed=5), synthetic(40, 0.5, seed=6)])
    table["doc_province"] = np.where(table["doc_id"].str.startswith("s5-"), "son_la", "lai_chau")
    both = shares(table, ["housing"], by="doc_province", n_boot=200).set_index("doc_province")
    alone = shares(
        table[table["doc_province"] == "son_la"], ["housing"], by="doc_province", n_boot=200
    ).set_index("doc_province")
    assert both.loc["son_la", ["ci_low", "ci_high"]].tolist() == pytest.approx(
        alone.loc["son_la", ["ci_low", "ci_high"]].tolist()
    )


def test_chunked_resampling_stays_correct(monkeypatch: pytest.MonkeyPatch) -> None:
    # Force many small chunks: the interval must still bracket the share and be reproducible.
    monkeypatch.setattr(trends, "_MAX_WEIGHT_CELLS", 64)
    table = synthetic(300, 0.2, seed=8)
    first = shares(table, ["housing"], n_boot=103).iloc[0]
    again = shares(table, ["housing"], n_boot=103).iloc[0]
    assert first["ci_low"] < first["share"] < first["ci_high"]
    assert first["ci_low"] == again["ci_low"]


def test_progress_bar_can_be_forced() -> None:
    result = shares(synthetic(10, 0.3, seed=9), ["housing"], n_boot=20, progress=True)
    assert len(result) == 1


# -- shares: errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_boot": -1}, ValueError, "n_boot"),
        ({"ci": 0}, ValueError, "ci must"),
        ({"ci": 1.0}, ValueError, "ci must"),
        ({"ci": 1.5}, ValueError, "ci must"),
        ({"unit": "sentence"}, ValueError, "'paragraph', 'document'"),
        ({"freq": "week"}, ValueError, "freq"),
        ({"by": "tinh"}, KeyError, "tinh"),
        ({"doc_column": "bai"}, KeyError, "bai"),
        ({"seed": -3}, ValueError, "seed"),
    ],
)
def test_shares_rejects_bad_arguments(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        shares(paragraph_table(), LABELS, **kwargs)


def test_shares_rejects_bad_tables_and_columns() -> None:
    table = paragraph_table()
    with pytest.raises(ValueError, match="no rows"):
        shares(table.iloc[:0], LABELS)
    with pytest.raises(TypeError, match="DataFrame"):
        shares(table.to_dict("list"), LABELS)
    with pytest.raises(KeyError, match="education"):
        shares(table, ["housing", "education"])
    with pytest.raises(TypeError, match="not boolean"):
        shares(table, ["housing", "text"])
    with pytest.raises(ValueError, match="missing values"):
        shares(table.assign(credit=pd.array([True, None] * 5, dtype="boolean")), LABELS)
    with pytest.raises(ValueError, match="category"):
        shares(table, LABELS, by="category")


# -- rank ------------------------------------------------------------------------------------


def test_rank_orders_groups_and_names_provinces() -> None:
    table = pd.concat([synthetic(12, 0.6, seed=21), synthetic(8, 0.1, seed=22)])
    table = pd.concat([table, synthetic(2, 0.9, seed=23)])
    table["doc_province"] = (
        table["doc_id"].str[:3].map({"s21": "son_la", "s22": "dien_bien", "s23": "lai_chau"})
    )
    ranked = rank(shares(table, ["housing"], by="doc_province", n_boot=50), "housing")
    assert ranked["doc_province"].tolist() == ["son_la", "dien_bien"]
    assert ranked["name"].tolist() == ["Sơn La", "Điện Biên"]
    assert ranked["rank"].tolist() == [1, 2]
    assert ranked.attrs["dropped_small_groups"] == 1  # lai_chau: 2 documents < 5
    assert ranked.attrs["ranked_by"] == "doc_province"


def test_rank_names_regions_and_keeps_other_keys_as_text() -> None:
    table = pd.concat([synthetic(6, 0.5, seed=31), synthetic(6, 0.2, seed=32)])
    table["g"] = np.where(table["doc_id"].str.startswith("s31-"), "tay_nguyen", "vùng khác")
    ranked = rank(shares(table, ["housing"], by="g", n_boot=0), "housing", by="g")
    assert set(ranked["name"]) == {"Tây Nguyên", "vùng khác"}


def test_rank_errors() -> None:
    table = paragraph_table()
    table.loc[table["doc_id"] == "d2", "date"] = pd.Timestamp("2023-05-05")
    with pytest.warns(UserWarning):
        result = shares(table, LABELS, by=["period", "doc_province"], n_boot=0)
    with pytest.raises(ValueError, match="period"):
        rank(result, "housing", min_documents=0)
    with pytest.raises(KeyError, match="education"):
        rank(result, "education")
    with pytest.raises(KeyError, match="doc_region"):
        rank(result, "housing", by="doc_region")


# -- evidence ----------------------------------------------------------------------------------


def test_evidence_returns_the_paragraphs_behind_a_cell() -> None:
    table = paragraph_table()
    rows = evidence(table, "housing", where={"doc_province": "son_la"})
    assert rows["para_id"].tolist() == ["d1:0", "d1:2", "d2:1"]
    assert list(rows.columns) == [
        "doc_id", "para_id", "date", "doc_province", "title", "url", "text"
    ]  # fmt: skip
    assert rows.attrs["matched"] == 3


def test_evidence_sorts_by_probability_and_limits() -> None:
    table = paragraph_table()
    table["p_housing"] = np.linspace(0.1, 0.9, len(table))
    rows = evidence(table, "housing", n=2)
    assert rows["p_housing"].is_monotonic_decreasing
    assert rows["para_id"].tolist() == ["d5:0", "d2:1"]
    assert rows.attrs["matched"] == 4


def test_evidence_by_period_and_category_value() -> None:
    table = paragraph_table()
    in_2023 = evidence(table, "vốn", of="topic", where={"period": 2023})
    assert in_2023["para_id"].tolist() == ["d3:0", "d6:0"]
    quarter = evidence(table, "vốn", of="topic", where={"period": "2023Q2"}, freq="quarter")
    assert quarter["para_id"].tolist() == ["d3:0"]
    several = evidence(table, "credit", where={"doc_province": ["son_la", "ha_giang"]})
    assert several["para_id"].tolist() == ["d1:1", "d3:0"]


def test_evidence_errors() -> None:
    table = paragraph_table()
    with pytest.raises(KeyError, match="of="):
        evidence(table, "education")
    with pytest.raises(TypeError, match="not boolean"):
        evidence(table, "topic")
    with pytest.raises(KeyError, match="tinh"):
        evidence(table, "housing", where={"tinh": "son_la"})
