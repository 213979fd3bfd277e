"""vnpoverty: read Vietnamese news and policy text on poverty reduction.

The public entry points, one per job::

    import vnpoverty as vp
    result = vp.analyze(["articles/"], "results/")  # the main job: tables, figures, report.html
    table = vp.load_corpus(["articles/"])        # raw articles -> paragraph table
    tagged = vp.load_classifier().tag(table)     # + one column per intervention label
    topics = vp.fit_topics(tagged)               # BERTopic themes, offline
    shares = vp.trends.shares(tagged, ["housing", "credit"], by=["doc_province", "period"])
    vp.text.normalize("Thuỷ lợi hoà bình")       # Vietnamese text layer

Submodules are imported on first use, so ``import vnpoverty`` stays fast and loads no model.
"""

from __future__ import annotations

import importlib
from typing import Any

from vnpoverty._version import __version__

__all__ = [
    "__version__",
    "analysis",
    "analyze",
    "classify",
    "corpus",
    "datasets",
    "fit_topics",
    "geo",
    "load_classifier",
    "load_corpus",
    "load_topics",
    "plots",
    "text",
    "topics",
    "trends",
]

_SUBMODULES = {
    "text",
    "corpus",
    "geo",
    "classify",
    "topics",
    "trends",
    "plots",
    "analysis",
    "datasets",
}
_FUNCTIONS = {
    "analyze": "vnpoverty.analysis",
    "load_corpus": "vnpoverty.corpus",
    "load_classifier": "vnpoverty.classify",
    "fit_topics": "vnpoverty.topics",
    "load_topics": "vnpoverty.topics",
}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"vnpoverty.{name}")
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(_FUNCTIONS[name]), name)
    raise AttributeError(f"module 'vnpoverty' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
