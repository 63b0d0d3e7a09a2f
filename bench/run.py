"""The benchmark: a script, not a timed test.

    make bench        # the full run (about 25 minutes on a shared 2-core machine)
    make bench-small  # a small version, run by CI (about 3 minutes)

The data (bench/dataset.py) is built on PostgreSQL THROUGH THE SERVICES an officer's forms
call, history rows included, with dates relative to today. Three partnerships:

- `bench` (timed): four years of a realistic partnership. A board meeting every two months
  (24 held, minuted, each approved at the next; the next one with its agenda and cover reports
  published, five more scheduled), two groups meeting quarterly, 60 people, ten items a board
  meeting with several paragraphs of minutes each, resolutions, attendance on every held
  meeting, actions (the older ones done), a declaration a meeting, papers, a commission. Its
  stored PDFs are the app's own agenda packs and minutes (dozens of pages).
- `bench-1x` and `bench-100x` (query counts only): the same shape with short texts, four board
  meetings and 16 people, then a hundred times that (400 weekly meetings, 1,600 people), so a
  page whose queries grow with the data shows it. The 100x one is not timed: built through the
  services it takes about ten minutes, and nothing on a page should depend on its size.

`--small` (CI): one year, and 10x instead of 100x for the query counts.

Then it serves the app with gunicorn (DEBUG off, 2 workers) and measures every page a visitor or
an officer can reach: p50 and p90 after a warm-up per page, each page's ratio to the trivial
view measured in blocks of 20 requests in turn with it (a shared machine drifts over a run).
Public pages are measured uncached, then with the page cache (Redis) three ways: plain, with an
unrelated cookie (`_ga`), and with `?utm_source=x`; the share of page-cache hits is reported.
Staff pages are measured signed in as the partnership's officer. Last, WeasyPrint's time a page
from 1 to 200 pages with its peak memory, each size in a fresh process. Prints a table and writes
bench/results.json.
"""

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.dataset import Shape, build  # noqa: E402
from boards.models import Partnership  # noqa: E402
from commissions.models import Commission  # noqa: E402
from core.pdf import render_pdf  # noqa: E402
from meetings.models import AgendaPublication, Meeting  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
TRIVIAL = "/healthz"

FULL = {
    "bench": Shape(past=24, every_days=61, upcoming=6, groups=2, people=60, items=10, paragraphs=8, reports_every=1),
    "bench-1x": Shape(past=4, every_days=61, upcoming=2, groups=0, people=16, items=2, paragraphs=1),
    "bench-100x": Shape(past=400, every_days=7, upcoming=2, groups=0, people=1600, items=2, paragraphs=1),
}
SMALL = {
    "bench": Shape(past=4, every_days=61, upcoming=2, groups=1, people=30, items=5, paragraphs=3, reports_every=1),
    "bench-1x": Shape(past=2, every_days=61, upcoming=1, groups=0, people=16, items=2, paragraphs=1),
    "bench-100x": Shape(past=20, every_days=7, upcoming=1, groups=0, people=160, items=2, paragraphs=1),
}
PDF_PAGES = (1, 25, 50, 100, 200)  # the smallest is the front and one item


