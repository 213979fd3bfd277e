"""Read what analysts bring (folders of pages, exports, spreadsheets) into one document table.

The document table has one row per article and the columns of :data:`DOCUMENT_COLUMNS`. It is
the input of :func:`vnpoverty.corpus.documents_to_paragraphs`.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

__all__ = ["DOCUMENT_COLUMNS", "SUPPORTED_SUFFIXES", "read_documents"]

DOCUMENT_COLUMNS = ["doc_id", "source", "url", "path", "title", "lede", "body", "date", "is_page"]
"""doc_id, source, url, path: identity and provenance. title, lede, body: the text (``None`` when
absent). date: the raw date field, unparsed. is_page: the body is a whole scraped page whose
title, stamp, byline and furniture must still be found."""

SUPPORTED_SUFFIXES = (
    ".txt",
    ".html",
    ".htm",
    ".jsonl",
    ".jsonl.gz",
    ".json",
    ".csv",
    ".csv.gz",
    ".parquet",
)

# Column names seen in news exports, in order of preference, for each field we need.
DEFAULT_COLUMN_CANDIDATES: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id", "article_id", "guid"),
    "title": ("title", "headline", "tieu_de", "tiêu đề", "tieude"),
    "lede": ("lede", "sapo", "summary", "description", "abstract", "tom_tat", "tóm tắt"),
    "body": ("body", "content", "text", "noi_dung", "nội dung", "article", "noidung"),
    "date": (
        "date",
        "published",
        "publish_date",
        "published_at",
        "pubdate",
        "datetime",
        "time",
        "ngay",
        "ngày",
        "created_at",
    ),
    "url": ("url", "link", "href"),
    "source": ("source", "site", "publisher", "outlet", "domain", "nguon", "nguồn"),
}


def read_documents(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    columns: Mapping[str, str] | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Read files and folders of articles into a document table.

    Parameters
    ----------
    paths : path or iterable of paths
        Files or folders (searched recursively). ``.txt`` pages as scraped; ``.html``/``.htm``
        pages (main text extracted with trafilatura); ``.jsonl``, ``.jsonl.gz``, ``.json``,
        ``.csv``, ``.csv.gz`` and ``.parquet`` tables with one article per row.
    columns : mapping, optional
        Which column of your tables holds each field, e.g. ``{"body": "noi_dung_bai",
        "date": "ngay_dang"}``. Fields: doc_id, title, lede, body, date, url, source. Fields
        not given are looked up under common names (see ``DEFAULT_COLUMN_CANDIDATES``).
    source : str, optional
        Source label for rows that carry none (default: the file's folder name).

    Returns
    -------
    pandas.DataFrame
        One row per article, columns :data:`DOCUMENT_COLUMNS`.

    Raises
    ------
    FileNotFoundError
        If a path does not exist.
    ValueError
        If no supported file is found, or a table has neither a body nor a title column.
    """
    files = list(_expand(paths))
    if not files:
        raise ValueError(
            f"no article files found in {paths!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    frames = [_read_file(path, root, columns or {}, source) for path, root in files]
    frames = [frame for frame in frames if not frame.empty]
    table = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=DOCUMENT_COLUMNS)
    )
    table["doc_id"] = _unique_ids(table["doc_id"].astype(str))
    return table[DOCUMENT_COLUMNS]


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return ""


