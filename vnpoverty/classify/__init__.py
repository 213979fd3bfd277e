"""Intervention tagging: which interventions does each paragraph describe?

- :func:`load_classifier`: the shipped (or your own) model; ``.predict``, ``.predict_proba``,
  ``.tag(paragraph_table)``.
- :func:`load_taxonomy`: the label set as data (labels, definitions, cue phrases).
- :func:`build_pipeline`: the estimators compared (keywords, TF-IDF on syllables or words,
  sentence embeddings, combined, multilingual-e5-small fine-tuned on the CPU, and the ensemble
  of the last two), for training your own with ``training/train_classifier.py``.
"""

from vnpoverty.classify.model import InterventionClassifier, ModelLoadError, load_classifier
from vnpoverty.classify.pipelines import APPROACHES, KeywordClassifier, build_pipeline
from vnpoverty.classify.taxonomy import Label, Taxonomy, load_taxonomy

__all__ = [
    "APPROACHES",
    "InterventionClassifier",
    "KeywordClassifier",
    "Label",
    "ModelLoadError",
    "Taxonomy",
    "build_pipeline",
    "load_classifier",
    "load_taxonomy",
]
