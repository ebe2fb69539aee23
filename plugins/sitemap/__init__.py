from .sitemap import register

__all__ = ["register"]
