from django.core.management.base import BaseCommand

from terreau.demo import data as demo


class Command(BaseCommand):
    help = "Load the French demo data once (does nothing when communities already exist)."

    def handle(self, *args, **options):
        if demo.demo_loaded():
            self.stdout.write("Demo data already loaded.")
            return
        demo.demo_load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
