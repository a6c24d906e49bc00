"""End-to-end tests of what browsers use: /suggest, the search page at /
(rendered on the server), the static files of web_dir, CORS and the
security headers.

The page is rendered from a small template of the test's own, so these
tests check the server's part whatever web/index.html looks like; the
browser tests (tests/browser/) check the real page.
"""

import json
import unittest
import urllib.parse

from kisearch_harness import SAMPLE_DIR, Server, Workspace, index

TEMPLATE = """<!doctype html>
<html lang="de"><head><title>{{q}} – Suche</title>
<script src="/app.js" defer></script></head>
<body><form method="get" action="/"><input name="q" value="{{q}}"></form>
<p id="ks-status">{{status}}</p>
<!--kisearch:facets-->
<!--kisearch:results-->
</body></html>
"""

ALLOWED = "http://centre.example:8080"

# Documents of the test's own beside the demo corpus: a name to complete,
# and titles that try to inject markup.
EXTRA = [
    {"id": "extra/gueler", "title": "Sprechstunde bei Frau Güler",
     "body": "Frau Güler berät Familien. Güler spricht Türkisch und "
             "Deutsch.", "type": "page"},
    {"id": "extra/evil", "title": "<img src=x onerror=alert(1)>",
     "body": "Griffbereit Testdokument mit <script>alert(2)</script> "
             "Inhalt \"quoted\" & more", "url": "javascript:alert(3)"},
]


def q(text):
    return urllib.parse.quote(text)


class WebTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()
        cls.db = cls.ws.join("db")
        for doc in EXTRA:
            cls.ws.write("extra/%s.json" % doc["id"].split("/")[1],
                         json.dumps(doc))
        index(cls.db, SAMPLE_DIR, cls.ws.join("extra"))
        cls.ws.write("web/index.html", TEMPLATE)
        cls.ws.write("web/app.js", "console.log('kisearch');\n")
        cls.ws.write("web/notes.md", "not served: unknown kind\n")
        cls.server = Server(
            cls.db, cls.ws.path,
            config_extra="[server]\nweb_dir = %s\ncors_origins = %s, "
                         "https://other.example\n" % (cls.ws.join("web"),
                                                      ALLOWED))

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        cls.ws.remove()
        if status != 0:
            raise AssertionError("kisearchd exited with %d" % status)

    def assert_json_error(self, resp, status, code="bad_request"):
        self.assertEqual(resp.status, status, resp.body[:300])
        self.assertTrue(resp.header("Content-Type").startswith(
            "application/json"))
        error = resp.json()["error"]
        self.assertEqual(error["code"], code)
        self.assertTrue(error["message"])

    def suggest(self, text, extra=""):
        resp = self.server.get("/suggest?q=%s%s" % (q(text), extra))
        self.assertEqual(resp.status, 200, resp.body[:300])
        return resp.json()["suggestions"]


