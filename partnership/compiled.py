"""Querysets compiled to SQL once per process, for the public addresses asked for most.

Building and compiling a queryset costs the ORM longer than PostgreSQL takes to run the prepared
statement it becomes. For a query asked for again and again with only its values changing,
`CompiledQuery` builds the queryset once with marker values, keeps its SQL, and runs it afterwards
with the request's values in the markers' places. It runs through Django's cursor, so query
counting, logging and execute wrappers still see it, and the queryset stays the one statement of
the rules (which records are public).

A marker must reach the SQL as a parameter unchanged: text, a whole number, a date or a datetime,
compared with exact, `gt`, `gte`, `lt` or `lte`. Compiling refuses a queryset in which a marker
cannot be found. `build` must depend on nothing but its arguments: whatever else it reads (the
clock, settings) is compiled in once.
"""

import datetime as dt
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

_EPOCH = dt.datetime(1001, 1, 1, tzinfo=dt.UTC)  # markers: no real record is this old
_FIRST_DAY = dt.date(1001, 1, 1)
_FIRST_NUMBER = -(10**12)  # nor this negative
_MARKABLE = (str, int, dt.date)


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet], using: str = "default") -> None:
        """`build(**markers)` returns the queryset for the given values (a `values_list`)."""
        self.build = build
        self.using = using
        self._compiled: dict[tuple, tuple] = {}

    def rows(self, *, limit: int | None = None, offset: int = 0, **values) -> list[tuple]:
        """The rows for `values`; `limit` and `offset` page through them (the queryset must not
        be sliced itself)."""
        connection = connections[self.using]
        kinds = tuple((name, type(values[name])) for name in sorted(values))
        key = (connection.vendor, connection.settings_dict["NAME"], kinds)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(connection, values)
        compiler, sql, slots = compiled
        params = [_adapt(connection, values[name]) if name else constant for name, constant in slots]
        if limit is not None:
            sql = f"{sql} LIMIT %s OFFSET %s"
            params += [int(limit), int(offset)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))

    def first(self, **values) -> tuple | None:
        rows = self.rows(**values)
        return rows[0] if rows else None

    def _compile(self, connection, values: dict) -> tuple:
        markers = {name: _marker(name, i, value) for i, (name, value) in enumerate(sorted(values.items()))}
        queryset = self.build(**markers)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        by_param = {_adapt(connection, marker): name for name, marker in markers.items()}
        slots = [(by_param.get(param) if _markable(param) else None, param) for param in params]
        missing = set(markers) - {name for name, _ in slots if name}
        if missing:
            raise ValueError(f"These values do not reach the SQL unchanged: {sorted(missing)}")
        return compiler, sql, slots


def _markable(value) -> bool:
    return isinstance(value, _MARKABLE) and not isinstance(value, bool)


def _marker(name: str, index: int, value):
    if isinstance(value, dt.datetime):
        return _EPOCH + dt.timedelta(seconds=index)
    if isinstance(value, dt.date):
        return _FIRST_DAY + dt.timedelta(days=index)
    if isinstance(value, str):
        return f"\x1fmarker:{name}\x1f"
    if _markable(value):
        return _FIRST_NUMBER - index
    raise TypeError(
        f"{name}: only text, whole numbers, dates and datetimes can be compiled in, not {type(value).__name__}"
    )


def _adapt(connection, value):
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value
