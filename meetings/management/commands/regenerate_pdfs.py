from django.core.management.base import BaseCommand

from meetings.services import regenerate_pdfs


class Command(BaseCommand):
    help = "Render every stored agenda pack and the latest minutes PDF of each meeting again."

    def handle(self, *args, **options) -> None:
        count = regenerate_pdfs()
        self.stdout.write(f"{count} PDF{'s' if count != 1 else ''} regenerated.")
