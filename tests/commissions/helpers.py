"""Commissions made through the services, for tests."""

import datetime as dt

from commissions import services


def make_commission(
    partnership,
    title,
    *,
    by,
    strategy="",
    resolution=None,
    establish_by=None,
    issue="i",
    remit="r",
    focus_areas=(),
    ends_on=dt.date(2027, 6, 30),
):
    """A commission from 2 November 2026 to `ends_on` (30 June 2027): proposed, and established by
    `resolution` (on 3 November 2026) when one is given."""
    commission = services.commission_propose(
        partnership=partnership,
        title=title,
        issue=issue,
        remit=remit,
        focus_areas=list(focus_areas),
        members=[],
        starts_on=dt.date(2026, 11, 2),
        ends_on=ends_on,
        participation_strategy=strategy,
        by=by,
    )
    if resolution is not None:
        services.commission_establish(
            commission=commission,
            resolution=resolution,
            by_chair=False,
            established_on=dt.date(2026, 11, 3),
            by=establish_by or by,
        )
    return commission
