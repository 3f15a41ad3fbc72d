"""Writes of the events, one module per part: events.py, registrations.py, agenda.py, minutes.py."""
