from .build_time import register

__all__ = ["register"]
