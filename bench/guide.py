"""Benchmark: the public guide page against a static file, through gunicorn, in one run.

    .venv/bin/python bench/guide.py [--seconds 10] [--connections 16] [--workers 3]

Sets up a throw-away SQLite database with the demo center, starts gunicorn on 127.0.0.1,
and drives both URLs with wrk (Debian package `wrk`, installed if missing). Prints requests
per second for each and the ratio. Goal: the guide page reaches at least half the static
file's rate.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk")


def wrk(url: str, seconds: int, connections: int) -> tuple[float, int]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    ensure_wrk()

    work = Path(tempfile.mkdtemp(prefix="bench-guide-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}", "DEBUG": "0"}
    env.pop("HTTPS", None)
    manage = [str(PYTHON), "manage.py"]
    for command in (
        ["migrate", "-v0"],
        ["createcachetable"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    port = free_port()
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
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                home = urllib.request.urlopen(base + "/guide/jzz-shenling/").read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start")
        css = re.search(r'href="(/static/css/site[^"]*\.css)"', home).group(1)
        guide_url, static_url = base + "/guide/jzz-shenling/", base + css
        wrk(guide_url, 2, args.connections)  # warm up every worker's cache and connections
        wrk(static_url, 2, args.connections)
        guide, guide_errors = wrk(guide_url, args.seconds, args.connections)
        static, static_errors = wrk(static_url, args.seconds, args.connections)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

    setup = f"{args.workers} gunicorn workers, {args.connections} connections, {args.seconds} s"
    print(f"{setup} each, SQLite")
    rows = [("static file", static_url.removeprefix(base), static, static_errors)]
    rows.append(("guide page", "/guide/jzz-shenling/", guide, guide_errors))
    for label, path, rate, errors in rows:
        print(f"{label:12} {path:40} {rate:9.1f} req/s  errors {errors}")
    print(f"ratio guide/static: {guide / static:.2f} (goal ≥ 0.50)")


if __name__ == "__main__":
    main()
