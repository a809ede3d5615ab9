"""Benchmark: the ledger, the day's statistics and a year's export over a million cases,
SQLite and PostgreSQL.

    .venv/bin/python bench/ledger.py [--cases 1000000] [--databases sqlite,postgres]
        [--reuse --sqlite PATH] [--pages-only]

For each database: a fresh one (SQLite in a temporary file; PostgreSQL `servicecenter_ledger`
on the local server CI starts, or BENCH_POSTGRES_URL), the demo center, and `--cases` cases
spread over four years of working hours, across the catalog and five clerks, most archived,
recent ones open, some late, some overdue. Then, in a warm process, it times the ledger's
first page with filters and one day's statistics (median of 15: the machine may be shared),
and a year's CSV and Excel export (rows a second, peak memory growth), each beside its goal
and the figure measured before the export helper (main of 2026-11-28, a quiet 2-core machine).

To iterate without rebuilding a million cases each run: `--reuse` keeps the PostgreSQL
database and the SQLite file named by `--sqlite` when they already hold cases (it only
migrates them: a new index is built on the kept rows), and generates them otherwise;
`--pages-only` skips the exports. A default run rebuilds both and measures everything.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL",
    "postgres://servicecenter:servicecenter@127.0.0.1:5432/servicecenter_ledger",
)
YEARS = 4

COLUMNS = (
    "number, item_id, mode, stage, applicant_name, applicant_id_number, applicant_id_hash, "
    "applicant_phone, agent_name, agent_id_number, agent_phone, first_clerk_id, handler_id, "
    "received_at, clock_starts, due_date, extension_days, completed_at, replied_at, reply_method, "
    "documents_returned, fees_settled, opinion, fee_receipt_number"
)

# i runs 1..N; case i is received i·(4 years)/N after the start, between 9:00 and 17:00.
SQLITE = f"""
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %(n)s),
c AS (SELECT i,
        datetime('%(start)s', '+' || ((i * %(days)s) / %(n)s) || ' days',
                 '+' || (1 + (i * 7) %% 8) || ' hours', '+' || (i %% 60) || ' minutes') AS at,
        %(item0)s + (i %% %(items)s) AS item, %(clerk0)s + (i %% 5) AS clerk FROM n)
INSERT INTO intake_case ({COLUMNS})
SELECT 'L' || printf('%%010d', i), item,
  CASE WHEN i %% 5 = 0 THEN 'immediate' ELSE 'promised' END,
  CASE WHEN at > datetime('now', '-20 days') AND i %% 3 > 0 THEN 'processing' ELSE 'archived' END,
  '张三', %(token)s, %(hash)s, '13812345678', '', '', '', clerk, clerk,
  at, date(at), date(at, '+14 days'), 0,
  CASE WHEN at > datetime('now', '-20 days') AND i %% 3 > 0 THEN NULL
       ELSE datetime(at, '+' || (i %% 17) || ' days') END,
  NULL, '', 1, 1, '', ''
FROM c
"""

POSTGRESQL = f"""
INSERT INTO intake_case ({COLUMNS})
SELECT 'L' || lpad(i::text, 10, '0'), item,
  CASE WHEN i %% 5 = 0 THEN 'immediate' ELSE 'promised' END,
  CASE WHEN at > now() - interval '20 days' AND i %% 3 > 0 THEN 'processing' ELSE 'archived' END,
  '张三', %(token)s, %(hash)s, '13812345678', '', '', '', clerk, clerk,
  at, at::date, (at + interval '14 days')::date, 0,
  CASE WHEN at > now() - interval '20 days' AND i %% 3 > 0 THEN NULL
       ELSE at + ((i %% 17) || ' days')::interval END,
  NULL, '', true, true, '', ''
FROM (SELECT i,
        timestamptz '%(start)s' + ((i::bigint * %(days)s) / %(n)s) * interval '1 day'
          + (1 + (i * 7) %% 8) * interval '1 hour' + (i %% 60) * interval '1 minute' AS at,
        %(item0)s + (i %% %(items)s) AS item, %(clerk0)s + (i %% 5) AS clerk
      FROM generate_series(1, %(n)s) AS i) AS c
