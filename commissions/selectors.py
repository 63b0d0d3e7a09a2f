"""How a commission was established, as the public may read it."""

import datetime as dt
from dataclasses import dataclass

from meetings.models import Meeting, Resolution

from .models import Commission


@dataclass(frozen=True)
class Establishment:
    """When and how a commission was established: by the chair's delegated decision, or by a
    resolution of the board. `resolution` is set only where the public may read it (in published
    minutes, on an item that is not confidential); `meeting` is the board meeting that resolved
    it, where that meeting is public."""

    on: dt.date
    by_chair: bool
    resolution: Resolution | None = None
    meeting: Meeting | None = None


def public_establishment(commission: Commission) -> Establishment | None:
    """None for a commission not yet established. At most two queries, each from a public
    queryset: the resolution, and (when its minutes are not public yet) its meeting."""
    if commission.established_on is None:
        return None
    resolution_id = commission.established_by_resolution_id
    if resolution_id is None:
        return Establishment(on=commission.established_on, by_chair=commission.established_by_chair)
    resolution = Resolution.objects.public().filter(pk=resolution_id).first()
    meeting = (
        resolution.meeting
        if resolution is not None
        else Meeting.objects.public().select_related("body__partnership").filter(resolutions__pk=resolution_id).first()
    )
    return Establishment(on=commission.established_on, by_chair=False, resolution=resolution, meeting=meeting)
