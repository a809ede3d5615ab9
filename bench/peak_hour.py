"""Benchmark: the peak hour of a large hall, replayed through the real stack.

    .venv/bin/python bench/peak_hour.py [--workers 5] [--hosts 1] [--scale 1.0] [--speed 30]

On a fresh PostgreSQL database (BENCH_DATABASE_URL, default `servicecenter_peak` of the role
CI creates) with the demo center open all day, plus 20 counters and 20 clerks, it replays one
peak hour through gunicorn and PostgreSQL on this machine, its clock compressed `--speed`
times (30: the hour in two minutes). Every request is sent at its moment of the compressed
hour; when the stack cannot keep up, requests go out late and the hour takes longer, which
the run prints. `--speed max` drops the clock: every client sends its next request as soon as
the last one is answered, which gives the stack's ceiling, but then the latencies are mostly
time spent queueing behind the other clients (76 at once), not the cost of a request.
One process per kind of client, many clients in each:

- kiosk: 600 tickets issued (the kiosk page, the POST, the ticket page), in the first 90 %
  of the hour, so that the hall empties within it;
- clerks: 20 clerks signed on, each ticket called, started and finished (about 80 s of the
  hour between 开始 and 办结); 200 cases registered at moments across the hour, half ending
  in a 一次性告知书 PDF and half in a 受理回执 PDF. Each clerk client does what the
  workstation's script does in a browser: it loads the whole workstation `/desk/` when
  signing on and after registering a case, and sends each 叫号/开始/办结 in the background
  (`X-Requested-With: fetch`), taking the queue panel and the current ticket from the JSON
  answer, with no page load after a step;
- workstations: every clerk's queue panel refreshed every 3 s for the hour (24,000);
- displays: 4 hall displays polling every second (14,400);
- public: 20,000 page views (home, guide search, guide pages, the board);
- track: 500 /track/ lookups of real cases;
- supervisor: the ledger and the day's report now and then (60 + 12).

`--scale 0.1` replays a tenth of every count (a quick try). `--hosts 2` starts two gunicorn
hosts (half the workers each) on the same database and a Redis cache (REDIS_URL, default
redis://127.0.0.1:6379/14, emptied first); the clients alternate between them.

It prints, in one run: the static-file and one-INSERT baselines (wrk, 5 s each), the wall
time of the hour, its speed-up over real time (3,600 s ÷ wall time; goal ≥ 30), requests
per kind with p50/p95/p99 latency and errors (goal: p95 ≤ 100 ms for every clerk action,
0 errors), and checks afterwards that every ticket number is unique and gapless, every case
has its history, and the counts are what was sent.
"""

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

# The repository instead of bench/ (whose queue.py would hide the standard library's).
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from stdnum.cn import ric  # noqa: E402

from bench.common import ROOT, VENV, ensure_wrk, gunicorn, manage, wrk  # noqa: E402
from bench.webclient import Browser  # noqa: E402

DEFAULT_URL = "postgres://servicecenter:servicecenter@127.0.0.1:5432/servicecenter_peak"
PASSWORD = "peak-hour-2026"
CLERKS = 20
HOUR = 3600
FETCH = {"X-Requested-With": "fetch"}  # as the workstation's script sends a step

# What the clerks do: each has these labels; the goal applies to every one of them.
CLERK_ACTIONS = {"call", "start", "finish", "workstation", "register", "notice pdf", "receipt pdf"}

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from disclosure.models import Category
from staff.models import Counter, StaffProfile

User = get_user_model()
clerks = Group.objects.get(name="窗口工作人员")
categories = list(Category.objects.all())
Counter.objects.exclude(number__lte={clerks}).delete()
for n in range(1, {clerks} + 1):
    counter, _ = Counter.objects.update_or_create(
        number=n, defaults={{"name": f"{{n}}号窗口", "is_active": True}}
    )
    # Every counter calls every queue: the hall's clerks share the load.
    counter.categories.set(categories)
    user, _ = User.objects.get_or_create(username=f"peak{{n:02d}}")
    user.set_password("{password}")
    user.save()
    user.groups.add(clerks)
    StaffProfile.objects.update_or_create(
        user=user,
        defaults={{"name": f"窗口{{n:02d}}", "badge_number": f"P{{n:03d}}", "counter": counter}},
    )
