"""Crash safety: kill -9 the indexer at random moments of a large import.

Afterwards the index must open, pass xapian-check, and hold exactly the
documents of the batches committed before the kill: the first N records
of the import, N a whole number of batches, never half a batch.

KS_CRASH_ROUNDS sets the number of rounds (default 5; tests/crash_rounds.sh
runs 50).
"""

import json
import os
import random
import shutil
import signal
import subprocess
import time
import unittest

from kisearch_harness import KISEARCH_INDEX, Server, Workspace

ROUNDS = int(os.environ.get("KS_CRASH_ROUNDS", "5"))
RECORDS = 20000
BATCH = 100
XAPIAN_CHECK = shutil.which("xapian-check")


class IndexerCrashTest(unittest.TestCase):
    def setUp(self):
        self.ws = Workspace()
        lines = []
        for i in range(RECORDS):
            lines.append(json.dumps({
                "id": "r%05d" % i,
                "title": "Meldung %d aus dem Kreis" % i,
                "body": "Das Kommunale Integrationszentrum berichtet über "
                        "Sprachkurse, Elternarbeit und Projekt %d." % i,
            }, ensure_ascii=False))
        self.corpus = self.ws.write("in/import.jsonl", "\n".join(lines) + "\n")
        self.config = self.ws.write(
            "crash.conf",
            "[index]\nbatch_size = %d\n[analysis]\ndictionary = none\n" % BATCH)

    def tearDown(self):
        self.ws.remove()

    def check_committed(self, db, rng):
        """The number of documents the index holds, checked to be the
        first records of the import: a sample of ids below it exist, the
        next one does not. Read through a real server."""
        server = Server(db, self.ws.path)
        try:
            count = server.get("/health").json()["documents"]
            below = ([0, count - 1] + [rng.randrange(count)
                                       for _ in range(20)]) if count else []
            for i in below:
                self.assertEqual(
                    server.get("/documents/r%05d" % i).status, 200, i)
            self.assertEqual(server.get("/documents/r%05d" % count).status,
                             404)
            return count
        finally:
            self.assertEqual(server.stop(), 0)

    def test_kill_during_import_leaves_whole_batches(self):
        rng = random.Random(20261122)
        outcomes = []
        for round_no in range(ROUNDS):
            db = self.ws.join("db%d" % round_no)
            proc = subprocess.Popen(
                [KISEARCH_INDEX, "--db", db, "--config", self.config,
                 "--quiet", self.corpus],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 3.0))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            if not os.path.exists(os.path.join(db, "iamglass")):
                outcomes.append(0)  # killed before the first commit
                continue
            if XAPIAN_CHECK is not None:
                check = subprocess.run([XAPIAN_CHECK, db],
                                       capture_output=True, text=True)
                self.assertEqual(check.returncode, 0,
                                 check.stdout + check.stderr)
            count = self.check_committed(db, rng)
            self.assertEqual(count % BATCH, 0, "half a batch: %d" % count)
            outcomes.append(count)
        print("\ncrash rounds: %d, documents committed per round: %s"
              % (ROUNDS, outcomes))


class ServerCrashTest(unittest.TestCase):
    """kill -9 kisearchd while clients post batches over the API."""

    KEY = "adm1n-key-0123456789ab"

    def setUp(self):
        self.ws = Workspace()
        self.keys = self.ws.write("keys.txt", "admin %s\n" % self.KEY)

    def tearDown(self):
        self.ws.remove()

    def test_kill_during_api_import_leaves_whole_requests(self):
        rng = random.Random(4711)
        outcomes = []
        for round_no in range(ROUNDS):
            db = self.ws.join("db%d" % round_no)
            server = Server(db, self.ws.path,
                            extra_args=("--keys", self.keys))
            deadline = time.monotonic() + rng.uniform(0.3, 2.0)
            sent = 0
            while time.monotonic() < deadline:
                batch = "".join(json.dumps({
                    "id": "r%05d" % (sent + i),
                    "title": "Meldung %d" % (sent + i),
                    "body": "Sprachkurse und Elternarbeit, Nummer %d."
                            % (sent + i)}) + "\n" for i in range(BATCH))
                resp = server.request(
                    "POST", "/documents", body=batch.encode(),
                    headers={"Authorization": "Bearer " + self.KEY})
                self.assertEqual(resp.status, 200, resp.body)
                sent += BATCH
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            server.proc.stdout.close()
            server.stderr.close()
            if XAPIAN_CHECK is not None:
                check = subprocess.run([XAPIAN_CHECK, db],
                                       capture_output=True, text=True)
                self.assertEqual(check.returncode, 0,
                                 check.stdout + check.stderr)
            reader = Server(db, self.ws.path)
            try:
                count = reader.get("/health").json()["documents"]
                self.assertEqual(count, sent, "acknowledged writes lost")
                self.assertEqual(reader.get("/documents/r%05d"
                                            % (sent - 1)).status, 200)
            finally:
                self.assertEqual(reader.stop(), 0)
            outcomes.append(count)
        print("\nserver crash rounds: %d, documents per round: %s"
              % (ROUNDS, outcomes))


if __name__ == "__main__":
    unittest.main()
