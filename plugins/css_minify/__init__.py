from .css_minify import register

__all__ = ["register"]
