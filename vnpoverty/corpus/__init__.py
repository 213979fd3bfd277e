"""Ingestion: raw articles -> a clean paragraph table with date and province.

- :func:`load_corpus`: files, folders or a table in; one row per paragraph unit out.
- :func:`read_documents` and :func:`documents_to_paragraphs`: the two halves, for custom
  readers or for running the second half over partitions of a large corpus.
- :func:`summarize`, :func:`save`, :func:`load`: report, and Parquet round trip.
"""

from vnpoverty.corpus.ingest import (
    PARAGRAPH_COLUMNS,
    CorpusSummary,
    documents_to_paragraphs,
    load,
    load_corpus,
    save,
    save_csv,
    summarize,
)
from vnpoverty.corpus.readers import DOCUMENT_COLUMNS, read_documents

__all__ = [
    "DOCUMENT_COLUMNS",
    "PARAGRAPH_COLUMNS",
    "CorpusSummary",
    "documents_to_paragraphs",
    "load",
    "load_corpus",
    "read_documents",
    "save",
    "save_csv",
    "summarize",
]
