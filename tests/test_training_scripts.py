"""Training scripts run end to end on small data of our own."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from vnpoverty.classify import load_classifier
from vnpoverty.workflows.train_classifier import _agreement

TRAINING = Path(__file__).resolve().parents[1] / "training"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, TRAINING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _users_csv(tmp_path: Path) -> list[str]:
    """Arguments training on a small CSV of our own sentences with a three-label taxonomy."""
    from test_classify import SMALL_TAXONOMY, small_units

    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(SMALL_TAXONOMY, encoding="utf-8")
    units = small_units()
    csv = tmp_path / "labels.csv"
    pd.DataFrame(
        {"id": units["unit_id"], "text": units["text"], "labels": units["labels"].map(";".join)}
    ).to_csv(csv, index=False)
    return ["--user", str(csv), "--only-user", "--taxonomy", str(taxonomy), "--folds", "3"]


def test_train_classifier_on_a_users_csv(tmp_path) -> None:
    out = tmp_path / "model"
    code = _script("train_classifier").main(
        [
            *_users_csv(tmp_path),
            "--approach",
            "tfidf_syllable",
            "--no-compare",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert code == 0
    model = load_classifier(out)
    assert model.labels == ["housing", "credit", "health"]
    assert "## Quality" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert model.predict(["Ngân hàng cho 300 hộ nghèo ở Sơn La vay vốn ưu đãi."]) == [["credit"]]


def test_comparison_keeps_out_of_fold_output_without_text(tmp_path) -> None:
    from vnpoverty.workflows.train_classifier import OUT_OF_FOLD_FILE

    out = tmp_path / "model"
    arguments = [*_users_csv(tmp_path), "--compared", "keywords,tfidf_syllable"]
    code = _script("train_classifier").main(
        [*arguments, "--approach", "tfidf_syllable", "--out", str(out), "--quiet"]
    )
    assert code == 0
    assert set(json.loads((out / "comparison.json").read_text())) == {"keywords", "tfidf_syllable"}
    table = pd.read_csv(out / OUT_OF_FOLD_FILE, keep_default_na=False)
    units = pd.read_csv(arguments[1])
    assert len(table) == 2 * len(units)
    assert set(table["unit_id"]) == set(units["id"])
    assert "text" not in table and table["text_hash"].str.len().eq(16).all()
    assert [c for c in table if c.startswith("p_")] == ["p_housing", "p_credit", "p_health"]
    tagged = table[table["approach"] == "tfidf_syllable"].set_index("unit_id")
    assert tagged["labels"].to_dict() == units.set_index("id")["labels"].fillna("").to_dict()


def test_ensemble_tunes_its_weight_and_reports_its_parts(tmp_path, monkeypatch) -> None:
    """cross_fitted: one fit per fold, the weight tuned with the thresholds, both parts scored."""
    from vnpoverty.classify import training
    from vnpoverty.workflows.train_classifier import OUT_OF_FOLD_FILE

    build = training.build_pipeline

    def quick(approach, **params):
        estimator = build(approach, **params)
        if approach == "ensemble":  # one layer, one epoch: the plumbing, not the quality
            estimator.set_params(encoder__classify__trainable_layers=1)
            estimator.set_params(encoder__classify__epochs=1, encoder__classify__progress=False)
        return estimator

    monkeypatch.setattr(training, "build_pipeline", quick)
    out = tmp_path / "model"
    arguments = [*_users_csv(tmp_path), "--compared", "tfidf_syllable", "--approach", "ensemble"]
    code = _script("train_classifier").main(
        [*arguments, "--thresholds", "cross_fitted", "--out", str(out), "--quiet"]
    )
    assert code == 0
    compared = json.loads((out / "comparison.json").read_text())
    assert list(compared) == ["tfidf_syllable", "combined", "finetuned_e5", "ensemble"]
    model = load_classifier(out)
    assert model.metadata["encoder_weight"] in [round(0.1 * k, 1) for k in range(11)]
    assert model.estimator.encoder_weight == model.metadata["encoder_weight"]
    table = pd.read_csv(out / OUT_OF_FOLD_FILE, keep_default_na=False)
    assert set(table["fold"]) == {0, 1, 2}
    assert "chosen per fold" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_agreement_pairs_labellings_of_the_same_text_only(tmp_path) -> None:
    """A unit id whose text changed (a regrouped document) is not the same unit."""
    first = tmp_path / "first.jsonl"
    second = tmp_path / "second.jsonl"
    rows_first = [
        {"unit_id": "d:1", "text_hash": "aaaa", "labels": ["credit"]},
        {"unit_id": "d:2", "text_hash": "bbbb", "labels": []},
        {"unit_id": "d:3", "text_hash": "new0", "labels": ["credit"]},
    ]
    rows_second = [
        {"unit_id": "d:1", "text_hash": "aaaa", "labels": ["credit"]},
        {"unit_id": "d:2", "text_hash": "bbbb", "labels": []},
        {"unit_id": "d:3", "text_hash": "old0", "labels": []},
    ]
    first.write_text("\n".join(json.dumps(r) for r in rows_first), encoding="utf-8")
    second.write_text("\n".join(json.dumps(r) for r in rows_second), encoding="utf-8")
    args = argparse.Namespace(only_user=False, first=first, second=second)
    table = _agreement(args, ["credit", "health"]).set_index("label")
    assert table.loc["credit", "kappa"] == 1.0  # d:3 is left out, not counted as a disagreement


def test_train_classifier_refuses_auto_without_comparison(tmp_path) -> None:
    with pytest.raises(SystemExit):
        _script("train_classifier").main(["--no-compare", "--out", str(tmp_path / "m")])


def test_auto_prefers_the_fast_approach_within_tolerance() -> None:
    from vnpoverty.workflows.train_classifier import choose_approach as choose

    table = pd.DataFrame(
        {
            "approach": ["keywords", "tfidf_syllable", "embedding", "combined"],
            "macro_f1_core": [0.99, 0.610, 0.55, 0.617],
        }
    )
    assert choose(table, 0.01) == "tfidf_syllable"  # keywords never: it is not trained
    table.loc[table["approach"] == "combined", "macro_f1_core"] = 0.70
    assert choose(table, 0.01) == "combined"


def test_compared_approaches_default_to_the_fast_ones(tmp_path) -> None:
    from vnpoverty.workflows.train_classifier import (
        FAST_APPROACHES,
        compared_approaches,
        parse_args,
    )

    base = ["--user", "x.csv", "--only-user", "--out", str(tmp_path / "m")]
    assert compared_approaches(parse_args(base)) == list(FAST_APPROACHES)
    chosen = parse_args([*base, "--compared", "keywords,ensemble", "--approach", "tfidf_word"])
    assert compared_approaches(chosen) == ["keywords", "tfidf_word", "ensemble"]
    assert parse_args([*base, "--thresholds", "validation_split"]).thresholds == "validation_split"
    with pytest.raises(SystemExit):
        parse_args([*base, "--compared", "bert"])


# --- fit_topics.py -----------------------------------------------------------------------------


def test_fit_topics_writes_a_loadable_model_and_tables(tmp_path, poverty_articles, capsys) -> None:
    import vnpoverty
    from vnpoverty.topics import load_topics

    table = vnpoverty.load_corpus(pd.DataFrame(poverty_articles[:20]), progress=False)
    corpus = vnpoverty.corpus.save(table, tmp_path / "corpus.parquet")
    modelled = table["kind"].isin(["body", "lede"]).sum()
    assert 100 <= modelled <= 250
    out, tables = tmp_path / "topics", tmp_path / "tables"
    code = _script("fit_topics").main(
        [
            "--corpus",
            str(corpus),
            "--embedding",
            "tfidf-svd",
            "--out",
            str(out),
            "--tables",
            str(tables),
            "--quiet",
        ]
    )
    assert code == 0
    model = load_topics(out)
    assert model.n_documents_ == modelled
    info = pd.read_csv(tables / "topic_info.csv")
    assert info["paragraphs"].sum() == modelled
    assert {"topic", "name", "words"} <= set(info.columns)
    over_time = pd.read_csv(tables / "topics_over_time.csv")
    assert {"topic", "period", "paragraphs", "share"} <= set(over_time.columns)
    assert (tables / "topics_per_class.csv").exists()
    printed = capsys.readouterr().out
    assert f"{modelled:,} modelled" in printed and str(out) in printed


def test_fit_topics_refuses_bad_input(tmp_path, capsys) -> None:
    fit_topics = _script("fit_topics")
    code = fit_topics.main(["--corpus", str(tmp_path / "nope.parquet"), "--out", str(tmp_path)])
    assert code == 2
    assert "no such file" in capsys.readouterr().err

    titles_only = tmp_path / "titles.csv"
    pd.DataFrame(
        {"para_id": ["d1:0", "d2:0"], "kind": "title", "text": ["Tin một", "Tin hai"]}
    ).to_csv(titles_only, index=False)
    code = fit_topics.main(["--corpus", str(titles_only), "--out", str(tmp_path / "m")])
    assert code == 2
    assert "no paragraphs of kind body, lede" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # argparse: an unknown kind is a usage error
        fit_topics.main(["--corpus", str(titles_only), "--kinds", "bogus", "--out", "m"])


# --- evaluate_classifier.py --------------------------------------------------------------------

# Our own sentences, one per label of the project's taxonomy, and two with no label.
OWN_UNITS = [
    (
        "u01",
        "Ngân hàng Chính sách xã hội huyện giải ngân 5 tỷ đồng cho hộ nghèo vay vốn.",
        "credit",
    ),
    ("u02", "Xã bàn giao 30 căn nhà đại đoàn kết cho các hộ nghèo có nhà dột nát.", "housing"),
    (
        "u03",
        "Trung tâm giáo dục nghề nghiệp mở lớp dạy nghề may miễn phí cho lao động nông thôn.",
        "vocational_training",
    ),
    ("u04", "Người nghèo được cấp thẻ bảo hiểm y tế và khám bệnh miễn phí ở trạm y tế.", "health"),
    ("u05", "Học sinh nghèo được miễn học phí và nhận sách vở đầu năm học.", "education"),
    (
        "u06",
        "Công trình nước sạch tập trung giúp 200 hộ dân có nước sinh hoạt hợp vệ sinh.",
        "water_sanitation",
    ),
    ("u07", "Huyện hỗ trợ bà con giống bò và phân bón để phát triển sản xuất.", "livelihood"),
    (
        "u08",
        "Tỉnh làm mới tuyến đường giao thông nông thôn và cây cầu nối hai bản vùng cao.",
        "infrastructure",
    ),
    ("u09", "Các hộ nghèo neo đơn được nhận trợ cấp xã hội hằng tháng.", "social_assistance"),
    (
        "u10",
        "Huyện trao 50 chiếc ti vi và lắp loa truyền thanh cho các thôn vùng cao.",
        "information",
    ),
    ("u11", "Đội bóng của thành phố thắng hai bàn trong trận đấu tối qua.", ""),
    ("u12", "Giá vàng trong nước tăng nhẹ vào phiên sáng nay.", ""),
]


def _own_units_csv(path: Path, rows=OWN_UNITS) -> Path:
    pd.DataFrame(rows, columns=["id", "text", "labels"]).to_csv(path, index=False)
    return path


def test_evaluate_classifier_on_our_own_sentences(tmp_path, capsys) -> None:
    csv = _own_units_csv(tmp_path / "held_out.csv")
    # Pretend the model was trained on two of them: they must be reported, not silently scored.
    trained = _own_units_csv(tmp_path / "trained.csv", OWN_UNITS[:2])
    out = tmp_path / "eval"
    code = _script("evaluate_classifier").main(
        ["--annotations", str(csv), "--trained-on", str(trained), "--out", str(out), "--quiet"]
    )
    assert code == 0
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert {
        "labels",
        "macro_core",
        "macro_all",
        "micro_all",
        "no_label_false_positive_rate",
        "units",
        "model",
        "overlap",
    } <= set(metrics)
    assert [row["label"] for row in metrics["labels"]] == load_classifier().labels
    assert {"precision", "recall", "f1", "support", "core"} <= set(metrics["labels"][0])
    assert sum(row["support"] for row in metrics["labels"]) == 10
    assert metrics["units"] == {"evaluated": 12, "no_label": 2, "sources": [str(csv)]}
    assert metrics["overlap"]["units_in_training"] == 2
    assert 0.0 <= metrics["macro_core"]["f1"] <= 1.0
    per_unit = pd.read_csv(out / "per_unit.csv", keep_default_na=False)
    assert per_unit["unit_id"].tolist() == [row[0] for row in OWN_UNITS]
    assert per_unit["in_training"].tolist() == [True, True] + [False] * 10
    assert {"true_labels", "predicted_labels", "p_credit"} <= set(per_unit.columns)
    captured = capsys.readouterr()
    assert "2 of 12 evaluation units" in captured.err
    assert "macro (core)" in captured.out


def test_evaluate_classifier_refuses_bad_input(tmp_path, capsys) -> None:
    evaluate = _script("evaluate_classifier")

    def run(*args: str) -> tuple[int, str]:
        code = evaluate.main([*args, "--out", str(tmp_path / "eval"), "--quiet"])
        return code, capsys.readouterr().err

    assert run("--annotations", str(tmp_path / "missing.csv")) == (
        2,
        f"error: no such file: {tmp_path / 'missing.csv'}\n",
    )
    (tmp_path / "zero.jsonl").write_text("", encoding="utf-8")
    assert run("--annotations", str(tmp_path / "zero.jsonl"))[1].startswith("error: empty file")
    header_only = _own_units_csv(tmp_path / "header.csv", [])
    code, message = run("--annotations", str(header_only))
    assert code == 2 and "no annotated unit with text" in message
    csv = _own_units_csv(tmp_path / "units.csv")
    code, message = run("--annotations", str(csv), "--trained-on", str(csv), "--drop-overlap")
    assert code == 2 and "nothing left to evaluate" in message
    unknown = _own_units_csv(tmp_path / "unknown.csv", [("x", "Xã có thêm trường mầm non.", "x")])
    code, message = run("--annotations", str(unknown))
    assert code == 2 and "labels the model does not know" in message
    assert not (tmp_path / "eval").exists()


@pytest.fixture(scope="module")
def small_model_folder(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A small TF-IDF model trained on a CSV, saved with its training data fingerprint."""
    from test_classify import SMALL_TAXONOMY, small_units

    from vnpoverty.classify import InterventionClassifier, build_pipeline, load_taxonomy
    from vnpoverty.classify.annotations import read_annotations
    from vnpoverty.classify.training import TrainingData

    folder = tmp_path_factory.mktemp("small_model")
    taxonomy_path = folder / "taxonomy.yaml"
    taxonomy_path.write_text(SMALL_TAXONOMY, encoding="utf-8")
    units = small_units()
    csv = folder / "train.csv"
    pd.DataFrame(
        {"id": units["unit_id"], "text": units["text"], "labels": units["labels"].map(";".join)}
    ).to_csv(csv, index=False)
    data = TrainingData(read_annotations(csv), load_taxonomy(taxonomy_path))
    estimator = build_pipeline("tfidf_syllable").fit(data.texts, data.Y)
    model = InterventionClassifier(
        estimator, data.taxonomy.names, [0.5] * 3, metadata={"data": data.describe()}
    )
    return model.save(folder / "model"), csv, taxonomy_path


