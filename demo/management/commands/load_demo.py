import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.dates import format_date
from demo.data import DEMO_PASSWORD, DEMO_USERS, DemoExists, build_demo


class Command(BaseCommand):
    help = (
        "Build the demonstration partnerships from the seed documents, dated from the day they are built "
        "(idempotent: a second run changes nothing). Never in production."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-sign-ins", action="store_true", help="Do not print the demo sign-ins.")
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo partnerships and build them again for today."
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="Build the demo as if today were this day (YYYY-MM-DD), for trying the dates out.",
        )

    def handle(self, *args, quiet_sign_ins: bool = False, reset: bool = False, today=None, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data and its sign-ins are for development only: DJANGO_DEBUG is off.")
        try:
            partnerships, build = build_demo(today, reset=reset)
        except DemoExists as error:
            raise CommandError(str(error)) from error
        for partnership in partnerships.values():
            self.stdout.write(f"Demo partnership ready: {partnership.name}")
        self.stdout.write(
            f"Its dates are worked out from {format_date(build.built_on)}; `manage.py load_demo --reset` "
            "builds it again for today."
        )
        if not quiet_sign_ins:
            self.stdout.write(f"\nDemo sign-ins (password for each: {DEMO_PASSWORD}):")
            for username, (_, _, role) in DEMO_USERS.items():
                self.stdout.write(f"  {username:<14} {role}")
