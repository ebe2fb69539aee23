from .shipped_html import register

__all__ = ["register"]
