"""Phosphene's local AI Concert Venue server: the venue's agent API on one machine, no internet.

Entry points: ``venue_server.app.create_app(config)`` and ``python -m venue_server serve``.
"""
