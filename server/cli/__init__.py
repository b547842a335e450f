"""budgetmeter-server, the outermost layer: the API server (main.py) and its commands, one module each."""
