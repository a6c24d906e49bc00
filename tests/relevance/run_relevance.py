#!/usr/bin/env python3
"""Relevance test suite of kisearch: judged queries, MRR@10 and Success@1.

Indexes data/sample (and, when present, the seeds) with the real
kisearch-index, starts the real kisearchd, runs every query of
queries.tsv with limit=10 and prints, per tag and overall, the number of
queries, MRR@10 and Success@1. Compares the figures with floors.json and
exits 1 when one is below its floor.

Queries of corpus `sample` run over an index of data/sample alone, so
their figures do not depend on whether the seeds exist; queries of corpus
`seeds` run over an index of data/sample plus the seeds and are skipped
when the seeds folder is missing. Floors: "overall" and "tags" apply to
the sample queries, the "seeds" section to the seeds queries.

Environment (as for tests/e2e): KISEARCHD, KISEARCH_INDEX, KS_SAMPLE_DIR,
KS_SEEDS_DIR. Standard library only.

Exit status: 0 every figure at or above its floor, 1 a figure below its
floor, 2 the suite could not run (bad queries.tsv, unknown id, server or
indexer failure).
"""

import argparse
import json
import math
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

import kisearch_harness as harness  # noqa: E402

TAGS = ("stemming", "umlaut", "compound", "typo", "prefix", "phrase",
        "synonym", "question", "exact", "gender", "hyphen", "stopword")
CORPORA = ("sample", "seeds")
LIMIT = 10
DEFAULT_MARGIN = 0.05
MIN_TAG_QUERIES = 5


class SuiteError(Exception):
    """The suite cannot run: exit status 2."""


class Query:
    def __init__(self, line_no, text, tags, relevant, corpus):
        self.line_no = line_no
        self.text = text
        self.tags = tags
        self.relevant = relevant
        self.corpus = corpus
        self.returned = []   # ids of the top LIMIT hits, in order
        self.rank = None     # 1-based rank of the first relevant hit

    @property
    def rr(self):
        return 1.0 / self.rank if self.rank else 0.0

    @property
    def s1(self):
        return 1.0 if self.rank == 1 else 0.0


def load_queries(path):
    """Parse queries.tsv; raise SuiteError on any malformed line."""
    queries = []
    errors = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4:
                errors.append("line %d: %d columns, expected 4 "
                              "(query, tags, relevant ids, corpus)"
                              % (line_no, len(cols)))
                continue
            text, tags, ids, corpus = (c.strip() for c in cols)
            tag_list = [t.strip() for t in tags.split(",") if t.strip()]
            id_list = [i.strip() for i in ids.split(",") if i.strip()]
            bad = [t for t in tag_list if t not in TAGS]
            if not text:
                errors.append("line %d: empty query" % line_no)
            if not tag_list or bad:
                errors.append("line %d: tags %r not a subset of %s"
                              % (line_no, tags, ", ".join(TAGS)))
            if not id_list:
                errors.append("line %d: no relevant ids" % line_no)
            if corpus not in CORPORA:
                errors.append("line %d: corpus %r is not one of %s"
                              % (line_no, corpus, ", ".join(CORPORA)))
            queries.append(Query(line_no, text, tag_list, id_list, corpus))
    if errors:
        raise SuiteError("%s:\n  %s" % (path, "\n  ".join(errors)))
    if not queries:
        raise SuiteError("%s: no queries" % path)
    return queries


def start_server(workspace, name, paths):
    db = workspace.join(name + "-db")
    harness.index(db, *paths)
    workdir = workspace.join(name)
    os.makedirs(workdir)
    return harness.Server(db, workdir)


def check_ids(server, queries):
    """Every judged id must exist in the index: a typo is a broken test."""
    missing = []
    seen = {}
    for q in queries:
        for doc_id in q.relevant:
            if doc_id not in seen:
                path = "/documents/" + urllib.parse.quote(doc_id, safe="/")
                seen[doc_id] = server.get(path).status == 200
            if not seen[doc_id]:
                missing.append("line %d (%s): unknown id %r"
                               % (q.line_no, q.text, doc_id))
    if missing:
        raise SuiteError("judged ids not in the index:\n  "
                         + "\n  ".join(missing))