def test_evaluating_on_the_training_file_is_flagged(small_model_folder, tmp_path, capsys) -> None:
    model, train_csv, taxonomy = small_model_folder
    out = tmp_path / "eval"
    code = _script("evaluate_classifier").main(
        [
            "--model",
            str(model),
            "--annotations",
            str(train_csv),
            "--taxonomy",
            str(taxonomy),
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert code == 0
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["overlap"]["same_as_training_set"] is True
    assert [row["label"] for row in metrics["labels"]] == ["housing", "credit", "health"]
    assert all(row["core"] for row in metrics["labels"])
    captured = capsys.readouterr()
    assert "exactly the data the model was trained on" in captured.err
    assert "NOT HONEST" in captured.out


def test_evaluate_classifier_resolves_stored_units(small_model_folder, tmp_path, capsys) -> None:
    import vnpoverty
    from vnpoverty.corpus.ingest import text_hash

    model, _, taxonomy = small_model_folder
    shared = tmp_path / "shared"
    (shared / "corpus").mkdir(parents=True)
    articles = [
        {
            "id": "a1",
            "title": "Điện Biên hỗ trợ hộ nghèo",
            "date": "2024-03-05",
            "body": "Năm nay tỉnh xây 40 căn nhà cho hộ nghèo ở các bản vùng cao.\n"
            "Ngân hàng cho 90 hộ nghèo vay vốn để mua giống cây trồng.",
        },
        {
            "id": "a2",
            "title": "Tin thể thao",
            "date": "2024-03-06",
            "body": "Câu lạc bộ bóng đá của tỉnh giành chiến thắng trên sân nhà tối qua.",
        },
    ]
    with open(shared / "corpus" / "poverty_articles.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in articles)
    table = vnpoverty.load_corpus(shared / "corpus" / "poverty_articles.jsonl", progress=False)
    body = table[table["kind"] == "body"]
    labels = {"căn nhà": ["housing"], "vay vốn": ["credit"]}
    stored = [
        {
            "unit_id": row.para_id,
            "text_hash": row.text_hash,
            "labels": [v for k, vs in labels.items() if k in row.text for v in vs],
        }
        for row in body.itertuples()
    ]
    # A unit whose text changed since it was annotated is reported and left out.
    title = table["para_id"].iloc[0]
    stored.append({"unit_id": title, "text_hash": text_hash("changed"), "labels": ["housing"]})
    units = tmp_path / "units.jsonl"
    units.write_text("".join(json.dumps(u) + "\n" for u in stored), encoding="utf-8")

    out = tmp_path / "eval"
    code = _script("evaluate_classifier").main(
        [
            "--model",
            str(model),
            "--units",
            str(units),
            "--shared",
            str(shared),
            "--taxonomy",
            str(taxonomy),
            "--trained-on",
            str(units),
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert code == 0
    assert "1 of 4 stored units" in capsys.readouterr().err
    per_unit = pd.read_csv(out / "per_unit.csv", keep_default_na=False)
    assert per_unit["unit_id"].tolist() == body["para_id"].tolist()
    assert sorted(per_unit["true_labels"]) == ["", "credit", "housing"]
