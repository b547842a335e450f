"""Flet-backed implementations of the stores in :mod:`app.credentials` (the user's own device)."""
