from .translation_sync import register

__all__ = ["register"]
