"""The benchmark: a script, not a timed test.

    make bench        # the full dataset (10 years of bimonthly meetings for 20 bodies, 50 items each, 1,000 people)
    make bench-small  # a small version, run by CI

Builds the dataset on PostgreSQL (DATABASE_URL), serves the app with gunicorn (DEBUG off), and
measures p50/p90 latency and throughput of the main public and staff pages against a trivial view
behind the same middleware, the stored PDF download, WeasyPrint's time per page against Chromium
printing the same HTML, and the queries of each page at 1x and 100x data. Prints a table and
writes bench/results.json.

The dataset is synthetic and written with bulk_create (no history rows): it is benchmark data, not
governance records.
"""

import argparse
import datetime as dt
import io
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from boards.models import Body, Partnership  # noqa: E402
from core.pdf import render_pdf  # noqa: E402
from meetings.models import AgendaItem, AgendaPublication, Attendance, Meeting, MinutesPublication, Resolution  # noqa: E402
from meetings.selectors import public_minutes  # noqa: E402
from members.models import Membership, Organisation, Person  # noqa: E402

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "bench-password-not-secret"


def build(slug: str, *, bodies: int, years: int, items: int, people: int) -> Partnership:
    """A partnership of the given size; rebuilt from scratch each run."""
    Partnership.objects.filter(slug=slug).delete()
    partnership = Partnership.objects.create(name=f"Benchmark {slug}", slug=slug, area="Bench", vision="Bench")
    officer, _ = get_user_model().objects.get_or_create(username=f"{slug}-officer")
    officer.set_password(PASSWORD)
    officer.save()
    partnership.officers.add(officer)
    organisation = Organisation.objects.create(partnership=partnership, name="Bench Council", sector="local_authority")
    body_rows = Body.objects.bulk_create(
        [
            Body(partnership=partnership, kind="board" if n == 0 else "group", name=f"Body {n}", slug=f"body-{n}")
            for n in range(bodies)
        ]
    )
    person_rows = Person.objects.bulk_create(
        [
            Person(partnership=partnership, given_name=f"Given{n}", family_name=f"Family{n}", slug=f"{slug}-person-{n}")
            for n in range(people)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person=person_rows[(b * 50 + n) % people],
                body=body,
                organisation=organisation,
                starts_on=dt.date(2015, 1, 1),
            )
            for b, body in enumerate(body_rows)
            for n in range(min(50, people))
        ]
    )
    start = timezone.make_aware(dt.datetime(2017, 1, 11, 14))
    meetings = []
    for body in body_rows:
        for n in range(years * 6):
            when = start + dt.timedelta(days=61 * n)
            meetings.append(
                Meeting(
                    body=body,
                    body_kind=body.kind,
                    starts_at=when,
                    ends_at=when + dt.timedelta(hours=2),
                    venue="Civic Offices",
                    status="minutes_published",
                    closed_at=dt.time(15, 30),
                    agenda_published_at=when - dt.timedelta(days=10),
                    minutes_published_at=when,
                )
            )
    meetings = Meeting.objects.bulk_create(meetings)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=m,
                position=p,
                title=f"Item {p}",
                confidential=p == items,
                exempt_paragraph=1 if p == items else None,
            )
            for m in meetings
            for p in range(1, items + 1)
        ]
    )
    first_items = {i.meeting_id: i for i in AgendaItem.objects.filter(meeting__in=meetings, position=1)}
    item_ids = {
        (meeting_id, position): pk
        for pk, meeting_id, position in AgendaItem.objects.filter(meeting__in=meetings).values_list(
            "pk", "meeting_id", "position"
        )
    }
    Resolution.objects.bulk_create(
        [Resolution(meeting=m, item=first_items[m.pk], number=1, text="That it be noted.") for m in meetings]
    )
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=m, person=person_rows[(n * 7) % people], status="present")
            for m in meetings[:400]
            for n in range(min(20, people))
        ],
        ignore_conflicts=True,
    )
    pdf = render_pdf(
        "meetings/pdf/agenda_pack.html", {"meeting": meetings[0], "publication": None, "earlier": [], "items": []}
    )
    AgendaPublication.objects.bulk_create(
        [
            AgendaPublication(
                meeting=m,
                number=0,
                published_at=m.agenda_published_at,
                deadline=m.date,
                snapshot={
                    "items": [
                        {
                            "id": item_ids[m.pk, p],
                            "number": p,
                            "exempt": False,
                            "title": f"Item {p}",
                            "purpose": "For noting",
                            "presenter": "",
                            "expected_minutes": 5,
                            "report": None,
                            "files": [],
                        }
                        if p != items
                        else {
                            "id": item_ids[m.pk, p],
                            "number": p,
                            "exempt": True,
                            "title": "Exempt item — information relating to an individual (paragraph 1)",
                        }
                        for p in range(1, items + 1)
                    ]
                },
                pdf=pdf,
            )
            for m in meetings
        ]
    )
    # Each meeting's minutes are rendered to the web page's HTML as publication does; the PDF is
    # one rendering shared by all (WeasyPrint is measured on its own below).
    MinutesPublication.objects.bulk_create(
        [
            MinutesPublication(
                meeting=m,
                number=0,
                kind="published",
                published_at=m.starts_at,
                pdf=pdf,
                html=render_to_string("meetings/_minutes_body.html", {"minutes": public_minutes(m)}),
            )
            for m in meetings
        ]
    )
    return partnership


