"""Alerts (README, "Alerts"): evaluated where readings and top-ups are applied, shown in the app,
mailed through the store's outbox."""
