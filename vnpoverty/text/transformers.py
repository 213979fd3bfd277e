"""scikit-learn steps for the text layer, so that models can be ``Pipeline``s from raw text."""

from __future__ import annotations

import os

from sklearn.base import BaseEstimator, TransformerMixin

from vnpoverty.text._inputs import as_text_list
from vnpoverty.text.normalization import normalize
from vnpoverty.text.segmentation import SegmentationCache, segment

__all__ = ["VietnameseNormalizer", "WordSegmenter"]


class StatelessTextTransformer(TransformerMixin, BaseEstimator):
    """Base of the steps that take a 1-D batch of texts and learn nothing in ``fit``.

    Subclasses store their constructor arguments and implement ``transform``.
    """

    def fit(self, X: object, y: object = None) -> StatelessTextTransformer:
        """Check ``X`` is a batch of texts and return ``self``; nothing is learned."""
        as_text_list(X)
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


class VietnameseNormalizer(StatelessTextTransformer):
    """Normalise Vietnamese text inside a Pipeline (see :func:`vnpoverty.text.normalize`).

    Missing values (``None``, NaN) become ``""``.

    Parameters
    ----------
    strip_markup : bool, default True
        Remove stray HTML tags.
    fix_encoding : bool, default True
        Repair TCVN3, VNI, VISCII and mojibake text.

    Examples
    --------
    >>> VietnameseNormalizer().fit_transform(["Thuỷ lợi", None])
    ['Thủy lợi', '']
    """

    def __init__(self, strip_markup: bool = True, fix_encoding: bool = True) -> None:
        self.strip_markup = strip_markup
        self.fix_encoding = fix_encoding

    def transform(self, X: object) -> list[str]:
        """Return the normalised texts, one per input."""
        return [
            normalize(text, strip_markup=self.strip_markup, fix_encoding=self.fix_encoding)
            for text in as_text_list(X)
        ]


class WordSegmenter(StatelessTextTransformer):
    """Segment Vietnamese text into "_"-joined words inside a Pipeline.

    Parameters
    ----------
    n_jobs : int, default 1
        Worker processes; ``-1`` for every core.
    lowercase : bool, default False
        Lowercase after segmenting.
    cache_path : str or PathLike, optional
        SQLite file that keeps segmentations between calls and runs (see
        :class:`vnpoverty.text.SegmentationCache`). Without it, each ``transform`` call
        segments each distinct text once.
    progress : bool, optional
        Progress bar; by default only for batches of more than a thousand texts.
    """

    def __init__(
        self,
        n_jobs: int = 1,
        lowercase: bool = False,
        cache_path: str | os.PathLike[str] | None = None,
        progress: bool | None = None,
    ) -> None:
        self.n_jobs = n_jobs
        self.lowercase = lowercase
        self.cache_path = cache_path
        self.progress = progress

    def transform(self, X: object) -> list[str]:
        """Return the segmented texts, one per input."""
        texts = as_text_list(X)
        with SegmentationCache(self.cache_path) as cache:
            return segment(
                texts,
                n_jobs=self.n_jobs,
                cache=cache,
                lowercase=self.lowercase,
                progress=self.progress,
            )
