"""Bundled rule files (data)."""
