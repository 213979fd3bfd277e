"""Trained models shipped with vnpoverty, importable as ``vnpoverty.shipped_models``.

Each model is a folder: its payload, ``metadata.json`` and ``MODEL_CARD.md``. Load one with
``vnpoverty.load_classifier()`` (the default) or ``vnpoverty.load_classifier(path)``.
"""
