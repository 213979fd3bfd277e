"""Command-line workflows: training, evaluating and topic modelling, as ``vnpoverty`` runs them.

Each module (``train_classifier``, ``evaluate_classifier``, ``fit_topics``) exposes
``build_parser(defaults)`` and ``main(argv, defaults=..., prog=...)``. ``vnpoverty train``,
``vnpoverty evaluate`` and ``vnpoverty topics`` call them with no defaults; the scripts in the
repository's ``training/`` folder call them with the paths of the repository's own annotations.
Nothing here knows where a checkout keeps its files.
"""
