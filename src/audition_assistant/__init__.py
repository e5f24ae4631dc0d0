"""Assistant d'audition."""

__version__ = "0.1.0"
