"""Benchmark: the 一次性告知书 and the 受理回执 as PDFs, in a warm process, against a floor.

    .venv/bin/python bench/pdf.py [--runs 50]

Sets up a throw-away SQLite database with the demo center, registers a case and a notice,
then fetches each PDF through its view `--runs` times; the floor is a bare WeasyPrint
render of one line of Chinese in the same font. The documents take turns, run by run, so
that load from other processes falls on all of them alike. Prints median and 95th
percentile times (wall clock, and CPU time of this process, which the machine's other load
disturbs less), the longest garbage-collector pause in one run, sizes, and each document's
ratio to the floor. Goals: the notice ≤ 3 × the floor (median), its p95 ≤ 1.5 × its median,
≤ 300 KB.

The row "one line + ；" (the floor's six characters and a semicolon) is not the floor, only
a yardstick: WeasyPrint embeds the font subset with every glyph id up to the highest one used
kept, and Noto CJK's Chinese punctuation sits at glyph ids ~59,000–63,000 (the floor's six
characters stay below ~28,000), so any real Chinese document pays for the larger tables.
"""

import argparse
import gc
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


def timed(functions: list, runs: int) -> list[tuple[list[float], list[float], list, bytes]]:
    """Wall and CPU milliseconds of each function, taking turns run by run, and the
    milliseconds the garbage collector paused each run."""
    paused, began = [0.0], [0.0]

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            paused[0] += time.perf_counter() - began[0]

    gc.callbacks.append(watch)
    results = [([], [], [], function()) for function in functions]  # warm: fonts, templates
    for _ in range(runs):
        for function, (walls, cpus, pauses, _) in zip(functions, results, strict=True):
            paused[0] = 0.0
            start, cpu = time.perf_counter(), time.process_time()
            function()
            walls.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            pauses.append(paused[0] * 1000)
    gc.callbacks.remove(watch)
    return results


def figures(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


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
    punctuated_html = "<p style=\"font-family: 'Noto Serif CJK SC'\">一次性告知书；</p>"
    rows = [
        (
            "floor: one line of Chinese",
            lambda: HTML(string=floor_html).write_pdf(font_config=printouts.FONTS),
        ),
        (
            "one line + ； (yardstick)",
            lambda: HTML(string=punctuated_html).write_pdf(font_config=printouts.FONTS),
        ),
        (
            "一次性告知书 (two copies)",
            lambda: client.get(f"/desk/notices/{notice.serial}/print.pdf").content,
        ),
        ("受理回执", lambda: client.get(f"/desk/cases/{case.number}/receipt.pdf").content),
    ]
    results = timed([function for _, function in rows], args.runs)
    floor, floor_cpu = (statistics.median(times) for times in results[0][:2])
    print(f"{args.runs} renders each, taking turns, warm process, WeasyPrint, Noto Serif CJK SC")
    for (label, _), (walls, cpus, pauses, content) in zip(rows, results, strict=True):
        (median, p95), (cpu, cpu_p95) = figures(walls), figures(cpus)
        print(
            f"{label:30} median {median:6.1f} ms  p95 {p95:6.1f} ms (×{p95 / median:3.1f})  "
            f"×{median / floor:3.1f} floor | CPU {cpu:6.1f} ms  p95 {cpu_p95:6.1f} ms  "
            f"×{cpu / floor_cpu:3.1f} floor | GC max {max(pauses):5.1f} ms | "
            f"{len(content) / 1024:5.1f} KB"
        )


if __name__ == "__main__":
    main()