def pages(partnership: Partnership) -> dict[str, str]:
    """Every page a visitor or an officer can reach, on this partnership's data."""
    slug, now = partnership.slug, timezone.now()
    board = Meeting.objects.filter(body__partnership=partnership, body__kind="board")
    minuted = board.filter(starts_at__lt=now).order_by("-starts_at").first()
    upcoming = board.filter(starts_at__gt=now, agenda_published_at__isnull=False).order_by("starts_at").first()
    report = upcoming.items.filter(report__isnull=False, confidential=False).order_by("position").first()
    chair = minuted.attendances.filter(person__isnull=False).order_by("pk").first().person
    commission = Commission.objects.filter(body__partnership=partnership).select_related("body").first()
    base = f"/partnerships/{slug}"
    public = {
        "home": "/",
        "partnership page": f"{base}/",
        "calendar": f"{base}/meetings/",
        "board meetings list": f"{base}/board/",
        "meeting: agenda": upcoming.get_absolute_url(),
        "meeting: minutes": minuted.get_absolute_url(),
        "public report": f"{upcoming.get_absolute_url()}items/{report.position}/",
        "members": f"{base}/members/",
        "a member's page": f"{base}/members/{chair.slug}/",
        "a body's members": f"{base}/board/members/",
        "commissions": f"{base}/commissions/",
        "a commission": f"{base}/commissions/{commission.body.slug}/",
        "calendar (.ics)": f"{base}/meetings.ics",
        "minutes feed (Atom)": f"{base}/minutes.atom",
        "agenda PDF (stored)": upcoming.get_absolute_url() + "agenda.pdf",
        "minutes PDF (stored)": minuted.get_absolute_url() + "minutes.pdf",
    }
    staff = {
        "staff: dashboard": "/manage/",
        "staff: meeting list": f"/manage/{slug}/meetings/",
        "staff: meeting detail": f"/manage/meetings/{minuted.pk}/",
        "staff: minutes page": f"/manage/meetings/{minuted.pk}/minutes/",
        "staff: register": f"/manage/{slug}/register/",
        "staff: open actions": f"/manage/{slug}/actions/",
        "staff: history": f"/manage/meetings/{minuted.pk}/history/",
        "staff: planning group": f"/manage/{slug}/planning-group/",
        "staff: commissions": f"/manage/{slug}/commissions/",
    }
    return {"trivial view": TRIVIAL, **public, **staff}


def is_staff(name: str) -> bool:
    return name.startswith("staff")


def signed_in_as(name: str) -> str:
    """Whose page it is: the planning group is the chair's to appoint, the rest the officer's."""
    return "chair" if name == "staff: planning group" else "officer"


def count_queries(partnership: Partnership) -> dict[str, int]:
    """Queries of each page: public pages as a visitor, staff pages as the officer."""
    clients = {"visitor": Client(HTTP_HOST="127.0.0.1")}
    for role in ("officer", "chair"):
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(get_user_model().objects.get(username=f"{partnership.slug}-{role}"))
    counts = {}
    for name, url in pages(partnership).items():
        client = clients[signed_in_as(name) if is_staff(name) else "visitor"]
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
    workers = os.environ.get("BENCH_WORKERS", "2")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "partnership.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            workers,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + TRIVIAL, timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


def opener(cookie: str = "") -> urllib.request.OpenerDirector:
    made = urllib.request.build_opener()
    made.addheaders = [("Cookie", cookie)] if cookie else []
    return made


def staff_cookie(username: str) -> str:
    """A signed-in session, made directly: production cookies are Secure-only, and the benchmark
    talks plain HTTP on the loopback."""
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def measure(by: urllib.request.OpenerDirector, url: str, requests: int) -> dict:
    """p50/p90 of `url` after a warm-up, and of the trivial view in blocks of 20 in turn with it."""
    trivial_by, hits = opener(), 0

    def one(path: str, with_opener) -> float:
        nonlocal hits
        started = time.perf_counter()
        with with_opener.open(BASE + path) as response:
            response.read()
            hits += path == url and response.headers.get("X-Page-Cache") == "hit"
        return time.perf_counter() - started

    for _ in range(5):  # warm up: this page's code, queries and (when on) its cache entry
        one(url, by)
    hits, latencies, trivial = 0, [], []
    for _ in range(0, requests, 20):
        latencies += [one(url, by) for _ in range(20)]
        trivial += [one(TRIVIAL, trivial_by) for _ in range(20)]
    latencies.sort()
    trivial.sort()
    return {
        "p50_ms": 1000 * statistics.median(latencies),
        "p90_ms": 1000 * latencies[int(0.9 * (len(latencies) - 1))],
        "trivial_p50_ms": 1000 * statistics.median(trivial),
        "x_trivial": statistics.median(latencies) / statistics.median(trivial),
        "hits": hits / len(latencies),
    }


def timed_run(partnership: Partnership, secret_key: str, requests: int) -> dict:
    """Uncached (no Redis: the page cache is off), public and staff pages."""
    server = serve(secret_key)
    try:
        openers = {role: opener(staff_cookie(f"{partnership.slug}-{role}")) for role in ("officer", "chair")}
        visitor = opener()
        measure(visitor, TRIVIAL, requests)  # warm every worker first
        return {
            name: measure(openers[signed_in_as(name)] if is_staff(name) else visitor, url, requests)
            for name, url in pages(partnership).items()
        }
    finally:
        stop(server)


