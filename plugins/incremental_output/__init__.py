from .incremental_output import register

__all__ = ["register"]
