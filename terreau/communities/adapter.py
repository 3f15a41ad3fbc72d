from terreau.accounts import adapter as accounts_adapter

from .models import Invitation


class AccountAdapter(accounts_adapter.AccountAdapter):
    """Sign-up only through an invitation (its link opens the form, see views.invitation_detail)."""

    def _invitation(self, request) -> Invitation | None:
        token = request.session.get("invitation_token") if request else None
        if not token:
            return None
        invitation = Invitation.objects.filter(token=token).select_related("community").first()
        return invitation if invitation is not None and invitation.is_open else None

    def is_open_for_signup(self, request):
        return self._invitation(request) is not None

    def signup_initial(self, request) -> dict:
        """The name and organisation an applicant gave when answering a call."""
        invitation = self._invitation(request)
        if invitation is None:
            return {}
        return {
            key: value
            for key, value in [("display_name", invitation.name), ("organisation", invitation.organisation)]
            if value
        }
