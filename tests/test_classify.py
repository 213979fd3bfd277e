"""Intervention classifier: taxonomy, estimators, annotations, evaluation, persistence."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from vnpoverty.classify import (
    InterventionClassifier,
    KeywordClassifier,
    ModelLoadError,
    build_pipeline,
    load_classifier,
    load_taxonomy,
)
from vnpoverty.classify.annotations import agreement, label_matrix, read_annotations, resolve_units
from vnpoverty.classify.evaluation import grouped_folds, tune_thresholds
from vnpoverty.corpus.ingest import text_hash

SMALL_TAXONOMY = """
version: 1
labels:
  - name: housing
    core: true
    cues: [nhà ở, xây nhà, căn nhà]
  - name: credit
    core: true
    cues: [vay vốn, cho vay]
  - name: health
    core: true
    cues: [bảo hiểm y tế, khám bệnh]
"""
PROVINCES = [
    "Sơn La",
    "Lai Châu",
    "Hà Giang",
    "Cà Mau",
    "Gia Lai",
    "Nghệ An",
    "Điện Biên",
    "Kon Tum",
    "Bạc Liêu",
    "Yên Bái",
]
TEMPLATES = {
    "housing": "Năm {y}, tỉnh {p} hỗ trợ xây mới {n} căn nhà cho hộ nghèo khó khăn về nhà ở.",
    "credit": "Ngân hàng Chính sách xã hội {p} cho {n} hộ nghèo vay vốn ưu đãi trong năm {y}.",
    "health": "Tỉnh {p} cấp {n} thẻ bảo hiểm y tế miễn phí cho người nghèo trong năm {y}.",
    None: "Hội nghị tổng kết công tác năm {y} của tỉnh {p} diễn ra sáng nay với {n} đại biểu.",
}


def small_units() -> pd.DataFrame:
    rows = []
    for label, template in TEMPLATES.items():
        for i, province in enumerate(PROVINCES * 2):
            text = template.format(p=province, n=100 + 7 * i, y=2016 + i % 9)
            rows.append(
                {
                    "unit_id": f"{label}-{i}",
                    "text": text,
                    "labels": [label] if label else [],
                    "group": f"{label}-{i}",
                    "origin": "user",
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def taxonomy_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("taxonomy") / "small.yaml"
    path.write_text(SMALL_TAXONOMY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_model(taxonomy_path) -> InterventionClassifier:
    units = small_units()
    names = load_taxonomy(taxonomy_path).names
    estimator = build_pipeline("tfidf_syllable").fit(
        units["text"].tolist(), label_matrix(units["labels"], names)
    )
    return InterventionClassifier(estimator, names, [0.5] * len(names), metadata={"name": "small"})


# --- taxonomy --------------------------------------------------------------------------------


def test_project_taxonomy() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.core == ["housing", "vocational_training", "credit", "information", "health"]
    assert len(taxonomy) == 10
    assert all(label.cues for label in taxonomy.labels)
    assert taxonomy["credit"].vietnamese == "tín dụng ưu đãi"


def test_custom_taxonomy_and_errors(tmp_path, taxonomy_path) -> None:
    assert load_taxonomy(taxonomy_path).names == ["housing", "credit", "health"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("labels:\n  - name: Nhà Ở\n", encoding="utf-8")
    with pytest.raises(ValueError, match="snake_case"):
        load_taxonomy(bad)
    bad.write_text("labels: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="non-empty"):
        load_taxonomy(bad)
    bad.write_text("labels:\n  - name: a\n  - name: a\n", encoding="utf-8")
    with pytest.raises(ValueError, match="repeat"):
        load_taxonomy(bad)


# --- estimators ------------------------------------------------------------------------------


def test_keyword_baseline_follows_the_cues(taxonomy_path) -> None:
    model = KeywordClassifier(taxonomy_path=taxonomy_path).fit(["x"])
    predicted = model.predict(["Tỉnh cho hộ nghèo VAY VỐN", "Thời tiết hôm nay đẹp", ""])
    assert predicted.tolist() == [[0, 1, 0], [0, 0, 0], [0, 0, 0]]


@pytest.mark.parametrize(
    "estimator",
    [KeywordClassifier(), build_pipeline("tfidf_syllable")],
    ids=["keywords", "tfidf_syllable"],
)
def test_estimator_contract(estimator) -> None:
    copy = clone(estimator)
    assert copy.get_params().keys() == estimator.get_params().keys()
    units = small_units()
    names = ["housing", "credit", "health"]
    Y = label_matrix(units["labels"], names)
    if isinstance(estimator, KeywordClassifier):
        copy.set_params(taxonomy_path=None)
        Y = np.zeros((len(units), 10), dtype=int)
    assert copy.fit(units["text"].tolist(), Y) is copy
    restored = pickle.loads(pickle.dumps(copy))
    texts = units["text"].tolist()[:5]
    np.testing.assert_allclose(restored.predict_proba(texts), copy.predict_proba(texts))


def test_unknown_approach() -> None:
    with pytest.raises(ValueError, match="unknown approach"):
        build_pipeline("bert")


# --- annotations -----------------------------------------------------------------------------


def test_read_user_annotations(tmp_path) -> None:
    csv = tmp_path / "labels.csv"
    pd.DataFrame(
        {
            "text": ["Cho hộ nghèo vay vốn", "Xây nhà cho hộ nghèo", "Trời mưa"],
            "labels": ["credit", '["housing"]', ""],
        }
    ).to_csv(csv, index=False)
    units = read_annotations(csv)
    assert units["labels"].tolist() == [["credit"], ["housing"], []]
    jsonl = tmp_path / "labels.jsonl"
    jsonl.write_text(json.dumps({"noi_dung": "Vay vốn", "nhan": ["credit"]}, ensure_ascii=False))
    with pytest.raises(ValueError, match="missing column"):
        read_annotations(jsonl)
    assert read_annotations(jsonl, text_column="noi_dung", labels_column="nhan")["labels"][0] == [
        "credit"
    ]


def test_resolve_units_checks_the_hash() -> None:
    corpus = pd.DataFrame(
        {
            "para_id": ["a:1", "a:2", "b~teaser1:0"],
            "text": ["Vay vốn ưu đãi", "Xây nhà", "Khám bệnh miễn phí"],
        }
    )
    stored = pd.DataFrame(
        {
            "unit_id": ["a:1", "a:2", "b~teaser1:0", "gone:3"],
            "text_hash": [
                text_hash("Vay vốn ưu đãi"),
                "0" * 16,
                text_hash("Khám bệnh miễn phí"),
                "x",
            ],
            "labels": [["credit"], ["housing"], ["health"], []],
        }
    )
    units, unresolved = resolve_units(stored, corpus)
    assert units["unit_id"].tolist() == ["a:1", "b~teaser1:0"]
    assert units["group"].tolist() == ["a", "b"]
    assert sorted(unresolved["unit_id"]) == ["a:2", "gone:3"]


def test_units_whose_text_moved_within_their_document_are_found() -> None:
    # A cleaning fix removed a credit line, so every later paragraph moved up by one.
    corpus = pd.DataFrame(
        {"para_id": ["d:1", "d:2", "e:1"], "text": ["Cho vay vốn", "Xây nhà", "Xây nhà"]}
    )
    stored = pd.DataFrame(
        {
            "unit_id": ["d:2", "d:3"],
            "text_hash": [text_hash("Cho vay vốn"), text_hash("Xây nhà")],
            "labels": [["credit"], ["housing"]],
        }
    )
    units, unresolved = resolve_units(stored, corpus)
    assert units["unit_id"].tolist() == ["d:1", "d:2"]
    assert units["labels"].tolist() == [["credit"], ["housing"]]
    assert unresolved.empty


def test_label_matrix_and_agreement() -> None:
    with pytest.raises(ValueError, match="not in the taxonomy"):
        label_matrix([["housing", "roads"]], ["housing"])
    table = agreement([["credit"], [], ["credit"]], [["credit"], [], []], ["credit", "health"])
    assert table.set_index("label").loc["health", "kappa"] == 1.0
    assert table.set_index("label").loc["credit", "both"] == 1


# --- evaluation ------------------------------------------------------------------------------


def test_folds_keep_documents_whole() -> None:
    rng = np.random.default_rng(0)
    groups = np.repeat([f"doc{i}" for i in range(40)], 3)
    Y = rng.integers(0, 2, size=(len(groups), 4))
    for train, test in grouped_folds(groups, Y, n_splits=5):
        assert not set(groups[train]) & set(groups[test])


def test_thresholds_maximise_f1() -> None:
    Y = np.array([[1], [1], [0], [0]])
    P = np.array([[0.9], [0.3], [0.2], [0.1]])
    assert 0.2 < tune_thresholds(Y, P)[0] <= 0.3


# --- the classifier object and its folder ----------------------------------------------------


def test_predict_tag_and_bad_input(small_model) -> None:
    texts = pd.Series(
        [
            "Tỉnh Hà Giang hỗ trợ xây mới 300 căn nhà cho hộ nghèo khó khăn về nhà ở.",
            None,
            "",
            "The weather in London is nice today and tomorrow.",
            "&&&###",
        ],
        index=[10, 11, 12, 13, 14],
    )
    probabilities = small_model.predict_proba(texts)
    assert list(probabilities.index) == [10, 11, 12, 13, 14]
    assert small_model.predict(texts) == [["housing"], [], [], [], []]
    tagged = small_model.tag(pd.DataFrame({"text": texts}), probabilities=True)
    assert tagged["housing"].tolist() == [True, False, False, False, False]
    assert {"labels", "p_housing"} <= set(tagged.columns)
    with pytest.raises(KeyError, match="no column"):
        small_model.tag(pd.DataFrame({"body": ["x"]}))


def test_batches_and_workers_give_the_same_answer(small_model) -> None:
    texts = small_units()["text"].tolist()
    expected = small_model.predict_proba(texts)
    pd.testing.assert_frame_equal(small_model.predict_proba(texts, batch_size=7), expected)
    pd.testing.assert_frame_equal(
        small_model.predict_proba(texts, batch_size=20, n_jobs=2, progress=False), expected
    )


def test_save_load_round_trip(tmp_path, small_model) -> None:
    texts = small_units()["text"].tolist()
    folder = small_model.save(tmp_path / "model")
    assert sorted(p.name for p in folder.iterdir()) == [
        "MODEL_CARD.md",
        "metadata.json",
        "model.joblib",
    ]
    loaded = load_classifier(folder)
    pd.testing.assert_frame_equal(loaded.predict_proba(texts), small_model.predict_proba(texts))
    small_model.save(folder)  # overwriting leaves no staging folders behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_corrupt_or_tampered_models_are_refused(tmp_path, small_model) -> None:
    folder = small_model.save(tmp_path / "model")
    payload = folder / "model.joblib"
    payload.write_bytes(payload.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelLoadError, match="SHA-256"):
        load_classifier(folder)
    with pytest.raises(ModelLoadError, match="not a vnpoverty model"):
        load_classifier(tmp_path)


def test_library_versions_are_checked(tmp_path, small_model) -> None:
    folder = small_model.save(tmp_path / "model")
    metadata = json.loads((folder / "metadata.json").read_text())
    metadata["libraries"]["scikit-learn"] = "0.1.0"
    (folder / "metadata.json").write_text(json.dumps(metadata))
    with pytest.raises(ModelLoadError, match=r"scikit-learn 0\.1\.0"):
        load_classifier(folder)
    assert load_classifier(folder, check_versions=False).labels == small_model.labels


# --- the shipped model -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load_classifier()


def test_shipped_model_loads(shipped) -> None:
    assert shipped.labels == load_taxonomy().names
    assert shipped.metadata["payload_sha256"]


def test_shipped_model_on_our_own_paragraphs(shipped) -> None:
    texts = [
        "Năm 2024, huyện đã hỗ trợ xây mới 85 căn nhà Đại đoàn kết cho hộ nghèo, "
        "mỗi căn 50 triệu đồng.",
        "Ngân hàng Chính sách xã hội huyện đã giải ngân 40 tỷ đồng cho hơn 1.000 hộ nghèo "
        "vay vốn ưu đãi.",
        "Sở Y tế cấp miễn phí 12.000 thẻ bảo hiểm y tế cho người thuộc hộ cận nghèo.",
        "Trận đấu giữa hai đội bóng kết thúc với tỷ số hòa 1-1.",
    ]
    predicted = shipped.predict(texts)
    assert "housing" in predicted[0]
    assert "credit" in predicted[1]
    assert "health" in predicted[2]
    assert predicted[3] == []


def test_shipped_model_on_seed_paragraphs(shipped, shared_dir) -> None:
    from vnpoverty.corpus import load_corpus

    table = load_corpus(shared_dir / "seeds", progress=False)
    tagged = shipped.tag(table)
    housing = tagged[tagged["text"].str.contains("2.213 nhà")]
    radio = tagged[tagged["text"].str.contains("44 đài truyền thanh")]
    assert len(housing) == 1 and "housing" in housing["labels"].iloc[0]
    assert len(radio) == 1 and "information" in radio["labels"].iloc[0]
