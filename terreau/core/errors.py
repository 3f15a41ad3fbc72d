"""Error reporting through sentry-sdk, started by the settings only when SENTRY_DSN is set.

SENTRY_DSN            where to report (the project's DSN); unset: nothing is reported, nothing sent
SENTRY_ENVIRONMENT    e.g. production, staging (default: production)
SENTRY_RELEASE        e.g. the deployed commit (default: TERREAU_COMMIT, else none)
SENTRY_TRACES_SAMPLE_RATE  share of requests traced for performance, 0 to 1 (default 0: none)

No personal data leaves: `send_default_pii=False` (no user, no IP address, no cookies), no
request body (`max_request_body_size="never"`: a form may hold a member's text or address), no
local variables of the frames (a request, a form, a member's name), and every email address
left in the event (an exception's message, a log line) is masked by `before_send`.
"""

import os
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from .logs import without_personal_data


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return without_personal_data(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value


def before_send(event: dict, hint: dict) -> dict:
    """The event with every email address masked (`[email]`), wherever it was written."""
    return _masked(event)


def sentry_options(dsn: str, environ=os.environ) -> dict:
    rate = environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")
    try:
        traces_sample_rate = float(rate)
    except ValueError:
        raise RuntimeError(f"SENTRY_TRACES_SAMPLE_RATE: {rate!r} is not a number between 0 and 1.") from None
    if not 0 <= traces_sample_rate <= 1:
        raise RuntimeError(f"SENTRY_TRACES_SAMPLE_RATE: {rate!r} is not a number between 0 and 1.")
    return {
        "dsn": dsn,
        "integrations": [DjangoIntegration(), LoggingIntegration()],
        "environment": environ.get("SENTRY_ENVIRONMENT", "production"),
        "release": environ.get("SENTRY_RELEASE") or environ.get("TERREAU_COMMIT") or None,
        "traces_sample_rate": traces_sample_rate,
        "send_default_pii": False,
        "max_request_body_size": "never",
        "include_local_variables": False,
        "before_send": before_send,
        "before_send_transaction": before_send,
    }


def init_sentry(dsn: str, environ=os.environ, **overrides) -> None:
    sentry_sdk.init(**{**sentry_options(dsn, environ), **overrides})
