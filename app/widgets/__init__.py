"""Reusable controls drawn by the views (plain functions returning Flet controls, or components)."""