supervisor = User.objects.get(username="supervisor")
supervisor.set_password("{password}")
supervisor.save()
"""

CHECK = """
from django.db.models import Count, Max
from intake.models import Case, CaseNotice, Ticket
rows = Ticket.objects.values("day", "letter").annotate(n=Count("pk"), top=Max("number"))
problems = []
for row in rows:
    if row["n"] != row["top"]:
        problems.append(f"tickets {{row['letter']}}: {{row['n']}} issued, highest {{row['top']}}")
unfinished = Ticket.objects.exclude(status=Ticket.Status.DONE).count()
print(f"tickets: {{Ticket.objects.count()}} issued, {{unfinished}} not finished")
without = Case.objects.exclude(pk__in=Case.history.values("id")).count()
print(f"cases: {{Case.objects.count()}}, without history: {{without}}")
print(f"one-time notices: {{CaseNotice.objects.filter(kind='missing').count()}}")
if unfinished or without:
    problems.append("unfinished tickets or cases without history")
for problem in problems:
    print("PROBLEM", problem)
raise SystemExit(1 if problems else 0)
"""


# -- the clients --------------------------------------------------------------------------


class Recorder:
    """Latencies and errors of one process, sent back to the parent at the end."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []
        self.lag: dict[str, list[float]] = defaultdict(list)  # seconds behind the hour's clock

    def check(self, label: str, answer, *, status: int = 200, pdf: bool = False) -> bool:
        self.times[label].append(answer.seconds)
        wrong = answer.status != status or (
            pdf and not answer.headers.get("content-type", "").startswith("application/pdf")
        )
        if wrong:
            self.fail(label, answer)
        return not wrong

    def fail(self, label: str, answer) -> None:
        self.errors[label] += 1
        if len(self.samples) < 5:
            self.samples.append(f"{label}: {answer.status} {answer.text[:200]!r}")

    def result(self) -> tuple:
        return dict(self.times), dict(self.errors), self.samples, dict(self.lag)


