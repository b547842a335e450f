"""What the product does (balances, caseload, ingest, alerts, signals, winter support, the top-up point
index, the demo), called by the API and the commands; below them, above the contract and the store."""
