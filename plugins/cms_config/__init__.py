from .cms_config import register

__all__ = ["register"]
