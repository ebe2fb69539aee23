from .live_update import register

__all__ = ["register"]
