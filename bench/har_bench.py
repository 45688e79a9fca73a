#!/usr/bin/env python3
"""check-har against other ways of reading the same capture (a benchmark,
not a test): MB/s and peak RSS on files of the given sizes, side by side.

    cmake --preset release && cmake --build --preset release
    bench/har_bench.py [SIZE_MIB ...]          default: 10 100 1024

Captures are made by tests/cli/har_gen.py (API entries among large
unrelated base64 bodies) in $HAR_BENCH_DIR (default build/har-bench).
Tools: hsscodec check-har; yajl alone with no-op callbacks fed 64 KiB at a
time (as a streaming reader feeds it) and the whole file in one call (its
best case); jq selecting the matching entries; node's JSON.parse plus the
same filter. jq and node are skipped when absent.
"""
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build", "release")
HSSCODEC = os.path.join(BUILD, "cli", "hsscodec")
HAR_YAJL = os.path.join(BUILD, "bench", "har_yajl")
JQ_FILTER = ('[.log.entries[] | select(.request.url | '
             'test("^[a-z]+://[^/]*/v5/[^/]+/image/registries/image-upload-command([?#]|$)"))]'
             ' | length')
NODE_PROG = r"""
const fs = require('fs');
const d = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const re = /^[a-z]+:\/\/[^/]*\/v5\/[^/]+\/image\/registries\/image-upload-command([?#]|$)/;
console.log(d.log.entries.filter(e => re.test(e.request.url)).length);
"""


def measure(argv, scratch):
    """(seconds, peak RSS in MiB, exit code, stderr) of one run. GNU time
    measures: a child forked by this (large) Python process would start
    with Python's RSS as its high-water mark."""
    report = os.path.join(scratch, "time.out")
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-o", report, "-f", "%M"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    secs = time.monotonic() - t0
    with open(report) as f:
        lines = f.read().split()
    rss_kib = int(lines[-1])
    return secs, rss_kib / 1024.0, p.returncode, p.stderr.decode("utf-8", "replace").strip()


def main():
    sizes = [int(x) for x in sys.argv[1:]] or [10, 100, 1024]
    for tool in (HSSCODEC, HAR_YAJL, "/usr/bin/time"):
        if not os.path.exists(tool):
            sys.exit("build the release preset first (missing %s)" % tool)
    out_dir = os.environ.get("HAR_BENCH_DIR", os.path.join(ROOT, "build", "har-bench"))
    os.makedirs(out_dir, exist_ok=True)
    tools = [("hsscodec check-har", lambda f: [HSSCODEC, "check-har", "--quiet", f]),
             ("yajl, 64 KiB feeds", lambda f: [HAR_YAJL, "chunked", f]),
             ("yajl, whole file", lambda f: [HAR_YAJL, "whole", f])]
    if shutil.which("jq"):
        tools.append(("jq", lambda f: ["jq", JQ_FILTER, f]))
    if shutil.which("node"):
        tools.append(("node JSON.parse", lambda f: ["node", "-e", NODE_PROG, f]))
    print("| size | tool | seconds | MB/s | peak RSS (MiB) | note |")
    print("|---|---|---|---|---|---|")
    for mib in sizes:
        path = os.path.join(out_dir, "capture-%dmib.har" % mib)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                subprocess.run([sys.executable, os.path.join(ROOT, "tests", "cli", "har_gen.py"),
                                "big", str(mib)], stdout=f, check=True)
        size = os.path.getsize(path)
        # a first read, so every tool finds the file in the page cache
        with open(path, "rb") as f:
            while f.read(1 << 24):
                pass
        for name, argv in tools:
            secs, rss, rc, err = measure(argv(path), out_dir)
            note = "" if rc in (0, 1) else "failed: " + (err.splitlines() or ["exit %d" % rc])[-1][:60]
            print("| %d MiB | %s | %.2f | %.0f | %.1f | %s |" % (mib, name, secs, size / 1e6 / secs,
                                                              rss, note))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
