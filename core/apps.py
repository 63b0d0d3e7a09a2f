from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces with no knowledge of any app: audit, forms, validators, PDFs, archives, history,
    storage, middleware, the page cache, view helpers and the template tags."""

    name = "core"
    label = "core"
    verbose_name = "Core (shared)"

    def ready(self) -> None:
        from .page_cache import connect_signals

        connect_signals()
