"""The API contract's shapes: request and answer models (pydantic) and its strict time strings."""
