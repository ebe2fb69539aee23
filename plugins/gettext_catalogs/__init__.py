from .gettext_catalogs import register

__all__ = ["register"]
