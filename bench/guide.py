"""Benchmark: the public guide page against a static file, through gunicorn, in one run.

    .venv/bin/python bench/guide.py [--seconds 10] [--connections 16] [--workers 3] [--rounds 5]

Sets up a throw-away SQLite database with the demo center, starts gunicorn on 127.0.0.1,
and drives both URLs with wrk (Debian package `wrk`, installed if missing), in turns of
seconds/rounds each, so that both see the same load from whatever else runs on the machine.
Prints requests per second for each (over all its turns) and the ratio. Goal: the guide
page reaches at least half the static file's rate.
"""

import argparse
import os
import re
import shutil
import tempfile
import urllib.request
from pathlib import Path

from common import ensure_wrk, gunicorn, manage, wrk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    ensure_wrk()

    work = Path(tempfile.mkdtemp(prefix="bench-guide-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}", "DEBUG": "0"}
    env.pop("HTTPS", None)
    for command in (["migrate", "-v0"], ["createcachetable"], ["load_demo"]):
        manage(env, *command)
    manage(env, "collectstatic", "--noinput", "-v0")

    server, base = gunicorn(env, args.workers)
    try:
        page = urllib.request.urlopen(base + "/guide/jzz-shenling/").read().decode()
        css = re.search(r'href="(/static/css/site[^"]*\.css)"', page).group(1)
        guide_url, static_url = base + "/guide/jzz-shenling/", base + css
        wrk(guide_url, 2, args.connections)  # warm up every worker's cache and connections
        wrk(static_url, 2, args.connections)
        turn = max(1, args.seconds // args.rounds)
        guide_turns, static_turns = [], []
        for _ in range(args.rounds):  # in turns: a busy minute elsewhere hits both alike
            guide_turns.append(wrk(guide_url, turn, args.connections))
            static_turns.append(wrk(static_url, turn, args.connections))
        guide = sum(rate for rate, _errors in guide_turns) / args.rounds
        static = sum(rate for rate, _errors in static_turns) / args.rounds
        guide_errors = sum(errors for _rate, errors in guide_turns)
        static_errors = sum(errors for _rate, errors in static_turns)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

    setup = f"{args.workers} gunicorn workers, {args.connections} connections, {args.seconds} s"
    print(f"{setup} each in {args.rounds} turns, SQLite")
    rows = [("static file", css, static, static_errors)]
    rows.append(("guide page", "/guide/jzz-shenling/", guide, guide_errors))
    for label, path, rate, errors in rows:
        print(f"{label:12} {path:40} {rate:9.1f} req/s  errors {errors}")
    print(f"ratio guide/static: {guide / static:.2f} (goal ≥ 0.50)")


if __name__ == "__main__":
    main()
