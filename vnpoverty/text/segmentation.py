"""Vietnamese word segmentation with underthesea, batched, parallel and cached.

Vietnamese writes one syllable per space-separated token; words of two or more syllables
("giảm nghèo", "Ngân hàng Chính sách xã hội") are joined here with "_" so that counting and
classifying work on words, not syllables.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from joblib import Parallel, delayed

from vnpoverty._cache import TextKeyedCache
from vnpoverty._progress import progress_bar
from vnpoverty.text._inputs import as_text_list

__all__ = ["SegmentationCache", "segment", "segmenter_version"]

# Below this many texts the cost of starting worker processes outweighs the gain.
_MIN_TEXTS_PER_WORKER = 64
_CHUNK_SIZE = 256


def segmenter_version() -> str:
    """Identify the segmenter, so that a cache never serves output of another version."""
    from importlib.metadata import version

    return f"underthesea-{version('underthesea')}"


class SegmentationCache(TextKeyedCache):
    """Segmented texts keyed by a hash of the input text and the segmenter version.

    In memory by default; give a ``path`` to keep it in an SQLite file that later runs (and
    other processes) reuse, so re-running an analysis on the same corpus does not segment it
    again. The file can be shared with the embedding cache.

    Parameters
    ----------
    path : str or Path, optional
        SQLite file to read and extend. Created if missing; its folder must exist.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(namespace=segmenter_version(), path=path)


def segment(
    texts: Iterable[str] | str,
    *,
    n_jobs: int = 1,
    cache: SegmentationCache | None = None,
    lowercase: bool = False,
    progress: bool | None = None,
) -> list[str]:
    """Segment Vietnamese texts into words joined with "_".

    Parameters
    ----------
    texts : iterable of str, or str
        The texts. A single ``str`` is treated as a batch of one. ``None`` and NaN are
        segmented as ``""`` (missing values are common in tables; an empty text has no words).
    n_jobs : int, default 1
        Worker processes (joblib); ``-1`` uses every core. Small batches run in-process.
    cache : SegmentationCache, optional
        Where to look up and store results. Without one, duplicates within this call are
        still segmented only once.
    lowercase : bool, default False
        Lowercase the output (after segmentation, which uses capitalisation as a cue).
    progress : bool, optional
        Show a progress bar; by default only for batches of more than a thousand texts.

    Returns
    -------
    list of str
        One segmented text per input, in order. Line breaks are kept; every other run of
        white space becomes one space; punctuation is split off as its own token.

    Examples
    --------
    >>> segment(["Hỗ trợ hộ nghèo vay vốn ưu đãi"])  # doctest: +SKIP
    ['Hỗ_trợ hộ nghèo vay vốn ưu_đãi']
    """
    clean = [texts] if isinstance(texts, str) else as_text_list(texts)
    cache = cache if cache is not None else SegmentationCache()
    unique = list(dict.fromkeys(clean))
    known = cache.get_many(unique)
    todo = [text for text in unique if text not in known]

    if todo:
        chunks = [todo[i : i + _CHUNK_SIZE] for i in range(0, len(todo), _CHUNK_SIZE)]
        workers = _effective_jobs(n_jobs, len(todo))
        show = progress if progress is not None else len(todo) > 1000
        with progress_bar(total=len(todo), desc="Segmenting", unit="text", enable=show) as bar:
            for chunk, segmented in zip(chunks, _run(chunks, workers), strict=True):
                cache.put_many(dict(zip(chunk, segmented, strict=True)))
                known.update(zip(chunk, segmented, strict=True))
                bar.update(len(chunk))

    result = [known[text] for text in clean]
    return [text.lower() for text in result] if lowercase else result


def _effective_jobs(n_jobs: int, n_texts: int) -> int:
    cores = os.cpu_count() or 1
    wanted = cores if n_jobs < 0 else max(1, n_jobs)
    return max(1, min(wanted, n_texts // _MIN_TEXTS_PER_WORKER))


def _run(chunks: list[list[str]], workers: int) -> Iterator[list[str]]:
    if workers == 1:
        return (_segment_chunk(chunk) for chunk in chunks)
    return Parallel(n_jobs=workers, return_as="generator")(
        delayed(_segment_chunk)(chunk) for chunk in chunks
    )


def _segment_chunk(texts: list[str]) -> list[str]:
    from underthesea import word_tokenize

    def one(text: str) -> str:
        # Line by line: keeps paragraph structure and bounds the length of a CRF sequence.
        return "\n".join(
            word_tokenize(line, format="text") if line.strip() else "" for line in text.split("\n")
        )

    return [one(text) for text in texts]
