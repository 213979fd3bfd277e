"""The text layer's scikit-learn steps obey the estimator contract."""

from __future__ import annotations

import pickle

import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from vnpoverty.text import VietnameseNormalizer, WordSegmenter

STEPS = [VietnameseNormalizer(), WordSegmenter(), WordSegmenter(lowercase=True, n_jobs=2)]
TEXTS = ["Hỗ trợ hộ nghèo vay vốn ưu đãi", "Xây nhà Đại đoàn kết cho hộ khó khăn", None]


@pytest.mark.parametrize("step", STEPS, ids=repr)
@pytest.mark.parametrize(
    "check",
    [
        check_no_attributes_set_in_init,
        check_get_params_invariance,
        check_set_params,
        check_parameters_default_constructible,
    ],
)
def test_sklearn_contract_checks(step, check) -> None:
    check(type(step).__name__, step)


@pytest.mark.parametrize("step", STEPS, ids=repr)
def test_clone_fit_pickle(step) -> None:
    copy = clone(step)
    assert copy.get_params() == step.get_params()
    assert copy.fit(TEXTS) is copy
    restored = pickle.loads(pickle.dumps(copy))
    assert restored.get_params() == copy.get_params()
    assert restored.transform(TEXTS) == copy.transform(TEXTS)


def test_normalizer_output() -> None:
    assert VietnameseNormalizer().fit_transform(["Thuỷ lợi", None]) == ["Thủy lợi", ""]


def test_segmenter_in_a_pipeline_keeps_diacritics() -> None:
    pipeline = make_pipeline(
        VietnameseNormalizer(),
        WordSegmenter(lowercase=True),
        TfidfVectorizer(token_pattern=r"[^\s]+"),
    )
    pipeline.fit(TEXTS)
    vocabulary = set(pipeline[-1].get_feature_names_out())
    assert "hộ" in vocabulary and "nghèo" in vocabulary and "ưu_đãi" in vocabulary


def test_a_bare_string_is_refused() -> None:
    with pytest.raises(TypeError, match="single str"):
        WordSegmenter().transform("Hỗ trợ hộ nghèo")


def test_segmenter_cache_path_is_a_parameter(tmp_path) -> None:
    step = WordSegmenter(cache_path=tmp_path / "seg.sqlite")
    first = step.fit_transform(TEXTS)
    assert (tmp_path / "seg.sqlite").exists()
    assert clone(step).transform(TEXTS) == first
