class SignInRequired(Exception):
    """Raised for a visitor; the middleware turns it into a redirect to the sign-in page."""
