from .host_files import register

__all__ = ["register"]
