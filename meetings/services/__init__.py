"""Every change to meetings, agendas, papers, attendance, minutes and actions goes through these
services, one module per concept (as Zulip's `zerver/actions/`).

Each is named `<entity>_<action>`, keyword-only, atomic; it checks the rule, writes through
`save_audited` (so the history names who and why) and returns what it wrote. Rule breaches raise
`ValidationError` with a message for the person at the keyboard; a stale edit raises `StaleEdit`.
The package names each public service here, so a caller writes `services.agenda_publish(...)`.
"""

from .actions import (
    action_add,
    action_complete,
)
from .agenda import (
    STANDARD_OPENING_ITEMS,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    agenda_start,
    meeting_length_minutes,
    report_save,
)
from .attendance import (
    DRAFTING_STATUSES,
    Quorum,
    attendance_add_other,
    attendance_history,
    attendance_record,
    attendance_version,
    check_drafting,
    declaration_add,
    meeting_hold,
    members_expected,
    quorum,
)
from .minutes import (
    agenda_item_for_minutes,
    approval_meetings,
    item_minutes_save,
    meeting_close_time,
    minutes_approve,
    minutes_correct,
    minutes_publish,
    regenerate_pdfs,
    render_minutes_publication,
    resolution_add,
    resolution_remove,
)
from .papers import (
    report_file_attach,
    report_file_remove,
    sniff_paper_kind,
)
from .proposals import (
    planning_group_appoint,
    planning_group_version,
    proposal_accept,
    proposal_decline,
    proposal_submit,
)
from .publication import (
    agenda_publish,
    agenda_reissue,
    agenda_snapshots,
    agenda_withdraw_item,
    changes_since_publication,
    check_editable,
    deadline_for,
    public_agenda_snapshot,
)
from .schedule import (
    PreviewRow,
    check_body_free,
    check_length,
    clashes,
    london,
    meeting_cancel,
    meeting_create,
    meeting_move,
    meeting_schedule_series,
    series_preview,
)

__all__ = [
    "DRAFTING_STATUSES",
    "STANDARD_OPENING_ITEMS",
    "PreviewRow",
    "Quorum",
    "action_add",
    "action_complete",
    "agenda_item_add",
    "agenda_item_for_minutes",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_publish",
    "agenda_reissue",
    "agenda_snapshots",
    "agenda_start",
    "agenda_withdraw_item",
    "approval_meetings",
    "attendance_add_other",
    "attendance_history",
    "attendance_record",
    "attendance_version",
    "changes_since_publication",
    "check_body_free",
    "check_drafting",
    "check_editable",
    "check_length",
    "clashes",
    "deadline_for",
    "declaration_add",
    "item_minutes_save",
    "london",
    "meeting_cancel",
    "meeting_close_time",
    "meeting_create",
    "meeting_hold",
    "meeting_length_minutes",
    "meeting_move",
    "meeting_schedule_series",
    "members_expected",
    "minutes_approve",
    "minutes_correct",
    "minutes_publish",
    "planning_group_appoint",
    "planning_group_version",
    "proposal_accept",
    "proposal_decline",
    "proposal_submit",
    "public_agenda_snapshot",
    "quorum",
    "regenerate_pdfs",
    "render_minutes_publication",
    "report_file_attach",
    "report_file_remove",
    "report_save",
    "resolution_add",
    "resolution_remove",
    "series_preview",
    "sniff_paper_kind",
]
