"""The project's addresses under /moved/ (for tests/partnership/test_links.py)."""

from django.urls import include, path

urlpatterns = [path("moved/", include("partnership.urls"))]
