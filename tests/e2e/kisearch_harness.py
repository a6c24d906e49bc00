"""Start real kisearch programs for end-to-end tests.

Each server runs on 127.0.0.1 with port 0: kisearchd prints the address it
bound, and the harness reads it from there instead of probing for a free
port (which races with other processes).
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

KISEARCHD = os.environ.get("KISEARCHD", "kisearchd")
KISEARCH_INDEX = os.environ.get("KISEARCH_INDEX", "kisearch-index")
SAMPLE_DIR = os.environ.get("KS_SAMPLE_DIR", "")
SEEDS_DIR = os.environ.get("KS_SEEDS_DIR", "")

# Settings every test server gets, written to its own config file, so that
# a test never depends on defaults changing.
TEST_CONFIG = """\
[server]
threads = 2
max_uri_bytes = 8192
max_header_bytes = 16384
max_body_bytes = 65536
timeout_seconds = 10
[search]
default_limit = 10
max_limit = 100
max_offset = 10000
snippet_bytes = 200
max_query_bytes = 1024
"""


def seeds_present():
    return bool(SEEDS_DIR) and os.path.isdir(SEEDS_DIR)


def run_indexer(*args):
    """Run kisearch-index with args; returns the CompletedProcess."""
    return subprocess.run([KISEARCH_INDEX, *args], capture_output=True,
                          text=True, timeout=120, check=False)


def index(db, *paths):
    """Index paths into db and fail loudly if anything was skipped."""
    proc = run_indexer("--db", db, *paths)
    if proc.returncode != 0:
        raise AssertionError("kisearch-index failed (%d): %s%s" % (
            proc.returncode, proc.stdout, proc.stderr))
    return proc


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class Server:
    """A kisearchd process on an ephemeral port."""

    def __init__(self, db, workdir, threads=2, extra_args=(), config_extra=""):
        self.db = db
        config = os.path.join(workdir, "kisearch-test.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(TEST_CONFIG + config_extra)
        self.stderr_path = os.path.join(workdir, "kisearchd.stderr")
        self.stderr = open(self.stderr_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [KISEARCHD, "--db", db, "--config", config,
             "--listen", "127.0.0.1:0", "--threads", str(threads),
             *extra_args],
            stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line = self.proc.stdout.readline()
        if "listening on http://" not in line:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("kisearchd did not start: %r\n%s" % (
                line, self.log()))
        address = line.split("http://", 1)[1].strip().rstrip("/")
        self.host, port = address.rsplit(":", 1)
        self.port = int(port)

    def log(self):
        if not self.stderr.closed:
            self.stderr.flush()
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        """SIGTERM, and return the exit status (0 when graceful)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("kisearchd did not stop on SIGTERM")
        self.proc.stdout.close()
        self.stderr.close()
        return self.proc.returncode

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return Response(resp.status, resp.getheaders(), resp.read())
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def raw(self, data, timeout=10):
        """Send raw bytes; return (status, headers, body) of the reply."""
        with socket.create_connection((self.host, self.port),
                                      timeout=timeout) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            chunks = []
            while True:
                try:
                    chunk = sock.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        reply = b"".join(chunks)
        head, _, body = reply.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        if not lines or not lines[0].startswith("HTTP/1."):
            raise AssertionError("not an HTTP reply: %r" % reply[:200])
        status = int(lines[0].split()[1])
        headers = [tuple(l.split(": ", 1)) for l in lines[1:] if ": " in l]
        return Response(status, headers, body)


class Workspace:
    """A temporary folder removed at the end."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="kisearch-e2e-")

    def join(self, *parts):
        return os.path.join(self.path, *parts)

    def write(self, name, content):
        path = self.join(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(path, mode) as f:
            f.write(content)
        return path

    def remove(self):
        shutil.rmtree(self.path, ignore_errors=True)


def wait_until(predicate, timeout=10.0, interval=0.05):
    """Poll predicate until it returns a true value; return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            return value
        time.sleep(interval)
