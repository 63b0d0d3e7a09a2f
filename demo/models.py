from django.db import models
from django.utils import timezone


class DemoBuild(models.Model):
    """The day the demo was built for: every date of the demo is worked out from it. One row while
    the demo exists; `load_demo --reset` deletes it with the demo partnerships."""

    built_on = models.DateField()
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Demo built for {self.built_on:%Y-%m-%d}"
