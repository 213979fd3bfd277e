"""Annotated paragraph units: reading them, and joining stored ids back to their text.

The project stores annotations of third-party text as ``(unit_id, text_hash, labels)`` only; the
text is recovered by ingesting the same sources again (:func:`resolve_units`), and a unit whose
text no longer hashes the same is reported rather than silently trained on. Users can also
bring their own annotated text as CSV or JSONL with a text column and a labels column.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vnpoverty.corpus.ingest import text_hash
from vnpoverty.text.normalization import normalize

__all__ = [
    "agreement",
    "label_matrix",
    "read_annotations",
    "recover_units",
    "resolve_units",
    "unit_documents",
]

ANNOTATION_COLUMNS = ["unit_id", "text", "labels", "group", "origin"]
"""unit_id: a unit id (``para_id``) or a written unit's id; text; labels: a list of label names;
group: documents that must not be split across train and test; origin: where the unit comes
from (e.g. ``poverty``, ``seeds``, ``background``, ``written``, ``user``)."""


def _labels(value: object) -> list[str]:
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v).strip() for v in value if str(v).strip()]
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    text = str(value).strip()
    if text.startswith("["):
        return _labels(json.loads(text))
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


def read_annotations(
    path: str | os.PathLike[str], *, text_column: str = "text", labels_column: str = "labels"
) -> pd.DataFrame:
    """Read annotated texts from a CSV or JSONL file of your own.

    Parameters
    ----------
    path : str or PathLike
        ``.csv`` or ``.jsonl``. Labels may be a JSON list, or names separated by ``;`` or ``,``;
        an empty cell means "no label".
    text_column, labels_column : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ANNOTATION_COLUMNS`. Each row is its own group unless the file has a
        ``group`` or ``doc_id`` column.
    """
    path = Path(path)
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    elif path.suffix in (".jsonl", ".json"):
        frame = pd.read_json(path, lines=path.suffix == ".jsonl", dtype=False)
    else:
        raise ValueError(f"{path}: annotations must be .csv or .jsonl")
    missing = {text_column, labels_column} - set(frame.columns)
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {sorted(missing)}; columns are {list(frame.columns)} "
            "(name yours with text_column= and labels_column=)"
        )
    ids = frame["id"] if "id" in frame else pd.Series(range(len(frame))).map(lambda i: f"row{i}")
    group_column = next((c for c in ("group", "doc_id") if c in frame), None)
    return pd.DataFrame(
        {
            "unit_id": ids.astype(str).to_numpy(),
            "text": [normalize(str(t)) for t in frame[text_column]],
            "labels": [_labels(v) for v in frame[labels_column]],
            "group": (frame[group_column] if group_column else ids).astype(str).to_numpy(),
            "origin": "user",
        }
    )


def resolve_units(stored: pd.DataFrame, corpus: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Join stored ``(unit_id, text_hash, labels)`` rows to the text of a paragraph table.

    Parameters
    ----------
    stored : pandas.DataFrame
        Columns ``unit_id``, ``text_hash``, ``labels`` and optionally ``origin``.
    corpus : pandas.DataFrame
        A paragraph table (:func:`vnpoverty.load_corpus`) of the same sources.

    Returns
    -------
    (units, unresolved) : tuple of DataFrame
        ``units`` with :data:`ANNOTATION_COLUMNS` (group = the document, teasers grouped with
        the page they were on) and any other stored columns; ``unresolved``: the stored rows
        whose text is no longer in ``corpus``. A unit whose text moved to another position
        of the same document (cleaning changed what comes before it) is found there.
    """
    texts = corpus.set_index("para_id")["text"]
    hashes = texts.map(text_hash)
    found = stored["unit_id"].isin(texts.index)
    same = found.copy()
    same[found] = stored.loc[found, "unit_id"].map(hashes) == stored.loc[found, "text_hash"]
    # Unit ids are positions within a document, and a better cleaning step can shift them
    # (a credit line leaves the body); the same text in the same document is the same unit.
    moved = _find_moved_units(stored[~same], hashes)
    stored = stored.copy()
    stored.loc[moved.index, "unit_id"] = moved
    same[moved.index] = True
    good = stored[same]
    unresolved = stored[~same]
    documents = unit_documents(good["unit_id"])
    units = pd.DataFrame(
        {
            "unit_id": good["unit_id"].to_numpy(),
            "text": good["unit_id"].map(texts).to_numpy(),
            "labels": good["labels"].map(list).to_numpy(),
            "group": documents.to_numpy(),
            "origin": good["origin"].to_numpy() if "origin" in good else "corpus",
        }
    )
    # Anything else stored about a unit (how it was sampled, who decided) travels along.
    for column in stored.columns.difference(["unit_id", "text_hash", "labels", "origin"]):
        units[column] = good[column].to_numpy()
    return units, unresolved


def recover_units(
    stored: pd.DataFrame,
    sources: Sequence[str | os.PathLike[str]],
    *,
    progress: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Recover the text of stored units by ingesting the documents they come from.

    Only the documents that some unit belongs to are ingested (a teaser's page holds the
    teaser): a document's paragraphs depend on that document alone, and whole corpora
    (150,000 headlines) take minutes.

    Parameters
    ----------
    stored : pandas.DataFrame
        Columns ``unit_id``, ``text_hash``, ``labels`` and optionally others, as for
        :func:`resolve_units`.
    sources : sequence of str or PathLike
        Files or folders :func:`vnpoverty.read_documents` reads (the sources the units were
        drawn from).
    progress : bool, default True
        Progress bar while ingesting.

    Returns
    -------
    (units, unresolved) : tuple of DataFrame
        As :func:`resolve_units` returns them.
    """
    from vnpoverty.corpus import load_corpus, read_documents

    documents = read_documents(list(sources))
    needed = set(unit_documents(stored["unit_id"].astype(str)))
    documents = documents[documents["doc_id"].isin(needed)]
    corpus = (
        load_corpus(documents, progress=progress)
        if len(documents)
        else pd.DataFrame(columns=["para_id", "text"])
    )
    return resolve_units(stored, corpus)


def unit_documents(unit_ids: pd.Series) -> pd.Series:
    """The document each unit id belongs to (a teaser's is the page it was on).

    Unit ids are ``<doc_id>:<position>``; a teaser's doc id is ``<page>~<teaser>``.
    """
    return unit_ids.str.rsplit(":", n=1).str[0].str.split("~").str[0]


def _find_moved_units(stored: pd.DataFrame, hashes: pd.Series) -> pd.Series:
    """New ids of stored units whose text now sits at another position in the same document."""
    documents = hashes.index.str.rsplit(":", n=1).str[0]
    where = pd.Series(hashes.index, index=pd.MultiIndex.from_arrays([documents, hashes.to_numpy()]))
    where = where[~where.index.duplicated(keep=False)]
    keys = list(
        zip(stored["unit_id"].str.rsplit(":", n=1).str[0], stored["text_hash"], strict=True)
    )
    new_ids = pd.Series([where.get(key) for key in keys], index=stored.index)
    return new_ids.dropna()


def label_matrix(labels: Sequence[Sequence[str]], names: Sequence[str]) -> np.ndarray:
    """Binary indicator matrix (units x label names); unknown label names raise ``ValueError``."""
    index = {name: column for column, name in enumerate(names)}
    unknown = sorted({label for row in labels for label in row if label not in index})
    if unknown:
        raise ValueError(f"labels {unknown} are not in the taxonomy {list(names)}")
    matrix = np.zeros((len(labels), len(names)), dtype=int)
    for row, row_labels in enumerate(labels):
        for label in row_labels:
            matrix[row, index[label]] = 1
    return matrix


def agreement(
    first: Sequence[Sequence[str]], second: Sequence[Sequence[str]], names: Sequence[str]
) -> pd.DataFrame:
    """Per-label Cohen's kappa between two labellings of the same units.

    Returns
    -------
    pandas.DataFrame
        One row per label: kappa, positives in each labelling, positives in both.
    """
    from sklearn.metrics import cohen_kappa_score

    a, b = label_matrix(first, names), label_matrix(second, names)
    rows = []
    for column, name in enumerate(names):
        same = bool((a[:, column] == b[:, column]).all())
        kappa = 1.0 if same else cohen_kappa_score(a[:, column], b[:, column])
        rows.append(
            {
                "label": name,
                "kappa": float(kappa),
                "first": int(a[:, column].sum()),
                "second": int(b[:, column].sum()),
                "both": int((a[:, column] & b[:, column]).sum()),
            }
        )
    return pd.DataFrame(rows)
