"""From a document table to the paragraph table, and the one-call :func:`load_corpus`."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from vnpoverty._io import atomic_path
from vnpoverty._progress import progress_bar
from vnpoverty.corpus.cleaning import split_page
from vnpoverty.corpus.dates import resolve_date
from vnpoverty.corpus.paragraphs import Unit, paragraph_units, tidy_punctuation
from vnpoverty.corpus.readers import read_documents
from vnpoverty.text import normalize

__all__ = [
    "PARAGRAPH_COLUMNS",
    "CorpusSummary",
    "documents_to_paragraphs",
    "load",
    "load_corpus",
    "save",
    "save_csv",
    "summarize",
]

PARAGRAPH_COLUMNS = [
    "doc_id",
    "para_id",
    "para_index",
    "kind",
    "text",
    "text_hash",
    "n_chars",
    "provinces",
    "doc_province",
    "doc_province_new",
    "doc_region",
    "date",
    "date_source",
    "date_granularity",
    "title",
    "source",
    "url",
    "path",
    "byline",
    "photo_credit",
    "parent_doc_id",
]
"""Columns of the paragraph table.

doc_id, para_id, para_index
    The document, the unit ("{doc_id}:{para_index}") and its position (0 = title).
kind
    "title", "lede", "heading", "body", "caption" or "teaser" (a related-article teaser split
    off a page: its own document, ``parent_doc_id`` names the page it was on).
text, text_hash, n_chars
    Normalised text, the first 16 hex digits of its SHA-256 (refer to a unit by id and hash),
    its length.
provinces
    Old-scheme (63) keys of the provinces this unit mentions (a list).
doc_province, doc_province_new, doc_region
    The document's main province (old scheme and, mapped, the 34-province scheme since
    1 July 2025) and its socio-economic region; missing when none is clear.
date, date_source, date_granularity
    Publication date; where it came from ("field", "stamp", "text", "none"); "day", "month",
    "year" or missing. A coarser date is the first day of its month or year.
title, source, url, path, byline, photo_credit
    Document metadata repeated on each of its rows.
"""

_BATCH = 200


def text_hash(text: str) -> str:
    """The short content hash that identifies a unit's text (16 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class CorpusSummary:
    """What ingestion produced and what it left out."""

    documents: int = 0
    teasers: int = 0
    paragraphs: int = 0
    units_by_kind: dict[str, int] = field(default_factory=dict)
    share_with_date: float = 0.0
    date_sources: dict[str, int] = field(default_factory=dict)
    share_with_province: float = 0.0
    documents_without_text: int = 0
    dropped_lines: int = 0
    dropped_by_reason: dict[str, int] = field(default_factory=dict)
    bylines: int = 0

    def __str__(self) -> str:
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(self.units_by_kind.items()))
        reasons = ", ".join(f"{k} {v:,}" for k, v in sorted(self.dropped_by_reason.items()))
        dates = ", ".join(f"{k} {v:,}" for k, v in sorted(self.date_sources.items()))
        return (
            f"documents            {self.documents:,} (+ {self.teasers:,} teasers split off)\n"
            f"paragraph units      {self.paragraphs:,} ({kinds})\n"
            f"with a date          {self.share_with_date:.1%} ({dates})\n"
            f"with a province      {self.share_with_province:.1%}\n"
            f"bylines found        {self.bylines:,}\n"
            f"without any text     {self.documents_without_text:,}\n"
            f"dropped lines        {self.dropped_lines:,} ({reasons or 'none'})"
        )


def documents_to_paragraphs(documents: pd.DataFrame) -> pd.DataFrame:
    """Clean, split and annotate a batch of documents.

    A pure function of its rows, so it can run over partitions of a large corpus (e.g. with
    ``dask.dataframe.map_partitions``).

    Parameters
    ----------
    documents : pandas.DataFrame
        A document table (see :func:`vnpoverty.corpus.read_documents`).

    Returns
    -------
    pandas.DataFrame
        The paragraph table, columns :data:`PARAGRAPH_COLUMNS`. Its ``attrs["ingest"]`` holds
        the counts of dropped lines and bylines for :func:`summarize`.
    """
    rows: list[dict] = []
    dropped: Counter[str] = Counter()
    bylines = 0
    empty = 0
    for document in documents.itertuples(index=False):
        document_rows, document_dropped, has_byline = _document_rows(document)
        rows.extend(document_rows)
        dropped.update(document_dropped)
        bylines += has_byline
        empty += not document_rows
    table = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    table["date"] = pd.to_datetime(table["date"])
    table["para_index"] = table["para_index"].astype("int64")
    table["n_chars"] = table["n_chars"].astype("int64")
    table.attrs["ingest"] = {
        "dropped_by_reason": dict(dropped),
        "bylines": bylines,
        "documents_without_text": empty,
    }
    return table


