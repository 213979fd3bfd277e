"""The main job: from a folder of articles to what is done where and when, in one call.

:func:`analyze` runs ingest -> tag paragraphs -> topic model -> trends -> outputs and returns
an :class:`Analysis`; ``vnpoverty analyze CORPUS --out DIR`` is the same from the shell.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from vnpoverty import trends
from vnpoverty.corpus.ingest import CorpusSummary, load_corpus, save_csv, summarize
from vnpoverty.corpus.ingest import save as save_table

__all__ = ["ANALYSED_KINDS", "Analysis", "analyze"]

ANALYSED_KINDS = ("lede", "body")
"""Paragraph kinds counted in shares and topics; titles, captions and teasers repeat them."""
CACHE_NAME = "cache.sqlite"
# A topic is a theme "outside the labels" when most of its paragraphs carry none of them.
OUTSIDE_LABELS_SHARE = 0.8


@dataclass
class Analysis:
    """What :func:`analyze` produced: tables, the models used, and where files were written.

    Attributes
    ----------
    table : pandas.DataFrame
        Every paragraph, with ``analysed``, one boolean column per label, ``labels``,
        ``p_<label>`` probabilities and, when topics were fitted, ``topic`` / ``topic_name``.
    summary : CorpusSummary
    labels : list of str
    shares : dict of str -> pandas.DataFrame
        Intervention shares with bootstrap intervals, by ``period``, ``doc_province``,
        ``doc_province_new``, ``doc_region`` and ``doc_province_new x period``.
    topic_info, topics_over_time, topics_per_province, topic_shares : pandas.DataFrame or None
    topic_model : vnpoverty.topics.TopicModel or None
    out_dir : Path or None
    files : dict of str -> Path
    notes : list of str
        What was left out and why, and anything skipped.
    seconds : dict of str -> float
        Wall time per stage.
    """

    table: pd.DataFrame
    summary: CorpusSummary
    labels: list[str]
    shares: dict[str, pd.DataFrame]
    freq: str
    classifier_metadata: dict[str, Any]
    topic_info: pd.DataFrame | None = None
    topics_over_time: pd.DataFrame | None = None
    topics_per_province: pd.DataFrame | None = None
    topic_shares: pd.DataFrame | None = None
    topic_model: Any = None
    out_dir: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def evidence(
        self, category: object, *, where: Mapping[str, object] | None = None, n: int = 20
    ) -> pd.DataFrame:
        """The paragraphs behind a cell: e.g. ``evidence("housing", where={"doc_province":
        "son_la", "period": "2024"})`` or ``evidence(3)`` for topic 3."""
        analysed = self.table[self.table["analysed"]]
        of = None if isinstance(category, str) and category in self.labels else "topic"
        return trends.evidence(analysed, category, of=of, where=where, n=n, freq=self.freq)

    def rank(
        self, label: str, *, by: str = "doc_province_new", min_documents: int = 3
    ) -> pd.DataFrame:
        """Provinces (or regions) ranked by the share of one intervention."""
        if by not in self.shares:
            raise KeyError(f"no shares by {by!r}: {'; '.join(self.notes) or 'not computed'}")
        return trends.rank(self.shares[by], label, by=by, min_documents=min_documents)

    def __str__(self) -> str:
        analysed = self.table[self.table["analysed"]]
        counts = analysed[self.labels].sum().sort_values(ascending=False)
        top = ", ".join(f"{label} {int(n)}" for label, n in counts.head(5).items() if n)
        lines = [
            "vnpoverty analysis",
            f"  articles        {self.summary.documents:,}  ({self.summary.share_with_date:.0%} "
            f"dated, {self.summary.share_with_province:.0%} with a province)",
            f"  paragraphs      {len(analysed):,} analysed of {len(self.table):,}",
            f"  with a label    {analysed['labels'].str.len().gt(0).mean():.1%}  ({top})",
        ]
        if self.topic_info is not None:
            themes = self.topic_info[self.topic_info["topic"] >= 0]
            outside = int(themes["outside_labels"].sum())
            lines.append(
                f"  topics          {len(themes)} ({outside} outside the labels), "
                f"outliers {self.topic_model.outlier_share_:.0%}"
            )
        lines.append(
            "  time            "
            + ", ".join(f"{stage} {seconds:.0f}s" for stage, seconds in self.seconds.items())
        )
        lines.extend(f"  note: {note}" for note in self.notes)
        if self.out_dir is not None:
            lines.append(f"  written to      {self.out_dir}")
            if "report" in self.files:
                lines.append(f"  report          {self.files['report']}")
        return "\n".join(lines)


def analyze(
    corpus: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | pd.DataFrame,
    out_dir: str | os.PathLike[str] | None = None,
    *,
    classifier: str | os.PathLike[str] | Any = None,
    topics: bool = True,
    embedding: str | object = "e5",
    topic_mode: str = "unsupervised",
    freq: str = "year",
    kinds: Sequence[str] = ANALYSED_KINDS,
    n_boot: int = 1000,
    date_sources: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
    cache_path: str | os.PathLike[str] | None = None,
    n_jobs: int = 1,
    seed: int = 42,
    progress: bool | None = None,
    report: bool = True,
) -> Analysis:
    """Analyse a corpus end to end: ingest, tag, topics, trends, tables, figures, report.

    Parameters
    ----------
    corpus : path, iterable of paths, or DataFrame
        Folders and files of articles (any format :func:`vnpoverty.load_corpus` reads), a
        document table, or a paragraph table already ingested (it has ``para_id``).
    out_dir : str or PathLike, optional
        Where to write outputs (created). Without it nothing is written.
    classifier : path or InterventionClassifier, optional
        Default: the model shipped with vnpoverty.
    topics : bool, default True
        Fit a topic model (skipped, with a note, under 10 analysed paragraphs).
    embedding : str or embedder, default "e5"
        Topic-model embedding backend; ``"tfidf-svd"`` is much faster on large corpora.
    topic_mode : {"unsupervised", "guided", "zeroshot"}, default "unsupervised"
    freq : {"year", "quarter", "month"}, default "year"
    kinds : sequence of str, default ("lede", "body")
        Paragraph kinds that are tagged and counted.
    n_boot : int, default 1000
        Bootstrap resamples (documents) for the confidence intervals.
    date_sources : sequence of str, optional
        Dates the time views may use, by ``date_source`` (e.g. ``("field", "stamp")`` to
        leave out dates read from the text, which are much less reliable); default: all.
    columns : mapping, optional
        Column names of your tables, as for :func:`vnpoverty.load_corpus`.
    cache_path : str or PathLike, optional
        SQLite cache of segmentations and embeddings; by default ``out_dir/cache.sqlite``, so
        re-running on the same corpus does not segment or embed it again.
    n_jobs : int, default 1
    seed : int, default 42
    progress : bool, optional
        Progress bars per stage (default: for long stages).
    report : bool, default True
        Write ``report.html`` (self-contained) when ``out_dir`` is given.

    Returns
    -------
    Analysis
        ``print()`` it for a one-screen summary.
    """
    from vnpoverty.classify import InterventionClassifier, load_classifier

    if date_sources is not None and not set(date_sources) <= {"field", "stamp", "text"}:
        raise ValueError(f"date_sources takes field, stamp and text; got {list(date_sources)}")
    if freq not in trends.FREQUENCIES:
        raise ValueError(f"freq must be one of {trends.FREQUENCIES}, not {freq!r}")
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        cache_path = cache_path if cache_path is not None else out / CACHE_NAME
    seconds: dict[str, float] = {}
    notes: list[str] = []

    started = time.perf_counter()
    if isinstance(corpus, pd.DataFrame) and {"para_id", "text", "kind"} <= set(corpus.columns):
        table = corpus.copy()
    else:
        table = load_corpus(corpus, columns=columns, n_jobs=n_jobs, progress=progress)
    if table.empty:
        raise ValueError("the corpus holds no text: nothing to analyse")
    summary = summarize(table)
    seconds["ingest"] = time.perf_counter() - started

    started = time.perf_counter()
    model = (
        classifier
        if isinstance(classifier, InterventionClassifier)
        else load_classifier(classifier)
    )
    model.use_cache(cache_path)
    table["analysed"] = table["kind"].isin(list(kinds))
    analysed_rows = table.index[table["analysed"]]
    tagged = model.tag(
        table.loc[analysed_rows], probabilities=True, n_jobs=n_jobs, progress=progress
    )
    table = _merge_tags(table, tagged, model.labels)
    labels = list(model.labels)
    seconds["tagging"] = time.perf_counter() - started

    result = Analysis(
        table=table,
        summary=summary,
        labels=labels,
        shares={},
        freq=freq,
        classifier_metadata=dict(model.metadata),
        out_dir=out,
        notes=notes,
        seconds=seconds,
    )
    analysed = table[table["analysed"]]
    if topics:
        started = time.perf_counter()
        _fit_topics(
            result,
            analysed,
            embedding,
            topic_mode,
            cache_path,
            n_jobs,
            seed,
            progress,
            date_sources,
        )
        seconds["topics"] = time.perf_counter() - started

    started = time.perf_counter()
    analysed = result.table[result.table["analysed"]]
    timed = _dates_from(analysed, date_sources, notes)
    result.shares = _intervention_shares(analysed, timed, labels, freq, n_boot, seed, notes)
    if result.topic_model is not None:
        result.topic_shares = _optional(
            notes,
            "topic shares by period",
            trends.shares,
            timed,
            "topic",
            by="period",
            freq=freq,
            n_boot=n_boot,
            seed=seed,
        )
    seconds["trends"] = time.perf_counter() - started

    if out is not None:
        started = time.perf_counter()
        _write_outputs(result, out, report=report)
        seconds["outputs"] = time.perf_counter() - started
        _write_json(out / "summary.json", _summary_json(result))
        result.files["summary"] = out / "summary.json"
    return result


def _merge_tags(table: pd.DataFrame, tagged: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame:
    merged = table.copy()
    for label in labels:
        merged[label] = False
        merged.loc[tagged.index, label] = tagged[label].astype(bool)
        merged[f"p_{label}"] = 0.0
        merged.loc[tagged.index, f"p_{label}"] = tagged[f"p_{label}"]
    merged["labels"] = [[] for _ in range(len(merged))]
    merged.loc[tagged.index, "labels"] = pd.Series(tagged["labels"].tolist(), index=tagged.index)
    return merged


def _fit_topics(
    result: Analysis,
    analysed: pd.DataFrame,
    embedding: str | object,
    mode: str,
    cache_path: str | os.PathLike[str] | None,
    n_jobs: int,
    seed: int,
    progress: bool | None,
    date_sources: Sequence[str] | None,
) -> None:
    from vnpoverty.topics import TopicModel
    from vnpoverty.topics._bertopic import MIN_DOCUMENTS

    if len(analysed) < MIN_DOCUMENTS:
        result.notes.append(
            f"topics skipped: {len(analysed)} analysed paragraphs, at least {MIN_DOCUMENTS} needed"
        )
        return
    model = TopicModel(
        embedding, mode=mode, seed=seed, cache_path=cache_path, n_jobs=n_jobs, progress=progress
    )
    assigned = model.fit_assign(analysed)
    table = result.table
    table["topic"] = pd.NA
    table.loc[assigned.index, "topic"] = assigned["topic"]
    table["topic"] = table["topic"].astype("Int64")
    table["topic_name"] = table["topic"].map(
        lambda t: model.names_.get(int(t)) if pd.notna(t) else None
    )
    result.topic_model = model
    info = model.topic_info()
    without_label = (
        assigned.assign(no_label=assigned["labels"].str.len() == 0)
        .groupby("topic")["no_label"]
        .mean()
    )
    info["share_without_label"] = info["topic"].map(without_label).fillna(0.0)
    info["outside_labels"] = (info["topic"] >= 0) & (
        info["share_without_label"] >= OUTSIDE_LABELS_SHARE
    )
    top_label = (
        assigned.explode("labels")
        .groupby("topic")["labels"]
        .agg(
            lambda values: values.dropna().value_counts().index[0] if values.notna().any() else None
        )
    )
    info["main_label"] = info["topic"].map(top_label)
    result.topic_info = info
    result.topics_over_time = _optional(
        result.notes,
        "topics over time",
        model.topics_over_time,
        _dates_from(assigned, date_sources, []),
        freq=result.freq,
    )
    result.topics_per_province = model.topics_per_class(assigned, by="doc_province_new")


def _dates_from(
    frame: pd.DataFrame, date_sources: Sequence[str] | None, notes: list[str]
) -> pd.DataFrame:
    """The rows with only the dates the time views may use (others become missing)."""
    if date_sources is None:
        return frame
    unused = frame["date"].notna() & ~frame["date_source"].isin(list(date_sources))
    if unused.any():
        notes.append(
            f"time views use dates from {', '.join(date_sources)} only: {int(unused.sum()):,} "
            "paragraphs dated otherwise count as undated there"
        )
    timed = frame.copy()
    timed.loc[unused, "date"] = pd.NaT
    return timed


def _intervention_shares(
    analysed: pd.DataFrame,
    timed: pd.DataFrame,
    labels: Sequence[str],
    freq: str,
    n_boot: int,
    seed: int,
    notes: list[str],
) -> dict[str, pd.DataFrame]:
    groupings = {
        "period": "period",
        "doc_province": "doc_province",
        "doc_province_new": "doc_province_new",
        "doc_region": "doc_region",
        "doc_province_new x period": ["doc_province_new", "period"],
    }
    shares = {}
    for name, by in groupings.items():
        frame = _optional(
            notes,
            f"shares by {name}",
            trends.shares,
            timed if "period" in by else analysed,
            list(labels),
            by=by,
            freq=freq,
            n_boot=n_boot,
            seed=seed,
        )
        if frame is None:
            continue
        shares[name] = frame
        for reason, rows in frame.attrs.get("excluded", {}).items():
            if rows and name != "doc_province_new x period":
                notes.append(f"shares by {name}: {rows:,} paragraphs left out ({reason})")
    return shares


def _optional(notes: list[str], view: str, function: Any, *args: Any, **kwargs: Any) -> Any:
    """A view that the corpus may not support (no dates, no provinces): None and a note."""
    try:
        return _quietly(function, *args, **kwargs)
    except ValueError as error:
        notes.append(f"{view} skipped: {error}")
        return None


def _quietly(function: Any, *args: Any, **kwargs: Any) -> Any:
    # What is left out is recorded in attrs and reported once in the notes, not as warnings.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return function(*args, **kwargs)


def _write_outputs(result: Analysis, out: Path, *, report: bool) -> None:
    from vnpoverty import plots

    files = result.files
    table = result.table
    files["paragraphs"] = save_table(table, out / "paragraphs.parquet")
    files["paragraphs_csv"] = save_csv(table, out / "paragraphs.csv")
    for name, frame in result.shares.items():
        slug = name.replace(" x ", "_by_").replace("doc_", "")
        files[f"shares_{slug}"] = _write_csv(frame, out / f"intervention_shares_by_{slug}.csv")
    topic_tables = {
        "topic_info": result.topic_info,
        "topics_over_time": result.topics_over_time,
        "topics_per_province": result.topics_per_province,
        "topic_shares_by_period": result.topic_shares,
    }
    for name, frame in topic_tables.items():
        if frame is not None:
            files[name] = _write_csv(frame, out / f"{name}.csv")

    figures = out / "figures"
    figures.mkdir(exist_ok=True)
    drawn = {}
    if "period" in result.shares:
        drawn["intervention_trends"] = plots.plot_share_panels(
            result.shares["period"], title="Share of paragraphs describing each intervention"
        )
    heatmaps = {
        "interventions_by_province": ("doc_province_new", "Intervention mix by province"),
        "interventions_by_region": ("doc_region", "Intervention mix by region"),
    }
    for name, (key, title) in heatmaps.items():
        if key in result.shares:
            drawn[name] = plots.plot_heatmap(result.shares[key], row=key, title=title)
    if result.topic_model is not None:
        drawn["topic_words"] = plots.plot_top_words(
            result.topic_model.topic_words(), title="Top words of each topic"
        )
    if result.topic_shares is not None:
        shares = result.topic_shares.copy()
        shares["category"] = shares["category"].map(result.topic_model.names_)
        shares = shares[~shares["category"].str.startswith("-1")]
        drawn["topic_trends"] = plots.plot_share_panels(
            shares, title="Share of paragraphs in each topic", max_panels=12
        )
    for name, figure in drawn.items():
        files[f"figure_{name}"] = plots.save_figure(figure, figures / f"{name}.png")
    if report:
        from vnpoverty.report import write_report

        files["report"] = write_report(result, out / "report.html")


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    from vnpoverty._io import atomic_path

    with atomic_path(path) as temporary:
        frame.to_csv(temporary, index=False)
    return path


def _write_json(path: Path, payload: Mapping[str, Any]) -> None:
    from vnpoverty._io import atomic_path

    with atomic_path(path) as temporary:
        temporary.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str))


def _summary_json(result: Analysis) -> dict[str, Any]:
    analysed = result.table[result.table["analysed"]]
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "documents": result.summary.documents,
        "paragraphs": len(result.table),
        "analysed_paragraphs": len(analysed),
        "share_with_date": result.summary.share_with_date,
        "share_with_province": result.summary.share_with_province,
        "label_counts": {label: int(analysed[label].sum()) for label in result.labels},
        "topics": None
        if result.topic_info is None
        else int((result.topic_info["topic"] >= 0).sum()),
        "classifier": {
            key: result.classifier_metadata.get(key) for key in ("name", "payload_sha256")
        },
        "topic_model": None if result.topic_model is None else result.topic_model.settings(),
        "notes": result.notes,
        "seconds": result.seconds,
        "files": {name: str(path) for name, path in result.files.items()},
    }
