"""The events' pages, one module per part: events.py (calendar, event and series pages),
registrations.py (register, waiting list, attendance), agenda.py (agenda and minutes),
feeds.py (iCalendar feeds and downloads). Each module registers its event-page panels (panels.py)."""