def pages(partnership: Partnership) -> dict[str, str]:
    meeting = Meeting.objects.filter(body__partnership=partnership, body__kind="board").order_by("starts_at").first()
    base = f"/partnerships/{partnership.slug}"
    return {
        "trivial view": "/healthz",
        "home": "/",
        "partnership page": f"{base}/",
        "board meetings list": f"{base}/body-0/",
        "meeting with minutes": meeting.get_absolute_url(),
        "members": f"{base}/members/",
        "a body's members": f"{base}/body-0/members/",
        "minutes PDF (stored)": meeting.get_absolute_url() + "minutes.pdf",
        "staff: meeting page": f"/manage/meetings/{meeting.pk}/",
        "staff: dashboard": "/manage/",
    }


def count_queries(partnership: Partnership) -> dict[str, int]:
    client = Client(HTTP_HOST="localhost")
    client.force_login(partnership.officers.get())
    counts = {}
    for name, url in pages(partnership).items():
        reset_queries()  # the query log is a bounded deque: a full one would count nothing
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        counts[name] = len(queries) if status == 200 else -status
    return counts


def serve(secret_key: str, *, redis_url: str = "") -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "partnership.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            os.environ.get("BENCH_WORKERS", "2"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def signed_in_opener(username: str) -> urllib.request.OpenerDirector:
    """An opener carrying a signed-in session (made directly: production cookies are Secure-only,
    and the benchmark talks plain HTTP on the loopback)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session.session_key}")]
    return opener


def measure(opener, url: str, requests: int, concurrency: int, trivial_opener=None) -> dict:
    """Latency of `url`, and of the trivial view in blocks in turn with it (so that both see the
    same machine: a shared 2-core machine drifts over a run), then throughput."""

    def one(_, path=url, by=opener):
        started = time.perf_counter()
        with by.open(BASE + path) as response:
            response.read()
        return time.perf_counter() - started

    [one(0) for _ in range(3)]  # warm up
    latencies, trivial = [], []
    for _ in range(0, requests, 20):  # in blocks, so that neither is measured just after the other
        latencies += [one(0) for _ in range(20)]
        trivial += [one(0, "/healthz", trivial_opener or opener) for _ in range(20)]
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    throughput = requests / (time.perf_counter() - started)
    latencies.sort()
    return {
        "p50_ms": 1000 * statistics.median(latencies),
        "p90_ms": 1000 * latencies[int(0.9 * (len(latencies) - 1))],
        "req_per_s": throughput,
        "trivial_p50_ms": 1000 * statistics.median(trivial),
    }


def pdf_engines(partnership: Partnership) -> dict:
    from pypdf import PdfReader

    meeting = Meeting.objects.filter(body__partnership=partnership).order_by("starts_at").first()
    context = {"minutes": public_minutes(meeting)}
    started = time.perf_counter()
    weasy = render_pdf("meetings/pdf/minutes.html", context)
    weasy_s = time.perf_counter() - started
    weasy_pages = len(PdfReader(io.BytesIO(weasy)).pages)
    result = {"weasyprint_ms_per_page": 1000 * weasy_s / weasy_pages, "weasyprint_pages": weasy_pages}
    try:
        from playwright.sync_api import sync_playwright

        html = render_to_string("meetings/pdf/minutes.html", context)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.set_content(html)
            page.pdf(format="A4")  # warm
            started = time.perf_counter()
            chrome = page.pdf(format="A4")
            chrome_s = time.perf_counter() - started
            browser.close()
        chrome_pages = len(PdfReader(io.BytesIO(chrome)).pages)
        result.update(chromium_ms_per_page=1000 * chrome_s / chrome_pages, chromium_pages=chrome_pages)
    except Exception as error:  # no browser here: say so rather than fail the run
        result["chromium_error"] = str(error)[:120]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="a small dataset, for CI")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
    size = (
        dict(bodies=2, years=1, items=10, people=100)
        if args.small
        else dict(bodies=20, years=10, items=50, people=1000)
    )
    requests = 30 if args.small else 200
    print(f"Building the data ({size}) ...", flush=True)
    one = build("bench-1x", bodies=1, years=1, items=max(1, size["items"] // 10), people=10)
    large = build("bench-100x", **size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database has after autovacuum
    queries_1x, queries_100x = count_queries(one), count_queries(large)
    secret_key = secrets.token_urlsafe(60)
    settings.SECRET_KEY = secret_key  # the staff session below is signed as the server will check it
    server = serve(secret_key)
    try:
        anonymous = urllib.request.build_opener()
        staff = signed_in_opener("bench-100x-officer")
        measure(anonymous, "/healthz", requests, concurrency=4)  # warm every worker first
        timings = {}
        for name, url in pages(large).items():
            opener = staff if name.startswith("staff") else anonymous
            timings[name] = measure(opener, url, requests, concurrency=4, trivial_opener=anonymous)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    # Again with the anonymous page cache on (Redis shared by the workers), public pages only.
    cached = {}
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        server = serve(secret_key, redis_url=redis_url)
    except Exception as error:  # no Redis here: say so rather than fail the run
        print(f"Cached run skipped: {error}")
    else:
        try:
            anonymous = urllib.request.build_opener()
            measure(anonymous, "/healthz", requests, concurrency=4)
            for name, url in pages(large).items():
                if not name.startswith("staff"):
                    cached[name] = measure(anonymous, url, requests, concurrency=4)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
    rows = []
    for name in timings:
        ratio = timings[name]["p50_ms"] / timings[name]["trivial_p50_ms"]
        cached_p50 = cached.get(name, {}).get("p50_ms")
        rows.append(
            {
                "cached_p50_ms": cached_p50,
                "cached_x_trivial_p50": cached_p50 / cached[name]["trivial_p50_ms"] if cached_p50 else None,
                "page": name,
                **timings[name],
                "x_trivial_p50": ratio,
                "queries_1x": queries_1x[name],
                "queries_100x": queries_100x[name],
            }
        )
    engines = pdf_engines(large)
    results = {
        "when": timezone.now().isoformat(),
        "size": size,
        "requests": requests,
        "pages": rows,
        "pdf": engines,
        "targets": {
            "public pages within 10x the trivial view at p50": all(
                r["x_trivial_p50"] <= 10 for r in rows if not r["page"].startswith(("staff", "minutes PDF"))
            ),
            "stored PDF within 3x": next(r for r in rows if r["page"].startswith("minutes PDF"))["x_trivial_p50"] <= 3,
            "same queries at 1x and 100x": all(r["queries_1x"] == r["queries_100x"] for r in rows),
            "cached anonymous pages within 2x": all(
                r["cached_x_trivial_p50"] <= 2 for r in rows if r["cached_x_trivial_p50"] is not None
            )
            if cached
            else "not measured: no Redis",
        },
    }
    print(
        "\n| page | p50 ms | p90 ms | req/s | × trivial (p50) | cached p50 ms | cached × trivial | queries 1× | "
        "queries 100× |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        cached_cells = (
            f"{r['cached_p50_ms']:.1f} | {r['cached_x_trivial_p50']:.1f}" if r["cached_p50_ms"] is not None else "– | –"
        )
        print(
            f"| {r['page']} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['req_per_s']:.0f} | "
            f"{r['x_trivial_p50']:.1f} | {cached_cells} | {r['queries_1x']} | {r['queries_100x']} |"
        )
    print(f"\nPDF: {json.dumps(engines)}")
    print(f"Targets: {json.dumps(results['targets'], indent=1)}")
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
