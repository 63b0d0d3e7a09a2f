from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    """The project package: shared template tags, audit helpers and the demo data command."""

    name = "partnership"
    verbose_name = "Partnership (project)"

    def ready(self) -> None:
        from .page_cache import connect_signals

        connect_signals()
