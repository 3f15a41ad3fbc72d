"""`manage.py import_archive <zip> --as <email> [--name … --slug … --public --phase …]`: a new
community from an archive, in this process (no worker needed; the web page queues it instead)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from terreau.accounts.models import User
from terreau.archive import loader
from terreau.communities.models import Community, Phase


class Command(BaseCommand):
    help = "Import a Terreau archive (a ZIP) into a new community of this instance."

    def add_arguments(self, parser):
        parser.add_argument("zip", help="the archive's ZIP file")
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            help="the email of the person importing (a platform admin or someone allowed to create communities); "
            "they become the core team of the new community",
        )
        parser.add_argument("--name", help="the new community's name (the archive's by default)")
        parser.add_argument("--slug", help="its short address (the archive's by default)")
        parser.add_argument("--public", action="store_true", help="list it publicly (private by default)")
        parser.add_argument(
            "--phase", default=Phase.RUN, choices=Phase.values, help="its lifecycle phase (run by default)"
        )

    def handle(self, *args, zip, email, name=None, slug=None, public=False, phase=Phase.RUN, **options):
        actor = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account has the email {email}.")
        try:
            community = loader.load(
                zip,
                actor=actor,
                name=name,
                slug=slug,
                listing=Community.Listing.PUBLIC if public else Community.Listing.PRIVATE,
                phase=phase,
            )
        except FileNotFoundError as error:
            raise CommandError(f"No file {zip}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(f"{email} may not create communities on this instance.") from error
        self.stdout.write(f"Imported into the community “{community.name}” (/c/{community.slug}/).")
