"""Writes on events: one-off events and their cancellation (events.py), series and their
occurrences (series.py), the agenda (agenda.py) and the minutes (minutes.py). Each takes the person
acting, checks the policy, writes the history and announces what happened (terreau/core/events.py)
inside its transaction."""
