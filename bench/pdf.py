"""Benchmark: the 一次性告知书 and the 受理回执 as PDFs, in a warm process, against a floor.

    .venv/bin/python bench/pdf.py [--runs 50]

Sets up a throw-away SQLite database with the demo center, registers a case and a notice,
then fetches each PDF through its view `--runs` times; the floor is a bare WeasyPrint
render of one line of Chinese in the same font. Prints median and 95th percentile times,
sizes, and each document's ratio to the floor. Goal: the notice ≤ 100 ms median, ≤ 300 KB.
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
# Run as a script, bench/ is first on the path, and bench/queue.py would shadow the
# standard library's queue module: put the project root there instead.
sys.path[0] = str(ROOT)


def timed(function, runs: int) -> tuple[list[float], bytes]:
    function()  # warm: fonts looked up, templates compiled
    times, result = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicecenter.settings")
    python = str(ROOT / ".venv" / "bin" / "python")
    for command in (["migrate", "-v0"], ["createcachetable"], ["load_demo"]):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from weasyprint import HTML

    from disclosure.models import ServiceItem
    from intake import cases, printouts

    settings.ALLOWED_HOSTS = ["*"]
    clerk = get_user_model().objects.get(username="clerk")
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678")
    notice = cases.notice_issue(
        item=item, applicant=applicant, missing=list(item.materials.all())[1:], clerk=clerk
    )
    case = cases.case_accept(
        item=item,
        applicant=applicant,
        received=list(item.materials.all()),
        mode="promised",
        clerk=clerk,
    )
    client = Client()
    client.force_login(clerk)

    floor_html = "<p style=\"font-family: 'Noto Serif CJK SC'\">一次性告知书</p>"
    rows = [
        (
            "floor: one line of Chinese",
            lambda: HTML(string=floor_html).write_pdf(font_config=printouts.FONTS),
        ),
        (
            "一次性告知书 (two copies)",
            lambda: client.get(f"/desk/notices/{notice.serial}/print.pdf").content,
        ),
        ("受理回执", lambda: client.get(f"/desk/cases/{case.number}/receipt.pdf").content),
    ]
    results = [(label, *timed(function, args.runs)) for label, function in rows]
    floor = statistics.median(results[0][1])
    print(f"{args.runs} renders each, warm process, WeasyPrint, Noto Serif CJK SC")
    for label, times, content in results:
        p95 = statistics.quantiles(times, n=20)[-1]
        median = statistics.median(times)
        print(
            f"{label:30} median {median:6.1f} ms  p95 {p95:6.1f} ms  "
            f"{len(content) / 1024:6.1f} KB  ×{median / floor:4.1f} floor"
        )


if __name__ == "__main__":
    main()
