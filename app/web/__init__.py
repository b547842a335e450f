"""Serving the web client: the app's own page and install look (assets/), the Flet web client's
files compressed once and kept, with cache lifetimes that fit how each file can change."""
