"""Themes in Vietnamese paragraphs with BERTopic, and how they move over time and place.

- :func:`fit_topics` / :class:`TopicModel`: BERTopic with explicit Vietnamese pieces
  (segmented-word vectorizer, project stop words, seeded UMAP and HDBSCAN sized from the
  corpus, outlier reduction), an offline embedding backend, and guided or zero-shot modes
  seeded from the intervention taxonomy.
- :meth:`TopicModel.topics_over_time`, :meth:`TopicModel.topics_per_class`: by month, quarter
  or year; by province (old or new scheme) or region.
- :func:`load_topics`: a saved model, restored offline with its tokenizer and embedder.
- :func:`coherence`, :func:`diversity`: NPMI coherence and topic diversity of top words.
"""

from vnpoverty.topics.model import OUTLIER, TopicModel, fit_topics, load_topics
from vnpoverty.topics.quality import coherence, diversity

__all__ = ["OUTLIER", "TopicModel", "coherence", "diversity", "fit_topics", "load_topics"]