def cached_run(partnership: Partnership, secret_key: str, requests: int) -> dict:
    """With the page cache on (Redis shared by the workers): public pages plain, with an
    unrelated cookie, and with a tracking parameter."""
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    except Exception as error:  # no Redis here: say so rather than fail the run
        print(f"Cached run skipped: {error}")
        return {}
    server = serve(secret_key, redis_url=redis_url)
    variants = {
        "cached": ("", ""),
        "cached, _ga cookie": ("_ga=GA1.1.1234567890.1700000000", ""),
        "cached, utm": ("", "x"),
    }
    try:
        measure(opener(), TRIVIAL, requests)
        results = {}
        for name, url in pages(partnership).items():
            if is_staff(name):
                continue
            for variant, (cookie, utm) in variants.items():
                address = f"{url}{'&' if '?' in url else '?'}utm_source={utm}" if utm else url
                results.setdefault(name, {})[variant] = measure(opener(cookie), address, requests)
        return results
    finally:
        stop(server)


def weasyprint_once(pages_wanted: int) -> None:
    """In a fresh process: render the bench partnership's largest agenda pack, its items repeated
    until the PDF has about `pages_wanted` pages; print the time, pages and peak memory."""
    import io

    from pypdf import PdfReader

    publication = (
        AgendaPublication.objects.filter(meeting__body__partnership__slug="bench", meeting__body__kind="board")
        .select_related("meeting__body__partnership")
        .order_by("-published_at")
        .first()
    )
    # Items with a cover report (a few pages each), repeated: the pack grows in proportion.
    items = [entry for entry in publication.snapshot["items"] if entry.get("report")] or publication.snapshot["items"]

    def render(count: int) -> tuple[bytes, float]:
        context = {
            "meeting": publication.meeting,
            "publication": publication,
            "earlier": [],
            "items": [items[n % len(items)] for n in range(count)],
        }
        started = time.perf_counter()
        pdf = render_pdf("meetings/pdf/agenda_pack.html", context)
        return pdf, time.perf_counter() - started

    one = len(PdfReader(io.BytesIO(render(1)[0])).pages)  # warm, as a web worker is: the front and one item
    each = max(1, len(PdfReader(io.BytesIO(render(2)[0])).pages) - one)  # pages an item adds
    count = max(1, 1 + round((pages_wanted - one) / each))
    before = _memory_kib("VmHWM")
    pdf, seconds = render(count)
    # The process's own peak (VmHWM, reset by exec): not getrusage's ru_maxrss, which on Linux
    # keeps the parent's peak across fork and exec (the benchmark's, after building its data).
    peak = _memory_kib("VmHWM")
    pages_made = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        json.dumps(
            {
                "pages": pages_made,
                "seconds": seconds,
                "ms_per_page": 1000 * seconds / pages_made,
                "kb": len(pdf) // 1024,
                "peak_rss_mb": peak / 1024,
                "rss_before_mb": before / 1024,
            }
        )
    )


