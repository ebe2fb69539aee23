from .stylesheets import register

__all__ = ["register"]