class SuggestTest(WebTestCase):
    def test_prefix_gives_project_first(self):
        got = self.suggest("griff")
        self.assertEqual(got[0]["text"], "Griffbereit")
        self.assertEqual(got[0]["kind"], "project")
        self.assertEqual(got[0]["slug"], "griffbereit")
        self.assertGreater(got[0]["count"], 0)
        titles = [s for s in got if s["kind"] == "title"]
        self.assertTrue(titles)
        for s in titles:
            self.assertIn("griffbereit", s["text"].lower())
            self.assertTrue(s["id"])

    def test_folded_prefix_finds_the_written_form(self):
        for typed in ("gue", "Gue", "gül", "Güle"):
            with self.subTest(typed=typed):
                texts = [s["text"] for s in self.suggest(typed)]
                self.assertIn("Güler", texts)

    def test_last_word_is_completed_after_the_others(self):
        got = self.suggest("rucksack ki")
        self.assertEqual(got[0]["text"], "Rucksack KiTa")
        words = [s["text"] for s in got if s["kind"] == "word"]
        self.assertTrue(words)
        for text in words:
            self.assertTrue(text.startswith("rucksack Ki"), text)

    def test_typo_is_corrected(self):
        texts = [s["text"] for s in self.suggest("Grifbereit")]
        self.assertIn("Griffbereit", texts)

    def test_centre_scope(self):
        got = self.suggest("griff", "&centre=krefeld")
        titles = [s for s in got if s["kind"] == "title"]
        self.assertTrue(titles)
        for s in titles:
            doc = self.server.get("/documents/%s" % q(s["id"])).json()
            self.assertIn("Krefeld", doc["centres"])
        # "kre" begins Krefeld and many a "Kreis": only its own is named.
        got = self.suggest("kre", "&centre=kreis-unna")
        self.assertEqual([s["slug"] for s in got if s["kind"] == "centre"],
                         ["kreis-unna"])

    def test_limit_and_no_repeats(self):
        got = self.suggest("s", "&limit=3")
        self.assertLessEqual(len(got), 3)
        got = self.suggest("sprach", "&limit=20")
        texts = [s["text"].lower() for s in got]
        self.assertEqual(len(texts), len(set(texts)))

    def test_nothing_to_complete_is_an_empty_list(self):
        self.assertEqual(self.suggest("qqqxz"), [])
        self.assertEqual(self.suggest("?!"), [])

    def test_bad_inputs(self):
        for path in ("/suggest", "/suggest?q=", "/suggest?q=%20%20",
                     "/suggest?q=a&q=b", "/suggest?q=%FF%FE",
                     "/suggest?q=ab%00c", "/suggest?q=" + "a" * 1100,
                     "/suggest?q=ab&limit=0", "/suggest?q=ab&limit=21",
                     "/suggest?q=ab&limit=x", "/suggest?q=ab&centre=atlantis",
                     "/suggest?q=ab&centre=krefeld&centre=kreis-unna"):
            with self.subTest(path=path[:60]):
                self.assert_json_error(self.server.get(path), 400)

    def test_hostile_text_is_harmless(self):
        for text in ('"', "title:", "AND OR NOT", "((((", "-", "*" * 300,
                     "<script>", "a" * 1000):
            with self.subTest(text=text[:20]):
                self.suggest(text)


class PageTest(WebTestCase):
    def get_page(self, query=""):
        resp = self.server.get("/" + query)
        self.assertEqual(resp.status, 200, resp.body[:300])
        self.assertEqual(resp.header("Content-Type"),
                         "text/html; charset=utf-8")
        return resp, resp.body.decode("utf-8")

    def test_page_without_query_has_no_hits(self):
        resp, html = self.get_page()
        self.assertNotIn("ks-hit", html)
        self.assertNotIn("{{", html)
        self.assertNotIn("kisearch:results", html)

    def test_page_renders_the_same_first_hit_as_the_api(self):
        api = self.server.get("/search?q=Griffbereit&limit=10").json()
        _, html = self.get_page("?q=Griffbereit")
        first = html.index('class="ks-hit-title"')
        self.assertIn(api["hits"][0]["title"].replace("„", "„"),
                      html[first:first + 600])
        self.assertIn('value="Griffbereit"', html)
        self.assertIn("<mark>", html)
        self.assertIn("%d Treffer" % api["total"], html)

    def test_page_filters_pages_and_facets(self):
        _, html = self.get_page("?q=Griffbereit&type=news")
        self.assertIn('data-facet="type"', html)
        self.assertIn('aria-current="true"', html)
        hits = html.count('class="ks-hit"')
        api = self.server.get("/search?q=Griffbereit&type=news").json()
        self.assertEqual(hits, len(api["hits"]))
        _, page2 = self.get_page("?q=Kinder&page=2")
        self.assertIn('start="11"', page2)
        self.assertIn('rel="prev"', page2)

    def test_typo_shows_meinten_sie(self):
        _, html = self.get_page("?q=Grifbereit")
        self.assertIn("Meinten Sie", html)
        self.assertIn('href="/?q=griffbereit"', html.lower())

    def test_no_hits_page_helps(self):
        _, html = self.get_page("?q=qqqxzv&type=news")
        self.assertIn("Nichts gefunden", html)
        self.assertIn("Ohne Filter suchen", html)

    def test_document_text_is_escaped(self):
        _, html = self.get_page("?q=Testdokument")
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)
        self.assertNotIn("<img src=x", html)
        self.assertNotIn("<script>alert", html)
        # A javascript: address is never a link.
        self.assertNotIn("javascript:", html)
        self.assertIn('href="/documents/extra%2Fevil"', html)

    def test_query_is_escaped(self):
        evil = '"><script>alert(1)</script>'
        _, html = self.get_page("?q=" + q(evil))
        self.assertNotIn("<script>alert", html)
        self.assertIn("&quot;&gt;&lt;script&gt;", html)

    def test_page_security_headers(self):
        resp, _ = self.get_page("?q=Griffbereit")
        csp = resp.header("Content-Security-Policy")
        self.assertIn("script-src 'self'", csp)
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(resp.header("X-Content-Type-Options"), "nosniff")

    def test_bad_page_requests_are_json_errors(self):
        self.assert_json_error(self.server.get("/?q=%FF"), 400)
        self.assert_json_error(self.server.get("/?q=" + "a" * 1100), 400)
        # A page number out of range is clamped, not refused.
        resp, _ = self.get_page("?q=Kinder&page=999999")
        self.assertEqual(resp.status, 200)


