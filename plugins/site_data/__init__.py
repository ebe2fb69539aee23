from .site_data import register

__all__ = ["register"]
