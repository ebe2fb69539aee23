from .phrase_breaks import register

__all__ = ["register"]
