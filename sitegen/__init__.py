"""sitegen: websites, meeting calendars and posters for self-help groups."""

__version__ = "0.1.0"
