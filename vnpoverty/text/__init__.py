"""The Vietnamese text layer every later stage uses.

- :func:`normalize`: Unicode NFC, tone-mark placement, whitespace, stray markup, legacy encodings.
- :func:`detect_encoding`, :func:`repair_encoding`, :func:`decode_bytes`: TCVN3, VNI, VISCII and
  mojibake, detected and repaired.
- :func:`is_vietnamese`, :func:`vietnamese_share`: is this Vietnamese text at all?
- :func:`segment`: word segmentation with underthesea ("hỗ trợ" -> "hỗ_trợ"), batched, parallel
  and cached (:class:`SegmentationCache`).
- :data:`STOP_WORDS`, :func:`load_stop_words`: the project's stop words, in segmented form.
- :class:`VietnameseNormalizer`, :class:`WordSegmenter`: the same as scikit-learn steps.
"""

from vnpoverty.text.encoding import (
    EncodingReport,
    LegacyEncodingError,
    decode_bytes,
    detect_encoding,
    repair_encoding,
)
from vnpoverty.text.language import is_vietnamese, vietnamese_share
from vnpoverty.text.normalization import normalize
from vnpoverty.text.segmentation import SegmentationCache, segment
from vnpoverty.text.stopwords import STOP_WORDS, load_stop_words
from vnpoverty.text.transformers import VietnameseNormalizer, WordSegmenter

__all__ = [
    "STOP_WORDS",
    "EncodingReport",
    "LegacyEncodingError",
    "SegmentationCache",
    "VietnameseNormalizer",
    "WordSegmenter",
    "decode_bytes",
    "detect_encoding",
    "is_vietnamese",
    "load_stop_words",
    "normalize",
    "repair_encoding",
    "segment",
    "vietnamese_share",
]
