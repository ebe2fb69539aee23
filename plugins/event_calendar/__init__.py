from .event_calendar import register

__all__ = ["register"]