def _memory_kib(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def weasyprint_scaling(largest: int) -> list[dict]:
    results = []
    for wanted in [n for n in PDF_PAGES if n <= largest]:
        output = subprocess.run(
            [sys.executable, __file__, "--weasyprint-pages", str(wanted)],
            cwd=ROOT,
            env=os.environ,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    return results


def stored_pdf_sizes(partnership: Partnership) -> dict:
    import io

    from pypdf import PdfReader

    urls = pages(partnership)
    client = Client(HTTP_HOST="127.0.0.1")
    sizes = {}
    for name in ("agenda PDF (stored)", "minutes PDF (stored)"):
        content = client.get(urls[name]).content
        sizes[name] = {"kb": len(content) // 1024, "pages": len(PdfReader(io.BytesIO(content)).pages)}
    return sizes


def table(rows: list[dict]) -> str:
    lines = [
        "| page | p50 ms | p90 ms | × trivial | cached p50 / p90 ms | × | _ga cookie p50 ms | × | utm p50 ms | × "
        "| hits | queries 1× | queries 100× |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        cells = [r["page"], f"{r['p50_ms']:.1f}", f"{r['p90_ms']:.1f}", f"{r['x_trivial']:.1f}"]
        cached = r.get("cached")
        if cached:
            c, g, u = cached["cached"], cached["cached, _ga cookie"], cached["cached, utm"]
            cells += [f"{c['p50_ms']:.1f} / {c['p90_ms']:.1f}", f"{c['x_trivial']:.1f}"]
            cells += [f"{g['p50_ms']:.1f}", f"{g['x_trivial']:.1f}", f"{u['p50_ms']:.1f}", f"{u['x_trivial']:.1f}"]
            cells += [f"{min(c['hits'], g['hits'], u['hits']):.0%}"]
        else:
            cells += ["–"] * 7
        cells += [str(r["queries_1x"]), str(r["queries_100x"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows: list[dict], cached_on: bool) -> dict:
    public = [r for r in rows if not is_staff(r["page"]) and r["page"] != "trivial view"]
    pdfs = [r for r in public if "PDF" in r["page"]]
    html = [r for r in public if r not in pdfs]
    result = {
        "public pages uncached <= 12x": {r["page"]: round(r["x_trivial"], 1) for r in html if r["x_trivial"] > 12}
        or True,
        "stored PDF <= 3x": {r["page"]: round(r["x_trivial"], 1) for r in pdfs if r["x_trivial"] > 3} or True,
        "staff pages <= 20x": {
            r["page"]: round(r["x_trivial"], 1) for r in rows if is_staff(r["page"]) and r["x_trivial"] > 20
        }
        or True,
        "same queries at 1x and 100x": {
            r["page"]: [r["queries_1x"], r["queries_100x"]] for r in rows if r["queries_1x"] != r["queries_100x"]
        }
        or True,
    }
    if cached_on:
        result["cached <= 2x (plain, _ga, utm)"] = {
            f"{r['page']} ({variant})": round(m["x_trivial"], 1)
            for r in public
            for variant, m in r["cached"].items()
            if m["x_trivial"] > 2
        } or True
    else:
        result["cached <= 2x (plain, _ga, utm)"] = "not measured: no Redis"
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="a small dataset, for CI")
    parser.add_argument("--weasyprint-pages", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
    if args.weasyprint_pages:
        return weasyprint_once(args.weasyprint_pages)
    shapes = SMALL if args.small else FULL
    requests = 20 if args.small else 100
    built = {}
    for slug, shape in shapes.items():
        started = time.perf_counter()
        print(f"Building {slug} through the services: {shape} ...", flush=True)
        built[slug] = build(slug, shape)
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database has after autovacuum
    queries_1x, queries_100x = count_queries(built["bench-1x"]), count_queries(built["bench-100x"])
    secret_key = secrets.token_urlsafe(60)
    settings.SECRET_KEY = secret_key  # the staff session below is signed as the server will check it
    print("Measuring, uncached ...", flush=True)
    timings = timed_run(built["bench"], secret_key, requests)
    print("Measuring, cached ...", flush=True)
    cached = cached_run(built["bench"], secret_key, requests)
    rows = [
        {
            "page": name,
            **timings[name],
            "cached": cached.get(name),
            "queries_1x": queries_1x[name],
            "queries_100x": queries_100x[name],
        }
        for name in timings
    ]
    print("WeasyPrint ...", flush=True)
    pdf = weasyprint_scaling(50 if args.small else 200)
    results = {
        "when": timezone.now().isoformat(),
        "small": args.small,
        "shapes": {slug: shape.__dict__ for slug, shape in shapes.items()},
        "requests": requests,
        "pages": rows,
        "stored_pdfs": stored_pdf_sizes(built["bench"]),
        "weasyprint": pdf,
        "targets": targets(rows, bool(cached)),
    }
    print()
    print(table(rows))
    print(f"\nStored PDFs: {json.dumps(results['stored_pdfs'])}")
    print("\n| WeasyPrint pages | s | ms a page | KB | peak RSS MB (before) |\n|---:|---:|---:|---:|---:|")
    for r in pdf:
        print(
            f"| {r['pages']} | {r['seconds']:.1f} | {r['ms_per_page']:.0f} | {r['kb']} | "
            f"{r['peak_rss_mb']:.0f} ({r['rss_before_mb']:.0f}) |"
        )
    print(f"\nTargets (true = met, else what missed): {json.dumps(results['targets'], indent=1)}")
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
