"""Where a page's time goes, in-process on the benchmark's database (after `make bench`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnership_bench .venv/bin/python bench/breakdown.py [page ...]

For each page (names as in the benchmark's table; all of them by default): the median of 20
requests through Django's test client, split into time waiting for PostgreSQL (the queries'
own times), template rendering (cProfile's cumulative time in Template.render) and the rest
(URL resolving, middleware, the ORM building SQL and model instances, Python in the views).
The template share is taken from separate runs under cProfile and applied to the plain total.
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.run import is_staff, pages, signed_in_as  # noqa: E402
from boards.models import Partnership  # noqa: E402

RUNS = 20


def template_seconds(stats: pstats.Stats) -> float:
    return max(
        (
            row[3]
            for (path, _, name), row in stats.stats.items()
            if name == "render" and path.endswith("template/base.py")
        ),
        default=0.0,
    )


def profile(client: Client, url: str) -> dict:
    """Total and SQL from plain runs; the template share from profiled runs (cProfile slows
    everything down, so its share is applied to the plain total)."""
    client.get(url)  # warm
    totals, sql, shares, queries = [], [], [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url)
            totals.append(time.perf_counter() - started)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries))
        queries = len(captured)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        client.get(url)
        profiler.disable()
        shares.append(template_seconds(pstats.Stats(profiler)) / (time.perf_counter() - started))
    total, db = (1000 * statistics.median(values) for values in (totals, sql))
    tpl = total * statistics.median(shares)
    return {"total_ms": total, "sql_ms": db, "queries": queries, "templates_ms": tpl, "rest_ms": total - db - tpl}


def main() -> None:
    partnership = Partnership.objects.get(slug="bench")
    wanted = set(sys.argv[1:])
    clients = {"visitor": Client(HTTP_HOST="127.0.0.1")}
    for role in ("officer", "chair"):
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(get_user_model().objects.get(username=f"bench-{role}"))
    print("| page | total ms | SQL ms (queries) | templates ms | rest ms |\n|---|---:|---:|---:|---:|")
    for name, url in pages(partnership).items():
        if wanted and name not in wanted:
            continue
        client = clients[signed_in_as(name) if is_staff(name) else "visitor"]
        r = profile(client, url)
        print(
            f"| {name} | {r['total_ms']:.1f} | {r['sql_ms']:.1f} ({r['queries']}) | {r['templates_ms']:.1f} "
            f"| {r['rest_ms']:.1f} |"
        )


if __name__ == "__main__":
    main()
