"""Bundled resources: templates, references, Word models, demo answers."""
