"""Bundled clause trees (data)."""
