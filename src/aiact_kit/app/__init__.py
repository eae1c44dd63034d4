"""Serving the Voila app: the kernel manager and what the server process needs."""
