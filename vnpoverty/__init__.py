"""vnpoverty: read Vietnamese news and policy text on poverty reduction.

The public entry points, one per job::

    import vnpoverty as vp
    table = vp.load_corpus(["articles/"])        # raw articles -> paragraph table
    tagged = vp.load_classifier().tag(table)     # + one column per intervention label
    vp.text.normalize("Thuỷ lợi hoà bình")       # Vietnamese text layer

Submodules are imported on first use, so ``import vnpoverty`` stays fast and loads no model.
"""

from __future__ import annotations

import importlib
from typing import Any

from vnpoverty._version import __version__

__all__ = [
    "__version__",
    "classify",
    "corpus",
    "geo",
    "load_classifier",
    "load_corpus",
    "text",
]

_SUBMODULES = {"text", "corpus", "geo", "classify"}
_FUNCTIONS = {"load_corpus": "vnpoverty.corpus", "load_classifier": "vnpoverty.classify"}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"vnpoverty.{name}")
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(_FUNCTIONS[name]), name)
    raise AttributeError(f"module 'vnpoverty' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
