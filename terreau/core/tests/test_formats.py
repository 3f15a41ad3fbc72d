"""Dates read as the communities write them, in both languages: day first, 24-hour clock."""

import datetime

from django.utils import formats, translation


def test_english_dates_are_european():
    moment = datetime.datetime(2026, 11, 30, 18, 5)
    with translation.override("en"):
        assert formats.date_format(moment.date()) == "30 November 2026"
        assert formats.time_format(moment.time()) == "18:05"
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "30/11/2026"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_french_dates_unchanged():
    with translation.override("fr"):
        assert formats.date_format(datetime.date(2026, 11, 30)) == "30 novembre 2026"
