from .unused_cache import register

__all__ = ["register"]
