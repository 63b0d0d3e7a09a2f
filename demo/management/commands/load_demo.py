from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.data import DEMO_PASSWORD, DEMO_USERS, build_demo


class Command(BaseCommand):
    help = "Build the demonstration partnerships from the seed documents (idempotent). Never in production."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-sign-ins", action="store_true", help="Do not print the demo sign-ins.")

    def handle(self, *args, quiet_sign_ins: bool = False, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data and its sign-ins are for development only: DJANGO_DEBUG is off.")
        partnerships = build_demo()
        for partnership in partnerships.values():
            self.stdout.write(f"Demo partnership ready: {partnership.name}")
        if not quiet_sign_ins:
            self.stdout.write(f"\nDemo sign-ins (password for each: {DEMO_PASSWORD}):")
            for username, (_, _, role) in DEMO_USERS.items():
                self.stdout.write(f"  {username:<14} {role}")
