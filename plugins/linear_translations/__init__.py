from .linear_translations import register

__all__ = ["register"]
