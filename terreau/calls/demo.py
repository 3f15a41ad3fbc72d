"""Demo recruitment of "circuits-courts" (called from terreau/demo/data.py), for the Grow page and the
facilitator's weekly hour (terreau/overview).

A year of recruitment (a call, its answers month by month, invitations, requests to join), a newcomer
without a sponsor, a member whose email came back, a request waiting, and themes the other demo
communities share with it.
"""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from terreau.calls.models import Application, Call
from terreau.communities.models import Community, Invitation, JoinRequest, Membership, Theme
from terreau.communities.themes import theme_slug
from terreau.emails.models import Email

APPLICANTS = [
    ("Aline Collard", "Ferme du Bois-Joli", "Je vends des œufs et des volailles en direct à Havelange."),
    (
        "Bruno Delvaux",
        "Coopérative Agricovert",
        "Notre coopérative cherche à mutualiser la logistique avec d'autres GAL.",
    ),
    ("Carine Hubert", "Commune de Ciney", "La commune veut introduire plus de produits locaux dans ses cantines."),
    (
        "Didier Lambotte",
        "Brasserie du Flo",
        "Je transforme l'orge de trois fermes voisines ; je cherche des débouchés.",
    ),
    (
        "Estelle Noël",
        "GAL Haute-Meuse",
        "Chargée de mission circuits courts depuis peu, j'aimerais apprendre des autres.",
    ),
    ("Fabrice Renard", "Maraîcher bio", "Je livre des paniers à Dinant et je voudrais partager mes tournées."),
    ("Gwen Masson", "Halle de Han", "Nous gérons un point de vente collectif de 40 producteurs."),
    ("Henri Piron", "Fromagerie du Samson", "Les normes AFSCA pour la vente directe me posent des questions."),
    ("Inès Lejeune", "ASBL Point Ferme", "Nous organisons des tournées de livraison mutualisées."),
    ("Jules Baudouin", "Étudiant en agronomie", "Je fais un mémoire sur la logistique des circuits courts."),
    ("Katia Gilson", "Épicerie Le Panier", "Mon épicerie vend des produits de 25 fermes de la région."),
    ("Luc Wathelet", "GAL Condroz", "J'accompagne un projet de légumerie pour les cantines."),
    ("Maud Servais", "Ferme de la Vallée", "Je cherche à rejoindre un point de vente collectif."),
    ("Noël Dricot", "Agence de développement local", "Nous cartographions les producteurs de la commune."),
]