def _clean(value: object) -> str:
    return normalize(value) if isinstance(value, str) else ""


def _document_rows(document: object) -> tuple[list[dict], Counter[str], bool]:
    from vnpoverty import geo

    title = _clean(document.title)
    lede = _clean(document.lede)
    page = split_page(_clean(document.body), title=None if document.is_page else (title or None))
    title = page.title or title
    units = paragraph_units(page.body)
    if page.lede:
        # The page's own first paragraph is its lede; keep it as body if a lede field exists.
        if lede:
            units.insert(0, Unit("body", tidy_punctuation(page.lede)))
        else:
            lede = page.lede
    dropped = Counter(reason for _, reason in page.dropped)

    texts = [t for t in (title, lede) if t] + [unit.text for unit in units]
    try:
        date = resolve_date(
            field=document.date, page_lines=page.stamps + page.header, text="\n".join(texts)
        )
    except TypeError as error:  # e.g. a numeric date column: a year? epoch seconds?
        raise ValueError(f"document {document.doc_id!r}: {error}") from error
    main = geo.main_province(title or None, lede or None, [unit.text for unit in units])
    meta = {
        "doc_id": document.doc_id,
        "title": title or None,
        "source": document.source,
        "url": document.url,
        "path": document.path,
        "byline": page.byline,
        "photo_credit": page.credit,
        "parent_doc_id": None,
        "date": pd.Timestamp(date.date) if date.date else pd.NaT,
        "date_source": date.source,
        "date_granularity": date.granularity,
        **_province_columns(main),
    }
    kinds_and_texts = (
        ([("title", title)] if title else [])
        + ([("lede", tidy_punctuation(lede))] if lede else [])
        + [(unit.kind, unit.text) for unit in units]
        + [("caption", caption) for caption in page.captions]
    )
    rows = [_row(meta, index, kind, text) for index, (kind, text) in enumerate(kinds_and_texts)]

    for number, (headline, teaser_lede) in enumerate(page.teasers, start=1):
        teaser_text = "\n".join(filter(None, (headline, teaser_lede)))
        teaser_main = geo.main_province(headline, teaser_lede, [])
        teaser_meta = {
            **meta,
            "doc_id": f"{document.doc_id}~teaser{number}",
            "title": headline,
            "byline": None,
            "photo_credit": None,
            "parent_doc_id": document.doc_id,
            "date": pd.NaT,
            "date_source": "none",
            "date_granularity": None,
            **_province_columns(teaser_main),
        }
        rows.append(_row(teaser_meta, 0, "teaser", teaser_text))
    return rows, dropped, page.byline is not None


def _province_columns(old_key: str | None) -> dict[str, str | None]:
    from vnpoverty import geo

    if old_key is None:
        return {"doc_province": None, "doc_province_new": None, "doc_region": None}
    return {
        "doc_province": old_key,
        "doc_province_new": geo.to_new(old_key),
        "doc_region": geo.lookup(old_key).region,
    }


def _row(meta: dict, index: int, kind: str, text: str) -> dict:
    from vnpoverty import geo

    return {
        **meta,
        "para_id": f"{meta['doc_id']}:{index}",
        "para_index": index,
        "kind": kind,
        "text": text,
        "text_hash": text_hash(text),
        "n_chars": len(text),
        "provinces": list(dict.fromkeys(m.key for m in geo.find_provinces(text))),
    }


