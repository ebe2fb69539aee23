from .content_status import register

__all__ = ["register"]
