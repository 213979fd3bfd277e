"""Training scripts run end to end on small data of our own."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from vnpoverty.classify import load_classifier

TRAINING = Path(__file__).resolve().parents[1] / "training"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, TRAINING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_train_classifier_on_a_users_csv(tmp_path) -> None:
    from test_classify import SMALL_TAXONOMY, small_units

    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(SMALL_TAXONOMY, encoding="utf-8")
    units = small_units()
    csv = tmp_path / "labels.csv"
    pd.DataFrame(
        {"id": units["unit_id"], "text": units["text"], "labels": units["labels"].map(";".join)}
    ).to_csv(csv, index=False)
    out = tmp_path / "model"
    code = _script("train_classifier").main(
        [
            "--user",
            str(csv),
            "--only-user",
            "--taxonomy",
            str(taxonomy),
            "--approach",
            "tfidf_syllable",
            "--no-compare",
            "--folds",
            "3",
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


def test_train_classifier_refuses_auto_without_comparison(tmp_path) -> None:
    with pytest.raises(SystemExit):
        _script("train_classifier").main(["--no-compare", "--out", str(tmp_path / "m")])


def test_auto_prefers_the_fast_approach_within_tolerance() -> None:
    choose = _script("train_classifier").choose_approach
    table = pd.DataFrame(
        {
            "approach": ["keywords", "tfidf_syllable", "embedding", "combined"],
            "macro_f1_core": [0.99, 0.610, 0.55, 0.617],
        }
    )
    assert choose(table, 0.01) == "tfidf_syllable"  # keywords never: it is not trained
    table.loc[table["approach"] == "combined", "macro_f1_core"] = 0.70
    assert choose(table, 0.01) == "combined"
