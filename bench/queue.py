"""Benchmark: issuing queue tickets over HTTP against a trivial one-write view, in one run.

    .venv/bin/python bench/queue.py [--seconds 10] [--connections 16] [--workers 4]

Runs gunicorn on 127.0.0.1 against PostgreSQL (BENCH_DATABASE_URL, default: the database
`servicecenter_bench` of the role CI creates), with the demo center open all day. wrk drives
POST /queue/kiosk/ (category 民政事务, with the CSRF cookie and token a browser sends) and
POST /bench/write/ (one INSERT). Prints both rates, their ratio (goal ≥ 0.5), and checks the
tickets: every number unique and gapless.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_URL = "postgres://servicecenter:servicecenter@127.0.0.1:5432/servicecenter_bench"

OPEN_ALL_DAY = """
import datetime as dt
from django.utils import timezone
from servicecenter.models import CenterProfile, OpeningHours, WorkdayOverride
from intake.models import Ticket
profile = CenterProfile.objects.get()
profile.opening_hours.all().delete()
for weekday in range(7):
    OpeningHours.objects.create(profile=profile, weekday=weekday, opens=dt.time(0),
                                closes=dt.time(23, 59, 59))
WorkdayOverride.objects.update_or_create(date=timezone.localdate(),
                                         defaults={"kind": "working", "reason": "bench"})
Ticket.objects.all().delete()
"""

CHECK = """
from django.db.models import Count, Max
from intake.models import Ticket
rows = Ticket.objects.values("day", "letter").annotate(n=Count("pk"), top=Max("number"))
for row in rows:
    print(f"{row['letter']} {row['day']}: {row['n']} tickets, highest number {row['top']}")
    assert row["n"] == row["top"], "a gap or a duplicate"
"""

POST_LUA = """
wrk.method = "POST"
wrk.body = "{body}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, script: Path, seconds: int, connections: int) -> tuple[float, int]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    env.pop("HTTPS", None)
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_demo")
    manage(env, "shell", "--no-imports", "-c", OPEN_ALL_DAY)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "servicecenter.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    work = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    try:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(100):
            try:
                page = opener.open(base + "/queue/kiosk/").read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        issue = work / "issue.lua"
        issue.write_text(
            POST_LUA.format(body=f"category=minzheng&csrfmiddlewaretoken={token}", cookie=cookie)
        )
        write = work / "write.lua"
        write.write_text(POST_LUA.format(body="x=1", cookie=""))
        wrk(base + "/bench/write/", write, 2, args.connections)  # warm every worker's connection
        baseline, baseline_errors = wrk(
            base + "/bench/write/", write, args.seconds, args.connections
        )
        tickets, ticket_errors = wrk(base + "/queue/kiosk/", issue, args.seconds, args.connections)
        if os.environ.get("BENCH_SINGLE"):
            print(
                "single client:",
                wrk(base + "/bench/write/", write, 4, 1),
                wrk(base + "/queue/kiosk/", issue, 4, 1),
            )
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

    setup = f"{args.workers} gunicorn workers, {args.connections} connections, {args.seconds} s"
    print(f"{setup} each, PostgreSQL")
    print(f"one INSERT (/bench/write/)      {baseline:8.1f} req/s  errors {baseline_errors}")
    print(f"issue a ticket (/queue/kiosk/)  {tickets:8.1f} req/s  errors {ticket_errors}")
    print(f"ratio tickets/write: {tickets / baseline:.2f} (goal ≥ 0.50)")
    manage_out = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    print(manage_out.stdout.strip() or manage_out.stderr.strip())
    print("numbers unique and gapless" if manage_out.returncode == 0 else "CHECK FAILED")


if __name__ == "__main__":
    main()