class StaticTest(WebTestCase):
    def test_file_with_type_etag_and_caching(self):
        resp = self.server.get("/app.js")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.header("Content-Type"),
                         "text/javascript; charset=utf-8")
        self.assertEqual(resp.body, b"console.log('kisearch');\n")
        self.assertIn("max-age", resp.header("Cache-Control"))
        etag = resp.header("ETag")
        self.assertTrue(etag.startswith('"'))
        again = self.server.request("GET", "/app.js",
                                    headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        head = self.server.request("HEAD", "/app.js")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")

    def test_unknown_files_are_json_404(self):
        for path in ("/notes.md", "/missing.js", "/../etc/passwd",
                     "/index.html",
                     "/web/app.js", "/app.js/"):
            with self.subTest(path=path):
                self.assert_json_error(self.server.get(path), 404,
                                       "not_found")

    def test_files_take_only_reads(self):
        resp = self.server.request("POST", "/app.js", body=b"x")
        self.assertIn(resp.status, (404, 405))
        self.assertTrue(resp.header("Content-Type").startswith(
            "application/json"))


class CorsTest(WebTestCase):
    def test_allowed_origin_may_read(self):
        resp = self.server.request("GET", "/search?q=Griffbereit",
                                   headers={"Origin": ALLOWED})
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.header("Access-Control-Allow-Origin"),
                         ALLOWED)
        self.assertIn("Origin", resp.header("Vary"))
        resp = self.server.request("GET", "/suggest?q=gri",
                                   headers={"Origin": ALLOWED})
        self.assertEqual(resp.header("Access-Control-Allow-Origin"),
                         ALLOWED)

    def test_other_origin_gets_no_grant(self):
        for origin in ("http://evil.example", "http://centre.example",
                       ALLOWED + ".evil.example", "null"):
            with self.subTest(origin=origin):
                resp = self.server.request("GET", "/search?q=Griffbereit",
                                           headers={"Origin": origin})
                self.assertEqual(resp.status, 200)
                self.assertIsNone(
                    resp.header("Access-Control-Allow-Origin"))

    def test_preflight(self):
        headers = {"Origin": ALLOWED,
                   "Access-Control-Request-Method": "GET",
                   "Access-Control-Request-Headers": "authorization"}
        resp = self.server.request("OPTIONS", "/search", headers=headers)
        self.assertEqual(resp.status, 204)
        self.assertEqual(resp.header("Access-Control-Allow-Origin"),
                         ALLOWED)
        self.assertIn("GET", resp.header("Access-Control-Allow-Methods"))
        self.assertIn("Authorization",
                      resp.header("Access-Control-Allow-Headers"))
        headers["Origin"] = "http://evil.example"
        resp = self.server.request("OPTIONS", "/search", headers=headers)
        self.assertEqual(resp.status, 204)
        self.assertIsNone(resp.header("Access-Control-Allow-Origin"))
        resp = self.server.request("OPTIONS", "/nowhere", headers=headers)
        self.assertEqual(resp.status, 404)


