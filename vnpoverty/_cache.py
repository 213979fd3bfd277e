"""A cache of values computed from texts (segmentations, embeddings), in memory or SQLite.

Keys are SHA-1 digests of a namespace (the model or tool version) and the text, so one file
can serve several tools and a new version never reads an old version's output. SQLite makes
the file safe to share between processes and robust to a run that is killed half-way.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

_SQL_BATCH = 500


class TextKeyedCache:
    """Values (str or bytes) keyed by text within a namespace.

    Parameters
    ----------
    namespace : str
        What produced the values, with its version (e.g. ``"underthesea-9.5.0"``).
    path : str or PathLike, optional
        SQLite file to read and extend; created if missing (its folder must exist). Without
        it the cache lives in memory for the object's lifetime.
    """

    def __init__(self, namespace: str, path: str | os.PathLike[str] | None = None) -> None:
        self.namespace = namespace
        self.path = Path(path) if path is not None else None
        self._memory: dict[str, str | bytes] = {}
        self._connection: sqlite3.Connection | None = None
        if self.path is not None:
            self._connection = sqlite3.connect(self.path)
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
            )

    def key(self, text: str) -> str:
        """The key of ``text``: SHA-1 of the namespace and the text."""
        return hashlib.sha1(f"{self.namespace}\x00{text}".encode()).hexdigest()

    def get_many(self, texts: Sequence[str]) -> dict[str, str | bytes]:
        """Cached values of those ``texts`` that have one, keyed by text."""
        found = {text: self._memory[text] for text in texts if text in self._memory}
        missing = [text for text in texts if text not in found]
        if self._connection is not None and missing:
            keys = {self.key(text): text for text in missing}
            key_list = list(keys)
            for start in range(0, len(key_list), _SQL_BATCH):
                batch = key_list[start : start + _SQL_BATCH]
                marks = ",".join("?" * len(batch))
                rows = self._connection.execute(
                    f"SELECT key, value FROM cache WHERE key IN ({marks})", batch
                )
                for key, value in rows:
                    found[keys[key]] = value
            self._memory.update({text: found[text] for text in missing if text in found})
        return found

    def put_many(self, pairs: dict[str, str | bytes]) -> None:
        """Store values (text -> value)."""
        self._memory.update(pairs)
        if self._connection is not None and pairs:
            with self._connection:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO cache (key, value) VALUES (?, ?)",
                    [(self.key(text), value) for text, value in pairs.items()],
                )

    def __len__(self) -> int:
        if self._connection is not None:
            return int(self._connection.execute("SELECT COUNT(*) FROM cache").fetchone()[0])
        return len(self._memory)

    def close(self) -> None:
        """Close the SQLite file, if any."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> TextKeyedCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __getstate__(self) -> dict:
        # A connection cannot be pickled; a copy sent to a worker keeps memory only.
        state = self.__dict__.copy()
        state["_connection"] = None
        state["path"] = None
        return state
