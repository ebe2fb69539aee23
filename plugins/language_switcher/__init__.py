from .language_switcher import register

__all__ = ["register"]