def demo_load(*, community: Community, core: Membership) -> None:
    rng = random.Random(14)
    now = timezone.now()
    actor = core.user
    members = list(Membership.objects.filter(community=community).select_related("user").order_by("pk"))

    # A call opened ten months ago, answered month after month; some applicants are members now.
    call = Call.objects.create(
        community=community,
        title="Rejoignez la communauté Circuits courts",
        text="Producteurs, GAL, communes, coopératives : partagez vos pratiques de vente directe avec nous.",
        closes_on=(now + timedelta(days=60)).date(),
        visibility="public",
        opened_by=actor,
    )
    Call.objects.filter(pk=call.pk).update(opened_at=now - timedelta(days=300))
    plain = [m for m in members if not m.is_core_team][-6:]
    applications = []
    for index, (name, organisation, motivation) in enumerate(APPLICANTS):
        received = now - timedelta(days=300 - index * 21 + rng.randint(0, 5))
        # Six earlier applicants are members now: their address is a member's.
        joined = plain[index] if index < len(plain) and index % 2 == 0 else None
        status = Application.Status.NEW if index >= len(APPLICANTS) - 2 else Application.Status.ACCEPTED
        if joined is None and status != Application.Status.NEW:
            status = rng.choice(
                [Application.Status.DECLINED, Application.Status.CONTACTED, Application.Status.ACCEPTED]
            )
        applications.append(
            Application(
                call=call,
                name=joined.user.display_name if joined else name,
                email=joined.user.email if joined else f"{name.split()[0].lower()}@exemple.be",
                organisation=organisation,
                motivation=motivation,
                engagement=rng.choice(["carrier", "resource", "observer"]),
                status=status,
                decided_by=None if status == Application.Status.NEW else actor,
                decided_at=None if status == Application.Status.NEW else received + timedelta(days=4),
            )
        )
        if joined is not None:
            Membership.objects.filter(pk=joined.pk).update(joined_at=received + timedelta(days=9))
    made = Application.objects.bulk_create(applications)
    for application, days in zip(made, range(300, 0, -21), strict=False):
        Application.objects.filter(pk=application.pk).update(created_at=now - timedelta(days=days))

    # Invitations sent by hand over the year, most of them accepted.
    invitations = []
    for index in range(9):
        sent = now - timedelta(days=280 - index * 30)
        invitations.append(
            Invitation(
                community=community,
                email=f"invite{index}@exemple.be",
                invited_by=actor,
                expires_at=sent + timedelta(days=14),
                accepted_at=sent + timedelta(days=3) if index % 3 != 2 else None,
            )
        )
    for invitation, made_invitation in zip(invitations, Invitation.objects.bulk_create(invitations), strict=True):
        Invitation.objects.filter(pk=made_invitation.pk).update(created_at=invitation.expires_at - timedelta(days=14))

    # Requests to join: two members came in that way, one person was declined, one waits this week.
    by_request = [m for m in members if not m.is_core_team and m not in plain][-2:]
    for membership in by_request:
        joined_at = Membership.objects.get(pk=membership.pk).joined_at
        request = JoinRequest.objects.create(
            community=community, user=membership.user, status=JoinRequest.Status.APPROVED, decided_by=actor
        )
        JoinRequest.objects.filter(pk=request.pk).update(created_at=joined_at - timedelta(days=2), decided_at=joined_at)
    outsiders = list(
        type(actor).objects.exclude(pk__in=[m.user_id for m in members]).exclude(is_superuser=True).order_by("pk")[:2]
    )
    for index, person in enumerate(outsiders):
        waiting = index == 0
        asked = now - timedelta(days=2) if waiting else now - timedelta(days=150)
        request = JoinRequest.objects.create(
            community=community,
            user=person,
            message="Je travaille sur un projet de point de vente collectif et voudrais échanger avec vous.",
            status=JoinRequest.Status.PENDING if waiting else JoinRequest.Status.DECLINED,
            decided_by=None if waiting else actor,
        )
        JoinRequest.objects.filter(pk=request.pk).update(
            created_at=asked, decided_at=None if waiting else asked + timedelta(days=2)
        )

    # A newcomer of last week, without a sponsor yet; a member whose address refused the emails.
    newcomer = plain[-1]
    Membership.objects.filter(pk=newcomer.pk).update(joined_at=now - timedelta(days=6), sponsor=None)
    bounced = plain[1]
    Email.objects.create(
        to=bounced.user.email,
        subject="La semaine des circuits courts",
        text="Bonjour,",
        template="exchanges/emails/digest",
        language="fr",
        status=Email.Status.FAILED,
        attempts=9,
        error="550 5.1.1 Mailbox does not exist",
    )

    # Every member confirmed their address when signing up (the demo's bulk-made people too), but one.
    unconfirmed = plain[0]
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=m.user, email=m.user.email, primary=True, verified=True)
            for m in members
            if m.pk != unconfirmed.pk
        ],
        ignore_conflicts=True,
    )

    # The other demo communities share themes with this one: partners on the Grow page (the
    # private one only for its members).
    for slug, name in (("tourisme-durable", "Vente directe"), ("mobilite-rurale", "Logistique")):
        other = Community.objects.filter(slug=slug).first()
        if other is not None and not Theme.objects.filter(community=other, slug=theme_slug(name)).exists():
            Theme.objects.create(community=other, name=name)
