"""Responsive, lightweight pictures from editors' photos: responsive_images.py."""

from .responsive_images import register  # noqa: F401
