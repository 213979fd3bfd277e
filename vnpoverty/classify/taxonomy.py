"""The intervention taxonomy as data: labels, Vietnamese names, definitions, cue phrases.

The project's own taxonomy ships as ``vnpoverty/classify/data/taxonomy.yaml``. A user who wants
a different label set copies that file, edits it and passes its path: nothing in the code names
a label.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import yaml

__all__ = ["Label", "Taxonomy", "load_taxonomy"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Label:
    """One intervention label."""

    name: str
    vietnamese: str
    core: bool
    definition: str
    excludes: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of labels; the order is the column order of every prediction."""

    labels: tuple[Label, ...]
    version: int = 1
    source: str = "vnpoverty"

    @property
    def names(self) -> list[str]:
        """Label names, in order."""
        return [label.name for label in self.labels]

    @property
    def core(self) -> list[str]:
        """Names of the core labels (all labels when none is marked core)."""
        core = [label.name for label in self.labels if label.core]
        return core or self.names

    def __getitem__(self, name: str) -> Label:
        for label in self.labels:
            if label.name == name:
                return label
        raise KeyError(f"no label {name!r}; labels are {self.names}")

    def __len__(self) -> int:
        return len(self.labels)

    @cached_property
    def cue_patterns(self) -> dict[str, re.Pattern[str]]:
        """One compiled, word-bounded, case-insensitive pattern of cue phrases per label."""
        return {
            label.name: re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(cue) for cue in label.cues) + r")(?!\w)",
                re.IGNORECASE,
            )
            for label in self.labels
            if label.cues
        }


def load_taxonomy(path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """Read a taxonomy file (YAML); without a path, the project's own.

    Parameters
    ----------
    path : str or PathLike, optional
        A YAML file with ``labels:``, a list of entries with ``name`` and optionally
        ``vietnamese``, ``core``, ``definition``, ``excludes`` and ``cues``.

    Returns
    -------
    Taxonomy

    Raises
    ------
    ValueError
        If the file has no labels, a name is not snake_case, or a name repeats.
    """
    if path is None:
        text = (
            resources.files("vnpoverty.classify")
            .joinpath("data/taxonomy.yaml")
            .read_text(encoding="utf-8")
        )
        source = "vnpoverty"
    else:
        text = Path(path).read_text(encoding="utf-8")
        source = str(path)
    data = yaml.safe_load(text) or {}
    entries = data.get("labels") if isinstance(data, dict) else None
    if not entries:
        raise ValueError(f"{source}: a taxonomy needs a non-empty 'labels:' list")
    labels = []
    for number, entry in enumerate(entries, start=1):
        name = str(entry.get("name", "")) if isinstance(entry, dict) else ""
        if not _NAME.match(name):
            raise ValueError(f"{source}: label {number} needs a snake_case 'name', got {name!r}")
        cues = tuple(
            unicodedata.normalize("NFC", str(cue)).lower().strip() for cue in entry.get("cues", [])
        )
        labels.append(
            Label(
                name=name,
                vietnamese=str(entry.get("vietnamese", name)),
                core=bool(entry.get("core", False)),
                definition=" ".join(str(entry.get("definition", "")).split()),
                excludes=" ".join(str(entry.get("excludes", "")).split()),
                cues=tuple(cue for cue in cues if cue),
            )
        )
    names = [label.name for label in labels]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"{source}: label names repeat: {repeated}")
    return Taxonomy(labels=tuple(labels), version=int(data.get("version", 1)), source=source)
