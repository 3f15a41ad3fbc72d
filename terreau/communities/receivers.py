from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from terreau.communities import services
from terreau.communities.models import Invitation


@receiver(user_signed_up)
def accept_invitation_after_sign_up(sender, request, user, **kwargs):
    """Whoever signs up from an invitation becomes a member straight away."""
    token = request.session.pop("invitation_token", None) if request else None
    invitation = Invitation.objects.filter(token=token).first() if token else None
    if invitation is not None and invitation.is_open:
        services.invitation_accept(invitation=invitation, user=user)