def load_corpus(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    source: str | None = None,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Turn folders of pages, exports and spreadsheets into one paragraph table.

    Parameters
    ----------
    paths : path, iterable of paths, or DataFrame
        Files or folders (see :func:`vnpoverty.corpus.read_documents` for the formats), or a
        document table you built yourself (columns title, body, ... as there).
    columns : mapping, optional
        Your tables' column names for the fields doc_id, title, lede, body, date, url, source.
    source : str, optional
        Source label for rows that carry none.
    n_jobs : int, default 1
        Worker processes; ``-1`` for every core.
    progress : bool, optional
        Progress bar; by default shown for more than 500 documents.

    Returns
    -------
    pandas.DataFrame
        One row per paragraph unit, columns :data:`PARAGRAPH_COLUMNS`.
        ``summarize(table)`` reports what was read and what was dropped.

    Examples
    --------
    >>> table = load_corpus("articles/")          # doctest: +SKIP
    >>> print(summarize(table))                    # doctest: +SKIP
    """
    if isinstance(paths, pd.DataFrame):
        documents = _as_document_table(paths)
    else:
        documents = read_documents(paths, columns=columns, source=source)
    batches = [documents.iloc[i : i + _BATCH] for i in range(0, len(documents), _BATCH)]
    show = progress if progress is not None else len(documents) > 500
    parts: list[pd.DataFrame] = []
    with progress_bar(total=len(documents), desc="Ingesting", unit="doc", enable=show) as bar:
        if n_jobs == 1 or len(batches) < 2:
            results = (documents_to_paragraphs(batch) for batch in batches)
        else:
            results = Parallel(n_jobs=n_jobs, return_as="generator")(
                delayed(documents_to_paragraphs)(batch) for batch in batches
            )
        for batch, result in zip(batches, results, strict=True):
            parts.append(result)
            bar.update(len(batch))
    table = pd.concat(parts, ignore_index=True) if parts else documents_to_paragraphs(documents)
    table.attrs["ingest"] = _merge_ingest_attrs(part.attrs.get("ingest", {}) for part in parts)
    return table


def _as_document_table(frame: pd.DataFrame) -> pd.DataFrame:
    from vnpoverty.corpus.readers import DOCUMENT_COLUMNS

    if "body" not in frame and "title" not in frame:
        raise ValueError("a document table needs a 'body' or a 'title' column")
    documents = frame.copy()
    if "doc_id" not in documents:
        documents["doc_id"] = [f"doc{i}" for i in range(len(documents))]
    for column in DOCUMENT_COLUMNS:
        if column not in documents:
            documents[column] = False if column == "is_page" else None
    return documents[DOCUMENT_COLUMNS]


def _merge_ingest_attrs(parts: Iterable[dict]) -> dict:
    reasons: Counter[str] = Counter()
    bylines = empty = 0
    for part in parts:
        reasons.update(part.get("dropped_by_reason", {}))
        bylines += part.get("bylines", 0)
        empty += part.get("documents_without_text", 0)
    return {"dropped_by_reason": dict(reasons), "bylines": bylines, "documents_without_text": empty}


def summarize(table: pd.DataFrame) -> CorpusSummary:
    """Counts and coverage of a paragraph table (and what ingestion dropped, if known)."""
    attrs = table.attrs.get("ingest", {})
    is_teaser = table["kind"] == "teaser"
    documents = table.loc[~is_teaser].drop_duplicates("doc_id")
    n_docs = len(documents)
    reasons = attrs.get("dropped_by_reason", {})
    return CorpusSummary(
        documents=n_docs,
        teasers=int(is_teaser.sum()),
        paragraphs=int((~is_teaser).sum()),
        units_by_kind={k: int(v) for k, v in table.loc[~is_teaser, "kind"].value_counts().items()},
        share_with_date=float(documents["date"].notna().mean()) if n_docs else 0.0,
        date_sources={k: int(v) for k, v in documents["date_source"].value_counts().items()},
        share_with_province=float(documents["doc_province"].notna().mean()) if n_docs else 0.0,
        documents_without_text=int(attrs.get("documents_without_text", 0)),
        dropped_lines=int(sum(reasons.values())),
        dropped_by_reason={k: int(v) for k, v in reasons.items()},
        bylines=int(attrs.get("bylines", 0)),
    )


def save(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a paragraph table to Parquet atomically (a reader never sees half a file).

    The ingestion report in ``table.attrs`` is kept in the file's metadata.
    """
    target = Path(path)
    frame = table.copy()
    frame.attrs = {"ingest": json.loads(json.dumps(table.attrs.get("ingest", {})))}
    with atomic_path(target) as temporary:
        frame.to_parquet(temporary, index=False)
    return target


def save_csv(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table (a paragraph table, tagged or not) to CSV atomically, for spreadsheets.

    Columns of lists (``provinces``, ``labels``) become ";"-separated text. A path ending in
    ``.gz``, ``.bz2``, ``.xz`` or ``.zip`` is compressed accordingly.
    """
    flat = table.copy()
    # Lists only live in object columns; text columns (pandas "str") are left as they are.
    for column in [c for c in flat.columns if pd.api.types.is_object_dtype(flat[c].dtype)]:
        is_list = flat[column].map(lambda value: isinstance(value, list | tuple | np.ndarray))
        if is_list.any():
            flat[column] = flat[column].where(is_list, "").map(";".join)
    compression = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zip": "zip"}
    with atomic_path(path) as temporary:
        flat.to_csv(temporary, index=False, compression=compression.get(Path(path).suffix))
    return Path(path)


def load(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a paragraph table written by :func:`save`."""
    table = pd.read_parquet(path)
    missing = set(PARAGRAPH_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"{path} is not a vnpoverty paragraph table: missing {sorted(missing)}")
    table["provinces"] = table["provinces"].map(list)
    return table
