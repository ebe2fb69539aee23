from .localized_dates import register

__all__ = ["register"]
