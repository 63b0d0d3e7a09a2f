from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The staff dashboard: composes meetings and commissions for the signed-in user."""

    name = "dashboard"
    verbose_name = "Staff dashboard"
