#!/usr/bin/env python3
"""bench_writes: how fast writes land and become searchable.

Measures, against a real kisearchd on loopback and the real
kisearch-index, in one run:
- the time from a write's answer (PUT /documents/{id}) to the moment a
  search finds it (median and max of 20);
- write throughput over the API (NDJSON batches of 200) and from the CLI
  (one .jsonl file), in documents per second.
Prints a table and writes JSON with --json FILE. Asserts nothing.
Usage: bench_writes.py [--build DIR] [--docs N] [--json FILE]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import kisearch_harness  # noqa: E402

KEY = "bench-admin-key-0123456789"


def record(i):
    return {"id": "w%06d" % i, "title": "Meldung %d aus dem Kreis" % i,
            "body": "Das Kommunale Integrationszentrum berichtet über "
                    "Sprachkurse, Elternarbeit und Projekt %d." % i}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(HERE, "..", "build",
                                                        "release"))
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--json")
    args = parser.parse_args()
    kisearch_harness.KISEARCHD = os.path.join(args.build, "server",
                                              "kisearchd")
    index_bin = os.path.join(args.build, "indexer", "kisearch-index")
    ws = kisearch_harness.Workspace()
    try:
        keys = ws.write("keys.txt", "admin %s\n" % KEY)
        db = ws.join("db")
        server = kisearch_harness.Server(db, ws.path,
                                         extra_args=("--keys", keys))
        auth = {"Authorization": "Bearer " + KEY}

        # 1. From a write's answer to its visibility in search.
        latencies = []
        for i in range(20):
            word = "Sichtbarkeitstest%d" % i
            resp = server.request("PUT", "/documents/v%d" % i, body=json.dumps(
                {"title": word, "body": word}).encode(), headers=auth)
            answered = time.monotonic()
            assert resp.status == 200, resp.body
            path = "/search?" + urllib.parse.urlencode(
                {"q": word, "typos": "false"})
            while True:
                found = server.get(path)
                if found.status == 200 and found.json()["total"] > 0:
                    break
                time.sleep(0.001)
            latencies.append((time.monotonic() - answered) * 1000)

        # 2. Throughput over the API: NDJSON batches of 200.
        batch = 200  # under the test max_body_bytes (64 KiB)
        started = time.monotonic()
        for first in range(0, args.docs, batch):
            body = "".join(json.dumps(record(i), ensure_ascii=False) + "\n"
                           for i in range(first, min(first + batch,
                                                     args.docs)))
            resp = server.request("POST", "/documents", body=body.encode(),
                                  headers=auth)
            assert resp.status == 200, resp.body
        api_seconds = time.monotonic() - started
        assert server.stop() == 0

        # 3. Throughput from the CLI: one .jsonl file, fresh index.
        path = ws.write("import.jsonl", "".join(
            json.dumps(record(i), ensure_ascii=False) + "\n"
            for i in range(args.docs)))
        started = time.monotonic()
        subprocess.run([index_bin, "--db", ws.join("cli"), "--quiet", path],
                       check=True)
        cli_seconds = time.monotonic() - started
    finally:
        ws.remove()

    figures = {
        "visible_after_write_ms": {"median": statistics.median(latencies),
                                   "max": max(latencies)},
        "api_docs_per_s": args.docs / api_seconds,
        "cli_docs_per_s": args.docs / cli_seconds,
        "documents": args.docs,
    }
    print("kisearch write benchmark: %d documents" % args.docs)
    print("%-40s %10.2f ms (max %.2f)" % (
        "write answered -> found by search, median",
        figures["visible_after_write_ms"]["median"],
        figures["visible_after_write_ms"]["max"]))
    print("%-40s %10.0f" % ("API, NDJSON batches of 200, docs/s",
                            figures["api_docs_per_s"]))
    print("%-40s %10.0f" % ("CLI, one .jsonl file, docs/s",
                            figures["cli_docs_per_s"]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