def _expand(paths: object) -> Iterable[tuple[Path, Path]]:
    """(file, root) pairs; root is the folder a file was found under, for readable ids."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:  # type: ignore[union-attr]
        path = Path(given)
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and _suffix(found) and not found.name.startswith("."):
                    yield found, path
        elif _suffix(path):
            yield path, path.parent
        else:
            raise ValueError(
                f"{path}: unsupported file type; supported: {', '.join(SUPPORTED_SUFFIXES)}"
            )


def _read_file(
    path: Path, root: Path, columns: Mapping[str, str], source: str | None
) -> pd.DataFrame:
    suffix = _suffix(path)
    relative = path.relative_to(root).as_posix() if path != root else path.name
    default_source = source or path.parent.name
    if suffix in (".txt", ".html", ".htm"):
        return pd.DataFrame([_read_page(path, relative, suffix, default_source)])
    table = _read_table(path, suffix)
    return _map_columns(table, columns, path, relative, default_source)


def _read_page(path: Path, relative: str, suffix: str, source: str) -> dict:
    from vnpoverty.text.encoding import decode_bytes

    text, _ = decode_bytes(path.read_bytes())
    doc_id = relative.rsplit(".", 1)[0]
    row = {
        "doc_id": doc_id,
        "source": source,
        "url": None,
        "path": str(path),
        "title": None,
        "lede": None,
        "body": text,
        "date": None,
        "is_page": True,
    }
    if suffix == ".txt":
        return row
    extracted = _extract_html(text)
    row.update(extracted)
    return row


def _extract_html(html: str) -> dict:
    """Main text and metadata of an HTML page, with trafilatura (offline, no fetching)."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    if document is None:
        return {"body": "", "is_page": True}
    get = document.get if isinstance(document, dict) else lambda key: getattr(document, key, None)
    return {
        "title": get("title") or None,
        "lede": get("description") or None,
        # One line per HTML paragraph: mark the breaks as paragraph breaks, so that short
        # one-sentence paragraphs are not regrouped like VietNews's sentence-per-line text.
        "body": "\n\n".join((get("text") or "").split("\n")),
        "date": get("date") or None,
        "url": get("url") or None,
        # trafilatura found the title and main text; the body can still end with a byline
        # and teasers, which split_page handles given the title.
        "is_page": False,
    }


def _read_table(path: Path, suffix: str) -> pd.DataFrame:
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".csv", ".csv.gz"):
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    opener = gzip.open if suffix.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        if suffix == ".json":
            data = json.load(handle)
            return pd.DataFrame(data if isinstance(data, list) else data.get("articles", [data]))
        return pd.read_json(io.StringIO(handle.read()), lines=True, dtype=False)


def _map_columns(
    table: pd.DataFrame, columns: Mapping[str, str], path: Path, relative: str, source: str
) -> pd.DataFrame:
    unknown = set(columns) - set(DEFAULT_COLUMN_CANDIDATES)
    if unknown:
        raise ValueError(
            f"unknown field(s) {sorted(unknown)} in columns=; "
            f"fields: {sorted(DEFAULT_COLUMN_CANDIDATES)}"
        )
    lower = {str(name).lower(): name for name in table.columns}
    chosen: dict[str, str | None] = {}
    for field, candidates in DEFAULT_COLUMN_CANDIDATES.items():
        if field in columns:
            if columns[field] not in table.columns:
                raise ValueError(
                    f"{path}: column {columns[field]!r} (given for {field}) not found; "
                    f"columns are {list(table.columns)}"
                )
            chosen[field] = columns[field]
        else:
            chosen[field] = next((lower[c] for c in candidates if c in lower), None)
    if chosen["body"] is None and chosen["title"] is None:
        raise ValueError(
            f"{path}: found neither a body nor a title column among {list(table.columns)}; "
            "name them with columns={'body': ..., 'title': ...}"
        )

    def column(field: str) -> pd.Series:
        name = chosen[field]
        if name is None:
            return pd.Series([None] * len(table), index=table.index, dtype=object)
        return table[name].astype(object).where(table[name].notna(), None)

    ids = column("doc_id")
    fallback_ids = pd.Series([f"{relative}:{i}" for i in range(len(table))], index=table.index)
    return pd.DataFrame(
        {
            "doc_id": ids.where(ids.notna(), fallback_ids).astype(str),
            "source": column("source").fillna(source),
            "url": column("url"),
            "path": str(path),
            "title": column("title"),
            "lede": column("lede"),
            "body": column("body"),
            "date": column("date"),
            "is_page": False,
        }
    )


def _unique_ids(ids: pd.Series) -> pd.Series:
    # Two files or rows with the same id would merge their paragraphs: suffix repeats.
    duplicated = ids.duplicated(keep="first")
    if not duplicated.any():
        return ids
    suffixed = [
        f"{value}~{hashlib.sha1(f'{value}{position}'.encode()).hexdigest()[:6]}"
        if repeat
        else value
        for position, (value, repeat) in enumerate(zip(ids, duplicated, strict=True))
    ]
    return pd.Series(suffixed, index=ids.index)