def _threads(browsers: list[Browser], work, shared: dict) -> None:
    """Once every kind of client is ready (signed in, signed on), all start together, on
    one clock: `work(n, browser, start)` replays its share of the hour from `start`."""
    import threading

    shared["gate"].wait(timeout=900)
    start = time.time()
    threads = [threading.Thread(target=work, args=(n, b, start)) for n, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def on_time(plan: dict, start: float, offset: float, record: "Recorder", label: str) -> None:
    """Wait for the moment `offset` seconds into the hour falls due at the replay's speed;
    when the replay is behind, note by how much (the stack is not keeping up)."""
    if plan["speed"] is None:  # as fast as possible: no clock at all
        return
    due = start + offset / plan["speed"]
    now = time.time()
    if due > now:
        time.sleep(due - now)
    record.lag[label].append(max(0.0, now - due))


def spread(count: int, span: float, rng: random.Random) -> list[float]:
    """`count` moments at random across `span` seconds, in order."""
    return sorted(rng.uniform(0, span) for _ in range(count))


def kiosk(hosts, plan, shared, out) -> None:
    record = Recorder()
    # The doors' last tickets come before the end of the hour, so the hall empties within it.
    moments = spread(plan["tickets"], 0.9 * plan["real"], random.Random(7))
    kiosks = 8

    def work(n: int, browser: Browser, start: float) -> None:
        categories = None
        for offset in moments[n::kiosks]:
            if past(plan):
                return
            on_time(plan, start, offset, record, "kiosk")
            page = browser.get("/queue/kiosk/")
            record.check("kiosk page", page)
            if categories is None:
                categories = re.findall(r'name="category" value="([^"]+)"', page.text)
            answer = browser.submit(page, "/queue/kiosk/", category=random.choice(categories))
            if record.check("issue ticket", answer, status=302):
                with shared["issued"].get_lock():
                    shared["issued"].value += 1
                record.check("ticket page", browser.get(answer.headers["location"]))

    # Many kiosks: the per-kiosk limit counts a real hour, not a compressed one.
    browsers = [Browser(hosts[n % len(hosts)], client_ip=f"10.1.0.{n + 1}") for n in range(kiosks)]
    _threads(browsers, work, shared)
    out.put(("kiosk", record.result()))


def clerks(hosts, plan, shared, out) -> None:
    record = Recorder()
    items = plan["items"]
    # A clerk serves a ticket in about 80 s of the hour (20 clerks, 600 tickets: one every
    # 120 s each); cases come at their moments across the hour, between tickets.
    service = 80.0 / plan["speed"] if plan["speed"] else 0.0
    cases = spread(plan["cases"], plan["real"], random.Random(11))

    def sign_on(n: int) -> Browser:
        browser = Browser(hosts[n % len(hosts)], timeout=120)
        browser.login(f"peak{n + 1:02d}", PASSWORD)
        page = browser.get("/desk/")
        counter = plan["counters"][n]
        answer = browser.submit(page, "/desk/", action="/desk/sign-on/", counter=counter)
        if answer.status != 302:
            raise RuntimeError(f"sign-on of clerk {n + 1} failed: {answer.status}")
        return browser

    def work(n: int, browser: Browser, start: float) -> None:
        page = browser.get("/desk/")
        record.check("workstation", page)
        mine = cases[n::CLERKS]
        current = ""  # the ticket at the counter, as the last panel showed it

        def act(label: str, url: str) -> str:
            """Press a button of the workstation as its script does: the step in the
            background, the panel from the answer. The current ticket, or ""."""
            form = browser.form(page, "/desk/", "/desk/call/")
            answer = browser.post(url, form.values(ticket=current), headers=FETCH)
            if not record.check(label, answer):
                return current
            said = json.loads(answer.body)
            if any(message["level"] == "error" for message in said["messages"]):
                record.fail(label, answer)  # a step refused: the replay went wrong
            return re.search(r'data-current="(\d*)"', said["html"]).group(1)

        def case_due() -> bool:
            if not mine:
                return False
            if plan["speed"] is None:  # as fast as possible: a case every third ticket
                return served % 3 == 0 or shared["served"].value >= plan["tickets"]
            return start + mine[0] / plan["speed"] <= time.time()

        served = 0
        while not past(plan) and (shared["served"].value < plan["tickets"] or mine):
            if case_due():
                offset = mine.pop(0)
                if plan["speed"] is not None:
                    late = time.time() - start - offset / plan["speed"]
                    record.lag["clerks"].append(max(0.0, late))
                register(browser, record, items[len(mine) % len(items)], n, len(mine))
                page = browser.get("/desk/")
                record.check("workstation", page)
                continue
            if shared["served"].value >= plan["tickets"]:
                time.sleep(0.02)  # only cases left, at their moments
                continue
            with shared["claimed"].get_lock():
                waiting = shared["issued"].value > shared["claimed"].value
                shared["claimed"].value += waiting
            if not waiting:
                time.sleep(0.02)
                continue
            current = act("call", "/desk/call/")
            if current:
                current = act("start", "/desk/start/")
                time.sleep(service)
                current = act("finish", "/desk/finish/")
                served += 1
                with shared["served"].get_lock():
                    shared["served"].value += 1
            else:  # another counter took it first
                with shared["claimed"].get_lock():
                    shared["claimed"].value -= 1

    _threads([sign_on(n) for n in range(CLERKS)], work, shared)
    out.put(("clerks", record.result()))


def past(plan: dict) -> bool:
    """Past the run's time limit: stop rather than wait for what will not come."""
    return time.time() > plan["deadline"]


def fake_id_number(birth: dt.date, sequence: int) -> str:
    """A made-up 身份证号 with a valid check digit (as the demo's)."""
    body = f"110101{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def register(browser: Browser, record: Recorder, item: str, clerk: int, n: int) -> None:
    path = f"/desk/cases/new/?item={item}"
    page = browser.get(path)
    record.check("case form", page)
    form = browser.form(page, "/desk/cases/new/", "")
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=clerk * 400 + n)
    typed = {
        "applicant_name": f"居民{clerk:02d}{n:02d}",
        "applicant_id_number": fake_id_number(birth, 900 + n),
        "applicant_phone": f"1380013{clerk:02d}{n:02d}",
    }
    if (clerk + n) % 2:  # half the cases, across the clerks: all materials, 受理 and its 回执
        typed["received"] = form.choices.get("received", [])
        answer = browser.post(form.action or path, form.values(action="accept", **typed))
        if record.check("register", answer, status=302):
            case = browser.get(answer.headers["location"])
            record.check("case page", case)
            receipt = re.search(r'href="([^"]+receipt\.pdf)"', case.text)
            record.check("receipt pdf", browser.get(receipt.group(1)), pdf=True)
    else:  # something missing: the 一次性告知书
        answer = browser.post(form.action or path, form.values(action="notice", **typed))
        if record.check("register", answer, status=302):
            notice = browser.get(answer.headers["location"])
            record.check("notice page", notice)
            pdf = re.search(r'href="([^"]+print\.pdf)"', notice.text)
            record.check("notice pdf", browser.get(pdf.group(1)), pdf=True)


