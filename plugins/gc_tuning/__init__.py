from .gc_tuning import register

__all__ = ["register"]
