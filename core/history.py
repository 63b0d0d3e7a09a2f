"""The history of governance records, told for people: who changed what, when, and why."""

import difflib
from collections.abc import Iterable
from itertools import chain


def describe_changes(record) -> list[str]:
    """What changed between this version and the one before: short values as old → new, long
    text (minutes) as the lines removed and added."""
    previous = record.prev_record
    if previous is None:
        return []
    lines = []
    for change in record.diff_against(previous).changes:
        name = change.field.replace("_", " ")
        old, new = str(change.old or ""), str(change.new or "")
        if "\n" in old + new or len(old) + len(new) > 160:
            diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            lines.append(f"{name}:")
            lines.extend(f"{'removed' if line[0] == '-' else 'added'}: {line[1:]}" for line in changed)
        else:
            lines.append(f"{name}: “{old}” → “{new}”")
    return lines


def history_entries(*record_sets: Iterable) -> list[dict]:
    """History rows of several models, newest first, ready for the history table."""
    records = sorted(chain(*record_sets), key=lambda record: record.history_date, reverse=True)
    return [
        {
            "when": record.history_date,
            "who": record.history_user,
            "what": record._meta.model.instance_type._meta.verbose_name.capitalize(),
            "label": str(record.instance) if record.history_type != "-" else "(removed)",
            "kind": {"+": "Created", "~": "Changed", "-": "Removed"}[record.history_type],
            "reason": record.history_change_reason,
            "changes": describe_changes(record) if record.history_type == "~" else [],
        }
        for record in records
    ]