"""


def generate(url: str, count: int, reuse: bool = False) -> None:
    os.environ["DATABASE_URL"] = url
    # One INSERT of a million rows (or an index built over them) runs past the 10 s a web
    # request may take.
    os.environ["DB_STATEMENT_TIMEOUT"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "servicecenter.settings"
    python = str(ROOT / ".venv" / "bin" / "python")

    def manage(*command: str) -> None:
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )

    manage("migrate", "-v0")
    sys.path[0] = str(ROOT)
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from intake.models import Case

    if reuse and Case.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{connection.vendor}: reusing {Case.objects.count():,} cases")
        return
    manage("createcachetable")
    manage("load_demo")

    from disclosure.models import ServiceItem
    from servicecenter.personal import encrypt, lookup_hash

    users = get_user_model().objects
    start = timezone.now() - dt.timedelta(days=365 * YEARS)
    params = {
        "n": count,
        "days": 365 * YEARS,
        "start": start.strftime("%Y-%m-%d 01:00:00"),
        "item0": ServiceItem.objects.order_by("pk").first().pk,
        "items": ServiceItem.objects.count(),
        "clerk0": users.get(username="clerk").pk,
        "token": encrypt("11010519491231002X"),
        "hash": lookup_hash("11010519491231002X"),
    }
    began = time.perf_counter()
    sql = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        cursor.execute(
            sql % {k: (f"'{v}'" if k in ("token", "hash") else v) for k, v in params.items()}
        )
        cursor.execute("ANALYZE")
    print(f"{connection.vendor}: {count:,} cases generated in {time.perf_counter() - began:.0f} s")


def measure(url: str, pages_only: bool = False) -> None:
    """In a process of its own, as a server meets a database that already holds the data."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "servicecenter.settings"
    sys.path[0] = str(ROOT)
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from disclosure.models import ServiceItem

    users = get_user_model().objects
    start = timezone.now() - dt.timedelta(days=365 * YEARS)
    first_item = ServiceItem.objects.order_by("pk").first().pk
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(users.get(username="supervisor"))
    clerk2 = users.get(username="clerk2").pk
    month = timezone.localdate() - dt.timedelta(days=30)
    busy_day = (start + dt.timedelta(days=365 * 2)).date()
    before_pages = {"sqlite": "35-41 ms", "postgresql": "56-70 ms"}
    pages = [
        (
            "ledger, one clerk's overdue",
            f"/desk/ledger/?clerk={clerk2}&overdue=on",
            50,
            before_pages,
        ),
        (
            "ledger, one item, last 30 days",
            f"/desk/ledger/?item={first_item}&date_from={month}",
            50,
            before_pages,
        ),
        (
            "ledger, archived, one clerk",
            f"/desk/ledger/?clerk={clerk2}&stage=archived",
            50,
            before_pages,
        ),
        (
            f"day statistics {busy_day}",
            f"/desk/daily/?day={busy_day}",
            50,
            {"sqlite": "22 ms", "postgresql": "47 ms"},
        ),
    ]
    vendor = connection.vendor
    for label, url, goal, before in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(15):
            began = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        print(
            f"  {label:36} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms"
            f"   goal <= {goal} ms   before {before[vendor]}"
        )
    if pages_only:
        return
    # The row count the export sends for its progress bar: one COUNT of the filtered rows.
    from intake.models import Case

    year = timezone.localdate() - dt.timedelta(days=365)
    began = time.perf_counter()
    since = timezone.make_aware(dt.datetime.combine(year, dt.time()))
    Case.objects.filter(received_at__gte=since).count()
    print(f"  COUNT of a year's cases (progress)   {1000 * (time.perf_counter() - began):7.1f} ms")
    # A year's export streams: rows and time, and how much the process grew while reading it.
    import resource

    for fmt, goal, before in (
        ("csv", 10, {"sqlite": "76 s, 3,300 rows/s", "postgresql": "82 s, 3,050 rows/s"}),
        ("xlsx", 30, {"sqlite": "(not measured)", "postgresql": "(not measured)"}),
    ):
        before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        began = time.perf_counter()
        response = client.get(f"/desk/ledger/export.{fmt}?date_from={year}")
        total = int(response["X-Total-Rows"])
        size = 0
        for chunk in response.streaming_content:
            size += len(chunk)
        seconds = time.perf_counter() - began
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before_kb
        print(
            f"  {fmt.upper():4} export of a year: {total:,} rows, {size / 2**20:.0f} MB in "
            f"{seconds:.1f} s, {total / seconds:,.0f} rows/s, peak memory grew {grown:.0f} MB"
            f"   goal <= {goal} s   before {before[vendor]}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the PostgreSQL database and the --sqlite file if they hold cases",
    )
    parser.add_argument("--sqlite", help="the SQLite file (default: a fresh temporary one)")
    parser.add_argument("--pages-only", action="store_true", help="skip the exports")
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate, args.cases, reuse=args.reuse)
        return
    if args.measure:
        measure(args.measure, pages_only=args.pages_only)
        return
    if args.reuse and not args.sqlite and "sqlite" in args.databases.split(","):
        parser.error("--reuse needs --sqlite PATH for the SQLite database it keeps")
    for name in args.databases.split(","):
        if name == "sqlite":
            if args.sqlite:
                path = Path(args.sqlite).resolve()
                if not args.reuse:
                    path.unlink(missing_ok=True)
            else:
                path = Path(tempfile.mkdtemp(prefix="bench-ledger-")) / "ledger.sqlite3"
            url = f"sqlite:///{path}"
        else:
            url = POSTGRES
            database = url.rsplit("/", 1)[1]
            admin = url.rsplit("/", 1)[0] + "/postgres"
            exists = subprocess.run(
                ["psql", admin, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{database}'"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            if not (args.reuse and exists):
                subprocess.run(
                    ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {database}"], check=True
                )
                subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {database}"], check=True)
        generate_args = ["--generate", url, "--cases", str(args.cases)]
        subprocess.run(
            [sys.executable, __file__, *generate_args, *(["--reuse"] if args.reuse else [])],
            check=True,
        )
        measure_args = ["--measure", url, *(["--pages-only"] if args.pages_only else [])]
        subprocess.run([sys.executable, __file__, *measure_args], check=True)


if __name__ == "__main__":
    main()