def run_queries(server, queries):
    for q in queries:
        path = "/search?" + urllib.parse.urlencode(
            {"q": q.text, "limit": LIMIT})
        resp = server.get(path)
        if resp.status != 200:
            raise SuiteError("query %r (line %d): HTTP %d %s" % (
                q.text, q.line_no, resp.status,
                resp.body[:300].decode("utf-8", "replace")))
        q.returned = [h["id"] for h in resp.json()["hits"]][:LIMIT]
        q.rank = None
        for i, doc_id in enumerate(q.returned, 1):
            if doc_id in q.relevant:
                q.rank = i
                break


def figures(queries):
    n = len(queries)
    if not n:
        return {"n": 0, "mrr": 0.0, "s1": 0.0}
    return {"n": n,
            "mrr": round(sum(q.rr for q in queries) / n, 4),
            "s1": round(sum(q.s1 for q in queries) / n, 4)}


def measure(queries):
    """{"overall": figures, "tags": {tag: figures}} for one query set."""
    result = {"overall": figures(queries), "tags": {}}
    for tag in TAGS:
        tagged = [q for q in queries if tag in q.tags]
        if tagged:
            result["tags"][tag] = figures(tagged)
    return result


def print_table(title, result, out):
    out.write("\n%s\n" % title)
    out.write("%-10s %5s %8s %6s\n" % ("tag", "n", "MRR@10", "S@1"))
    out.write("%s\n" % ("-" * 32))
    for tag, fig in result["tags"].items():
        out.write("%-10s %5d %8.3f %6.3f\n"
                  % (tag, fig["n"], fig["mrr"], fig["s1"]))
    out.write("%s\n" % ("-" * 32))
    fig = result["overall"]
    out.write("%-10s %5d %8.3f %6.3f\n"
              % ("overall", fig["n"], fig["mrr"], fig["s1"]))


def print_misses(queries, out):
    misses = [q for q in queries if q.rank != 1]
    out.write("\nMisses (%d of %d): relevant not first\n"
              % (len(misses), len(queries)))
    if not misses:
        out.write("  none\n")
        return
    for tag in TAGS:
        tagged = [q for q in misses if q.tags[0] == tag]
        if not tagged:
            continue
        out.write("\n[%s]\n" % tag)
        for q in tagged:
            where = ("rank %d" % q.rank) if q.rank else "not in top %d" % LIMIT
            out.write("  %-42s (%s; %s) line %d, tags %s\n" % (
                repr(q.text), where, q.corpus, q.line_no, ",".join(q.tags)))
            out.write("      expected: %s\n" % ", ".join(q.relevant))
            out.write("      top 3:    %s\n"
                      % (", ".join(q.returned[:3]) or "(no hits)"))


def compare(measured, floors):
    """Violations: a list of messages, one per figure below its floor."""
    violations = []

    def check(label, fig, floor):
        for key, name in (("mrr", "MRR@10"), ("s1", "Success@1")):
            if key in floor and fig[key] + 1e-9 < floor[key]:
                violations.append("%s: %s %.3f is below the floor %.3f"
                                  % (label, name, fig[key], floor[key]))

    for section in ("sample", "seeds"):
        got = measured.get(section)
        want = floors if section == "sample" else floors.get("seeds")
        if not got or not want:
            continue
        prefix = "" if section == "sample" else "seeds "
        if "overall" in want:
            check(prefix + "overall", got["overall"], want["overall"])
        for tag, floor in want.get("tags", {}).items():
            if tag in got["tags"]:
                check("%stag %s" % (prefix, tag), got["tags"][tag], floor)
            else:
                violations.append("%stag %s has a floor but no queries"
                                  % (prefix, tag))
    return violations


