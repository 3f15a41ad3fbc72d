from django.core.management.base import BaseCommand

from terreau.demo import data as demo


class Command(BaseCommand):
    help = "Load the French demo data once (does nothing when communities already exist)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-code",
            action="store_true",
            help=f"Print the current authenticator code of the demo admin ({demo.DEMO_ADMIN_EMAIL}) and stop.",
        )

    def handle(self, *args, admin_code=False, **options):
        if admin_code:
            self.stdout.write(demo.demo_admin_code())
            return
        if demo.demo_loaded():
            # Demo data loaded before platform admins needed a second factor gets it now.
            demo.demo_admin_second_factor()
            self.stdout.write("Demo data already loaded.")
            return
        demo.demo_load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