class CacheTest(unittest.TestCase):
    """Repeated answers come from the cache until a commit."""

    def test_repeat_hits_and_commit_invalidates(self):
        ws = Workspace()
        try:
            db = ws.join("db")
            index(db, SAMPLE_DIR)
            keys = ws.write("keys", "admin sesam-admin-key-0123456789\n")
            server = Server(db, ws.path, extra_args=("--keys", keys))
            try:
                path = "/search?q=Griffbereit&limit=3"
                first = server.get(path)
                self.assertIsNone(first.header("X-Cache"))
                # Any order or encoding of the same parameters meets.
                again = server.get("/search?limit=3&q=%47riffbereit")
                self.assertEqual(again.header("X-Cache"), "hit")
                a, b = first.json(), again.json()
                self.assertEqual(a["hits"], b["hits"])
                self.assertEqual(a["total"], b["total"])
                self.assertIsInstance(b["took_ms"], float)
                self.assertEqual(
                    server.get("/suggest?q=griff").header("X-Cache"), None)
                self.assertEqual(
                    server.get("/suggest?q=griff").header("X-Cache"), "hit")
                doc = {"title": "Griffbereit Griffbereit Griffbereit neu",
                       "body": "Griffbereit Griffbereit im Cache-Test."}
                resp = server.request(
                    "PUT", "/documents/cache-test", body=json.dumps(doc),
                    headers={"Authorization":
                             "Bearer sesam-admin-key-0123456789",
                             "Content-Type": "application/json"})
                self.assertEqual(resp.status, 200, resp.body)
                after = server.get(path)
                self.assertIsNone(after.header("X-Cache"))
                self.assertEqual(after.json()["total"], a["total"] + 1)
                health = server.get("/health").json()
                self.assertGreaterEqual(health["cache"]["hits"], 2)
                self.assertGreater(health["cache"]["entries"], 0)
            finally:
                self.assertEqual(server.stop(), 0)
        finally:
            ws.remove()

    def test_cache_off(self):
        ws = Workspace()
        try:
            db = ws.join("db")
            index(db, SAMPLE_DIR)
            server = Server(db, ws.path,
                            config_extra="[search]\ncache_entries = 0\n")
            try:
                for _ in range(2):
                    resp = server.get("/search?q=Kinder")
                    self.assertEqual(resp.status, 200)
                    self.assertIsNone(resp.header("X-Cache"))
            finally:
                self.assertEqual(server.stop(), 0)
        finally:
            ws.remove()


class NoPageTest(unittest.TestCase):
    """web_dir = none: the API serves, / says the page is off."""

    def test_page_off(self):
        ws = Workspace()
        try:
            db = ws.join("db")
            index(db, SAMPLE_DIR)
            server = Server(db, ws.path,
                            config_extra="[server]\nweb_dir = none\n")
            try:
                resp = server.get("/")
                self.assertEqual(resp.status, 404)
                self.assertEqual(resp.json()["error"]["code"], "not_found")
                self.assertEqual(server.get("/app.js").status, 404)
                self.assertEqual(server.get("/search?q=Kinder").status, 200)
            finally:
                self.assertEqual(server.stop(), 0)
        finally:
            ws.remove()

    def test_bad_settings_stop_the_start(self):
        from kisearch_harness import KISEARCHD
        import subprocess
        ws = Workspace()
        try:
            for extra in ("[server]\nweb_dir = %s\n" % ws.join("missing"),
                          "[server]\ncors_origins = centre.example\n",
                          "[server]\ncors_origins = https://a.example/path\n"):
                with self.subTest(extra=extra):
                    conf = ws.write("bad.conf", extra)
                    proc = subprocess.run(
                        [KISEARCHD, "--db", ws.join("db"), "--config", conf,
                         "--listen", "127.0.0.1:0"],
                        capture_output=True, text=True, timeout=30)
                    self.assertEqual(proc.returncode, 2, proc.stderr)
                    self.assertIn("kisearchd:", proc.stderr)
        finally:
            ws.remove()


if __name__ == "__main__":
    unittest.main()
