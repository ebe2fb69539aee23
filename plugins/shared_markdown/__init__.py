from .shared_markdown import register

__all__ = ["register"]
