from .content_urls import register

__all__ = ["register"]
