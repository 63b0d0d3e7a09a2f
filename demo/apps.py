from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration partnerships (`manage.py load_demo`): imports every app, imported by none."""

    name = "demo"
    verbose_name = "Demonstration data"