def workstations(hosts, plan, shared, out) -> None:
    record = Recorder()
    per_clerk = plan["refreshes"] // CLERKS

    def work(n: int, browser: Browser, start: float) -> None:
        every = plan["real"] / per_clerk  # 3 s of the hour
        for k in range(per_clerk):
            if past(plan):
                return
            on_time(plan, start, (k + n / CLERKS) * every, record, "workstations")
            record.check("queue panel", browser.get("/desk/queue/"))

    browsers = []
    for n in range(CLERKS):
        browsers.append(Browser(hosts[n % len(hosts)], timeout=120))
        browsers[-1].login(f"peak{n + 1:02d}", PASSWORD)
    _threads(browsers, work, shared)
    out.put(("workstations", record.result()))


def displays(hosts, plan, shared, out) -> None:
    record = Recorder()
    per_display = plan["polls"] // 4

    def work(n: int, browser: Browser, start: float) -> None:
        every = plan["real"] / per_display  # once a second
        for k in range(per_display):
            if past(plan):
                return
            on_time(plan, start, (k + n / 4) * every, record, "displays")
            record.check("display data", browser.get("/queue/display/data"))

    _threads([Browser(hosts[n % len(hosts)], timeout=120) for n in range(4)], work, shared)
    out.put(("displays", record.result()))


def public(hosts, plan, shared, out) -> None:
    record = Recorder()
    pages = [("home", "/")] * 3 + [("board", "/board/")]
    pages += [("guide search", f"/guide/?q={q}") for q in ("低保", "户籍", "居住证", "老年")]
    pages += [("guide page", f"/guide/{code}/") for code in plan["items"]] * 2
    moments = spread(plan["views"], plan["real"], random.Random(13))
    residents = 16

    def work(n: int, browser: Browser, start: float) -> None:
        rng = random.Random(n)
        for offset in moments[n::residents]:
            if past(plan):
                return
            on_time(plan, start, offset, record, "public")
            label, path = rng.choice(pages)
            record.check(label, browser.get(path))

    browsers = [Browser(hosts[n % len(hosts)], client_ip=f"10.2.{n}.1") for n in range(residents)]
    _threads(browsers, work, shared)
    out.put(("public", record.result()))


def track(hosts, plan, shared, out) -> None:
    record = Recorder()
    cases = plan["tracked"]
    moments = spread(plan["lookups"], plan["real"], random.Random(17))
    residents = 8

    def work(n: int, browser: Browser, start: float) -> None:
        record.check("track form", browser.get("/track/"))
        for k, offset in enumerate(moments[n::residents]):
            if past(plan):
                return
            on_time(plan, start, offset, record, "track")
            number, last4 = cases[(n * 131 + k) % len(cases)]
            answer = browser.post("/track/", {"case": number, "last4": last4})
            record.check("track lookup", answer)

    browsers = [Browser(hosts[n % len(hosts)], client_ip=f"10.3.{n}.1") for n in range(residents)]
    _threads(browsers, work, shared)
    out.put(("track", record.result()))


