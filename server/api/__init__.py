"""HTTP in and out: the routes, who is asking (auth), errors, and the middlewares around every request."""
