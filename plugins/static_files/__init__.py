"""What static files may be published, and publishing them clean: static_files.py."""

from .static_files import register  # noqa: F401