def supervisor(hosts, plan, shared, out) -> None:
    record = Recorder()
    browser = Browser(hosts[0], timeout=120)
    browser.login("supervisor", PASSWORD)
    visits = [("ledger", "/desk/ledger/?stage=received")] * plan["ledgers"]
    visits += [("daily report", "/desk/daily/")] * plan["reports"]
    random.Random(1).shuffle(visits)
    moments = spread(len(visits), plan["real"], random.Random(19))

    def work(_n: int, browser: Browser, start: float) -> None:
        for k, ((label, path), offset) in enumerate(zip(visits, moments, strict=True)):
            if past(plan):
                return
            if plan["speed"] is None:  # as fast as possible: spread over the tickets
                while shared["served"].value < plan["tickets"] * k / len(visits):
                    if past(plan):
                        return
                    time.sleep(0.05)
            on_time(plan, start, offset, record, "supervisor")
            record.check(label, browser.get(path))

    _threads([browser], work, shared)
    out.put(("supervisor", record.result()))


# -- the run ------------------------------------------------------------------------------


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def shell(env: dict, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV / "python"), "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def prepare(env: dict, url: str) -> dict:
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_demo", "--open-all-day")
    done = shell(env, SETUP.format(clerks=CLERKS, password=PASSWORD))
    if done.returncode:
        sys.exit(done.stderr)
    facts = shell(
        env,
        "from disclosure.models import ServiceItem\n"
        "from staff.models import Counter\n"
        "print(','.join(ServiceItem.objects.published().filter(promised_days__gt=0)"
        ".values_list('code', flat=True)[:8]))\n"
        "print(','.join(str(pk) for pk in Counter.objects.order_by('number')"
        ".values_list('pk', flat=True)))\n",
    )
    items, counters = facts.stdout.split()
    return {"items": items.split(","), "counters": counters.split(",")}


def seed_cases(env: dict, count: int, items: list[str]) -> list[tuple[str, str]]:
    """Cases registered before the hour, for the residents' lookups."""
    code = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from disclosure.models import ServiceItem
from intake.cases import Applicant, case_accept
from intake.management.commands.load_demo import fake_id_number
from intake.models import Case
clerk = get_user_model().objects.get(username="peak01")
items = list(ServiceItem.objects.filter(code__in={items!r}))
for n in range({count}):
    item = items[n % len(items)]
    case = case_accept(
        item=item,
        applicant=Applicant(
            name="居民" + str(n),
            id_number=fake_id_number("110101", dt.date(1960, 1, 1) + dt.timedelta(days=n), 900),
            phone="1390000%04d" % n,
        ),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )
    print(case.number, case.applicant_phone[-4:])