def floors_from(measured, margin):
    """Floors = measurement - margin, rounded down to 0.01, at least 0.

    A tag with fewer than MIN_TAG_QUERIES queries gets no floor of its own
    (one query more or less would swing it by 0.2 or more); its queries
    still count in the overall floor.
    """
    def lower(fig):
        return {k: max(0.0, math.floor((fig[k] - margin) * 100 + 1e-6) / 100)
                for k in ("mrr", "s1")}

    def section(result):
        return {"overall": lower(result["overall"]),
                "tags": {t: lower(f) for t, f in result["tags"].items()
                         if f["n"] >= MIN_TAG_QUERIES}}

    floors = section(measured["sample"])
    if measured.get("seeds"):
        floors["seeds"] = section(measured["seeds"])
    return floors


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="kisearch relevance suite: MRR@10 and Success@1 per tag")
    parser.add_argument("--queries", default=os.path.join(HERE, "queries.tsv"))
    parser.add_argument("--floors", default=os.path.join(HERE, "floors.json"))
    parser.add_argument("--json", metavar="FILE",
                        help="also write the measurement as JSON to FILE")
    parser.add_argument("--update-floors", action="store_true",
                        help="write the floors file from this measurement "
                             "minus --margin, then exit 0")
    parser.add_argument("--margin", type=float, default=DEFAULT_MARGIN,
                        help="margin below the measurement for "
                             "--update-floors (default %(default)s)")
    parser.add_argument("--no-misses", action="store_true",
                        help="do not list the queries that miss")
    args = parser.parse_args(argv)
    out = sys.stdout

    if not harness.SAMPLE_DIR or not os.path.isdir(harness.SAMPLE_DIR):
        print("run_relevance: KS_SAMPLE_DIR is not set or not a folder",
              file=sys.stderr)
        return 2
    try:
        queries = load_queries(args.queries)
    except SuiteError as e:
        print("run_relevance: %s" % e, file=sys.stderr)
        return 2

    seeds = harness.seeds_present()
    sample_q = [q for q in queries if q.corpus == "sample"]
    seeds_q = [q for q in queries if q.corpus == "seeds"]
    workspace = harness.Workspace()
    servers = []
    try:
        try:
            server = start_server(workspace, "sample", [harness.SAMPLE_DIR])
            servers.append(server)
            check_ids(server, sample_q)
            run_queries(server, sample_q)
            if seeds and seeds_q:
                server = start_server(workspace, "seeds",
                                      [harness.SAMPLE_DIR, harness.SEEDS_DIR])
                servers.append(server)
                check_ids(server, seeds_q)
                run_queries(server, seeds_q)
        except (SuiteError, AssertionError, OSError) as e:
            print("run_relevance: %s" % e, file=sys.stderr)
            return 2
    finally:
        for server in servers:
            server.stop()
        workspace.remove()

    ran = sample_q + (seeds_q if seeds else [])
    measured = {"sample": measure(sample_q)}
    if seeds and seeds_q:
        measured["seeds"] = measure(seeds_q)
    measured["all"] = measure(ran)

    out.write("kisearch relevance: %d queries run (%d sample, %d seeds%s)\n"
              % (len(ran), len(sample_q), len(seeds_q) if seeds else 0,
                 "" if seeds else "; seeds folder missing, skipped"))
    print_table("Sample queries (index: data/sample)", measured["sample"], out)
    if "seeds" in measured:
        print_table("Seeds queries (index: data/sample + seeds)",
                    measured["seeds"], out)
        print_table("All queries", measured["all"], out)
    if not args.no_misses:
        print_misses(ran, out)

    if args.json:
        report = dict(measured)
        report["queries"] = [
            {"query": q.text, "tags": q.tags, "corpus": q.corpus,
             "relevant": q.relevant, "rank": q.rank, "top": q.returned}
            for q in ran]
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2)
            f.write("\n")

    if args.update_floors:
        floors = floors_from(measured, args.margin)
        with open(args.floors, "w", encoding="utf-8") as f:
            json.dump(floors, f, indent=2, sort_keys=False)
            f.write("\n")
        out.write("\nwrote %s (measurement minus %.2f)\n"
                  % (args.floors, args.margin))
        return 0

    try:
        with open(args.floors, encoding="utf-8") as f:
            floors = json.load(f)
    except FileNotFoundError:
        out.write("\nno floors file %s: nothing to compare\n" % args.floors)
        return 0
    except ValueError as e:
        print("run_relevance: %s: %s" % (args.floors, e), file=sys.stderr)
        return 2
    violations = compare(measured, floors)
    if violations:
        out.write("\nFAIL: %d figure(s) below the floors in %s\n"
                  % (len(violations), args.floors))
        for v in violations:
            out.write("  %s\n" % v)
        return 1
    out.write("\nOK: every figure is at or above its floor (%s)\n"
              % args.floors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
