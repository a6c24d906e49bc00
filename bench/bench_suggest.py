#!/usr/bin/env python3
"""Latency of /suggest as a search box calls it: once per keystroke.

Indexes a corpus (data/sample/ by default) with kisearch-index, starts
kisearchd on a free port, and types every query of a query log letter by
letter over one keep-alive connection, asking /suggest at each keystroke
from the second letter on. Runs twice, interleaved by round: with the
answer cache off (every completion computed) and on (the default). Prints
medians and p99 of the time seen by the client and of the server's
took_ms, and writes them as JSON. Performance is never asserted.

Usage: bench/bench_suggest.py --build DIR [--corpus DIR] [--queries FILE]
                              [--rounds N] [--json FILE]
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# A search box's typing, when no query log is given: the judged queries.
DEFAULT_QUERIES = os.path.join(ROOT, "tests", "relevance", "queries.tsv")


def read_queries(path, limit):
    queries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            # queries.tsv: the query is the first column.
            text = line.split("\t", 1)[0].strip()
            if text and text != "query":
                queries.append(text)
            if len(queries) >= limit:
                break
    return queries


def keystrokes(queries):
    """Every prefix of every query from two characters on."""
    typed = []
    for q in queries:
        for n in range(2, len(q) + 1):
            if q[n - 1] != " ":
                typed.append(q[:n])
    return typed


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered))) - 1))
    return ordered[k]


class Kisearchd:
    def __init__(self, build, db, workdir, cache_entries):
        conf = os.path.join(workdir, "bench-%d.conf" % cache_entries)
        with open(conf, "w", encoding="utf-8") as f:
            f.write("[server]\nthreads = 1\n[search]\ncache_entries = %d\n"
                    % cache_entries)
        self.proc = subprocess.Popen(
            [os.path.join(build, "server", "kisearchd"), "--db", db,
             "--config", conf, "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.proc.kill()
            raise SystemExit("kisearchd did not start: %r" % line)
        host, port = line.split("http://", 1)[1].strip().rstrip("/").rsplit(
            ":", 1)
        self.conn = http.client.HTTPConnection(host, int(port), timeout=10)

    def suggest(self, text):
        path = "/suggest?q=" + urllib.parse.quote(text)
        start = time.perf_counter()
        self.conn.request("GET", path)
        resp = self.conn.getresponse()
        body = resp.read()
        elapsed = (time.perf_counter() - start) * 1e3
        if resp.status != 200:
            raise SystemExit("%s: HTTP %d %s" % (path, resp.status, body[:200]))
        return elapsed, json.loads(body)["took_ms"]

    def stop(self):
        self.conn.close()
        self.proc.terminate()
        self.proc.wait(timeout=20)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="the build folder")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "data", "sample"))
    ap.add_argument("--queries", default=DEFAULT_QUERIES)
    ap.add_argument("--max-queries", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()

    typed = keystrokes(read_queries(args.queries, args.max_queries))
    work = tempfile.mkdtemp(prefix="kisearch-bench-suggest-")
    try:
        db = os.path.join(work, "db")
        subprocess.run([os.path.join(args.build, "indexer", "kisearch-index"),
                        "--db", db, args.corpus], check=True,
                       stdout=subprocess.DEVNULL)
        runs = {"computed": ([], []), "cached": ([], [])}
        for _ in range(args.rounds):
            for name, entries in (("computed", 0), ("cached", 4096)):
                server = Kisearchd(args.build, db, work, entries)
                try:
                    # The cached run types everything once first: a search
                    # box's head queries repeat.
                    if entries:
                        for text in typed:
                            server.suggest(text)
                    for text in typed:
                        client, took = server.suggest(text)
                        runs[name][0].append(client)
                        runs[name][1].append(took)
                finally:
                    server.stop()
        figures = {"corpus": args.corpus, "keystrokes": len(typed),
                   "rounds": args.rounds}
        print("/suggest, one connection, %d keystrokes x %d rounds (%s)"
              % (len(typed), args.rounds, os.path.relpath(args.corpus)))
        print("%-10s %12s %12s %12s %12s" % ("", "client p50", "client p99",
                                             "server p50", "server p99"))
        for name, (client, took) in runs.items():
            row = {"client_p50_ms": statistics.median(client),
                   "client_p99_ms": percentile(client, 99),
                   "server_p50_ms": statistics.median(took),
                   "server_p99_ms": percentile(took, 99)}
            figures[name] = row
            print("%-10s %12.3f %12.3f %12.3f %12.3f" % (
                name, row["client_p50_ms"], row["client_p99_ms"],
                row["server_p50_ms"], row["server_p99_ms"]))
        print("ratio computed/cached, client p50: %.2f" % (
            figures["computed"]["client_p50_ms"]
            / figures["cached"]["client_p50_ms"]))
        if args.json:
            os.makedirs(os.path.dirname(os.path.abspath(args.json)),
                        exist_ok=True)
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump(figures, f, indent=1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