"""
    done = shell(env, code)
    if done.returncode:
        sys.exit(done.stderr)
    # Only the "number last4" lines: the console SMS backend prints the texts sent at 受理.
    return re.findall(r"^(\d{8,20}) (\d{4})$", done.stdout, re.M)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers in all")
    parser.add_argument("--hosts", type=int, default=1, choices=[1, 2])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--speed",
        default="30",
        help="how many times faster than real time the hour is replayed, or `max`: every "
        "client as fast as it can, no clock (a throughput ceiling; latency is then queueing)",
    )
    parser.add_argument("--limit", type=int, default=900, help="give up after this many s")
    args = parser.parse_args()
    ensure_wrk()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # Each simulated resident and kiosk has its own address (X-Forwarded-For).
        "TRUSTED_PROXIES": "127.0.0.1",
    }
    env.pop("HTTPS", None)
    if args.hosts == 2:
        env["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
        subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], check=True)
    else:
        env.pop("REDIS_URL", None)

    def scaled(n: int) -> int:
        return max(1, round(n * args.scale))

    print("preparing a fresh database with the demo center, 20 counters and 20 clerks …")
    plan = prepare(env, url)
    plan["tracked"] = seed_cases(env, 100, plan["items"])
    plan.update(
        tickets=scaled(600),
        cases=scaled(200),
        refreshes=scaled(CLERKS * HOUR // 3),
        polls=scaled(4 * HOUR),
        views=scaled(20_000),
        lookups=scaled(500),
        ledgers=scaled(60),
        reports=scaled(12),
        real=HOUR * args.scale,
        speed=None if args.speed == "max" else float(args.speed),
    )

    servers = []
    per_host = max(1, args.workers // args.hosts)
    for _ in range(args.hosts):
        servers.append(gunicorn(env, per_host))
    hosts = [base for _server, base in servers]
    try:
        # The baselines, in the same run, on the first host.
        page = Browser(hosts[0]).get("/").text
        css = re.search(r'href="(/static/css/site[^"]*\.css)"', page).group(1)
        wrk(hosts[0] + css, 2, 16)
        static, _e = wrk(hosts[0] + css, 5, 16)
        write_lua = Path(ROOT / "bench" / ".write.lua")
        write_lua.write_text(
            'wrk.method = "POST"\nwrk.body = "x=1"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        )
        wrk(hosts[0] + "/bench/write/", 2, 16, write_lua)
        one_insert, _e = wrk(hosts[0] + "/bench/write/", 5, 16, write_lua)
        write_lua.unlink()

        kinds = [kiosk, clerks, workstations, displays, public, track, supervisor]
        shared = {name: mp.Value("i", 0) for name in ("issued", "claimed", "served")}
        shared["gate"] = mp.Barrier(len(kinds) + 1)
        out: mp.Queue = mp.Queue()
        plan["deadline"] = time.time() + args.limit
        processes = [mp.Process(target=k, args=(hosts, plan, shared, out)) for k in kinds]
        print(f"replaying the peak hour on {args.hosts} host(s), {args.workers} workers …")
        for process in processes:
            process.start()
        shared["gate"].wait(timeout=900)  # every client signed in and ready
        started = time.perf_counter()
        results = [out.get() for _ in processes]
        wall = time.perf_counter() - started
        for process in processes:
            process.join()
    finally:
        for server, _base in servers:
            server.terminate()
            server.wait()

    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    samples = []
    lags: dict[str, list[float]] = defaultdict(list)
    for _kind, (kind_times, kind_errors, kind_samples, kind_lags) in results:
        for kind, values in kind_lags.items():
            lags[kind] += values
        for label, values in kind_times.items():
            times[label] += values
        for label, count in kind_errors.items():
            errors[label] += count
        samples += kind_samples

    real = HOUR * args.scale
    print()
    print(f"baselines: static file {static:.0f} req/s, one INSERT {one_insert:.0f} req/s")
    pace = "as fast as each client can" if plan["speed"] is None else f"at {args.speed}× pace"
    print(
        f"peak hour ×{args.scale:g}, replayed {pace}: wall {wall:.1f} s, speed-up over real "
        f"time {real / wall:.1f}× (goal ≥ 30×, i.e. the hour in under 120 s)"
    )
    if lags:
        # Each client sends at the hour's moments, compressed; a stack that cannot keep up
        # shows here first: clients send late, so the hour takes longer.
        behind = ", ".join(
            f"{kind} p95 {1000 * percentile(sorted(v), 95):.0f} ms, max {max(v):.1f} s"
            for kind, v in sorted(lags.items())
        )
        print(f"behind the hour's clock when sending: {behind}")
    total = sum(len(v) for v in times.values())
    print(f"requests: {total}, {total / wall:.0f} req/s, errors: {sum(errors.values())}")
    print(f"{'kind':<16}{'count':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    slow = []
    for label in sorted(times):
        values = sorted(times[label])
        p50, p95, p99 = (1000 * percentile(values, q) for q in (50, 95, 99))
        mark = " *" if label in CLERK_ACTIONS else ""
        print(
            f"{label + mark:<16}{len(values):>8}{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}"
            f"{errors.get(label, 0):>8}"
        )
        if label in CLERK_ACTIONS and p95 > 100:
            slow.append(label)
    print("* a clerk action (goal p95 ≤ 100 ms)" + (f"; over: {', '.join(slow)}" if slow else ""))
    for sample in samples:
        print("error:", sample)
    checked = shell(env, CHECK.format())
    print(checked.stdout.strip())
    print(checked.stderr.strip()[-2000:])
    print("checks passed" if checked.returncode == 0 else "CHECKS FAILED")


if __name__ == "__main__":
    main()
