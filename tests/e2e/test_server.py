"""End-to-end tests: real kisearch-index and kisearchd over real indexes."""

import concurrent.futures
import json
import fcntl
import http.client
import os
import re
import signal
import socket
import subprocess
import time
import threading
import unittest
import urllib.parse

from kisearch_harness import (KISEARCHD, SAMPLE_DIR, SEEDS_DIR, Server,
                              Workspace, index, run_indexer, seeds_present,
                              wait_until)

SAMPLE_DOCUMENTS = 84  # data/README.md lists them


def search_path(q, **params):
    params = dict(params)
    params["q"] = q
    return "/search?" + urllib.parse.urlencode(params)


class ServerTestCase(unittest.TestCase):
    """Shared checks for JSON answers."""

    def assert_json_error(self, resp, status, code=None):
        self.assertEqual(resp.status, status, resp.body[:300])
        self.assertTrue(
            (resp.header("Content-Type") or "").startswith(
                "application/json"), resp.headers)
        err = resp.json()["error"]
        self.assertIsInstance(err["code"], str)
        self.assertTrue(err["message"])
        if code is not None:
            self.assertEqual(err["code"], code)
        return err

    def search(self, server, q, **params):
        resp = server.get(search_path(q, **params))
        self.assertEqual(resp.status, 200, resp.body[:300])
        return resp.json()


class SampleCorpusTest(ServerTestCase):
    """A server over data/sample (and the seeds, when present)."""

    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()
        cls.db = cls.ws.join("db")
        paths = [SAMPLE_DIR] + ([SEEDS_DIR] if seeds_present() else [])
        index(cls.db, *paths)
        cls.documents = SAMPLE_DOCUMENTS + (5 if seeds_present() else 0)
        cls.server = Server(cls.db, cls.ws.path)

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        cls.ws.remove()
        if status != 0:
            raise AssertionError("kisearchd exited with %d:\n%s" % (
                status, cls.server.log()))

    def test_search_returns_ranked_hits_with_fields(self):
        data = self.search(self.server, "Griffbereit")
        self.assertEqual(data["query"], "Griffbereit")
        self.assertGreaterEqual(data["total"], 10)
        self.assertEqual(len(data["hits"]), 10)
        self.assertIsNone(data["suggestion"])
        self.assertIsInstance(data["took_ms"], float)
        scores = [h["score"] for h in data["hits"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        for rank, hit in enumerate(data["hits"], 1):
            self.assertEqual(hit["rank"], rank)
            for field in ("id", "url", "title", "type", "date", "snippet"):
                self.assertIn(field, hit)
            self.assertTrue(hit["title"])
            self.assertIn(hit["type"], ("centre", "news", "event", "page"))
        self.assertIn("<mark>Griffbereit</mark>",
                      data["hits"][0]["snippet"])

    def test_title_match_ranks_first(self):
        data = self.search(self.server, "Guter Lebensabend")
        self.assertIn("Lebensabend", data["hits"][0]["title"])

    def test_query_matching_nothing_gives_zero_total(self):
        data = self.search(self.server, "Quaxelbruxelwort")
        self.assertEqual(data["total"], 0)
        self.assertEqual(data["hits"], [])

    def test_script_in_text_is_escaped_in_snippet(self):
        data = self.search(self.server, "alert")
        self.assertEqual(data["total"], 1)
        snippet = data["hits"][0]["snippet"]
        # The tag around the match, escaped, whichever side it shows.
        self.assertRegex(snippet, r"&lt;/?script&gt;")
        self.assertNotIn("<script>", snippet)
        self.assertNotIn("</script>", snippet)

    def test_snippets_have_no_markup_but_mark(self):
        for q in ("Integration", "Schule Eltern", "Kreis", "Sprache",
                  "Anerkennung"):
            for hit in self.search(self.server, q, limit=20)["hits"]:
                rest = hit["snippet"].replace("<mark>", "").replace(
                    "</mark>", "")
                self.assertNotIn("<", rest, (q, hit["id"]))
                self.assertNotIn(">", rest, (q, hit["id"]))

    def test_umlaut_typed_as_ae_oe_ue_is_found_and_marked(self):
        data = self.search(self.server, "Hoexter")
        self.assertEqual(data["hits"][0]["id"], "zentren/kreis-hoexter.html")
        self.assertIn("<mark>Höxter</mark>", data["hits"][0]["snippet"])

    def test_latin1_page_is_read_as_latin1(self):
        resp = self.server.get("/documents/zentren/kreis-hoexter.html")
        self.assertEqual(resp.status, 200)
        doc = resp.json()
        self.assertEqual(doc["title"],
                         "Kommunales Integrationszentrum Kreis Höxter")
        self.assertIn("Höxter", doc["body"])

    def test_page_chrome_is_not_indexed(self):
        for q in ("Cookies", "Impressum", "Interkulturkalender"):
            data = self.search(self.server, q)
            self.assertEqual(data["total"], 0, (q, [
                h["id"] for h in data["hits"]]))

    def test_phrase_query_matches_words_in_order(self):
        data = self.search(self.server, '"Guter Lebensabend"')
        self.assertGreaterEqual(data["total"], 1)
        for hit in data["hits"]:
            body = self.server.get("/documents/" + urllib.parse.quote(
                hit["id"], safe="")).json()["body"]
            self.assertIn("guter lebensabend", body.lower())

    def test_paging_gives_disjoint_pages(self):
        first = self.search(self.server, "Integrationszentrum", limit=5)
        second = self.search(self.server, "Integrationszentrum", limit=5,
                             offset=5)
        self.assertEqual(first["total"], second["total"])
        ids1 = {h["id"] for h in first["hits"]}
        ids2 = {h["id"] for h in second["hits"]}
        self.assertEqual(len(ids1), 5)
        self.assertEqual(len(ids2), 5)
        self.assertFalse(ids1 & ids2)
        self.assertEqual([h["rank"] for h in second["hits"]],
                         [6, 7, 8, 9, 10])

    def test_offset_past_the_end_gives_empty_page(self):
        data = self.search(self.server, "Griffbereit", offset=5000)
        self.assertEqual(data["hits"], [])
        self.assertGreater(data["total"], 0)

    def test_health_counts_documents(self):
        resp = self.server.get("/health")
        self.assertEqual(resp.status, 200)
        data = resp.json()
        self.assertEqual(data["status"], "ok")
        self.assertEqual(data["documents"], self.documents)
        self.assertGreaterEqual(data["revision"], 1)

    def test_head_request_has_no_body(self):
        resp = self.server.request("HEAD", "/health")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.body, b"")

    def test_document_by_id_with_plain_or_encoded_slash(self):
        for path in ("/documents/zentren/krefeld.txt",
                     "/documents/zentren%2Fkrefeld.txt"):
            resp = self.server.get(path)
            self.assertEqual(resp.status, 200, path)
            doc = resp.json()
            self.assertEqual(doc["id"], "zentren/krefeld.txt")
            self.assertIn("Krefeld", doc["title"])
            self.assertIn("Griffbereit", doc["body"])

    def test_jsonl_document_keeps_its_fields(self):
        data = self.search(self.server, "Leverkusen", limit=50)
        ids = [h["id"] for h in data["hits"]]
        jsonl = [i for i in ids if i.startswith("jsonl/")]
        self.assertTrue(jsonl, ids)
        doc = self.server.get("/documents/" + jsonl[0]).json()
        self.assertTrue(doc["url"].startswith("https://"))
        self.assertEqual(doc["lang"], "de")

    def test_unknown_document_is_404(self):
        self.assert_json_error(self.server.get("/documents/gibt/es/nicht"),
                               404, "not_found")

    def test_bad_requests_get_json_errors(self):
        cases = [
            ("/search", 400),
            ("/search?q=", 400),
            ("/search?q=+++", 400),
            ("/search?q=a&q=b", 400),
            ("/search?q=kita&limit=0", 400),
            ("/search?q=kita&limit=101", 400),
            ("/search?q=kita&limit=abc", 400),
            ("/search?q=kita&limit=-1", 400),
            ("/search?q=kita&limit=1.5", 400),
            ("/search?q=kita&offset=-1", 400),
            ("/search?q=kita&offset=x", 400),
            ("/search?q=kita&offset=10001", 400),
            ("/search?q=%ZZ", 400),
            ("/search?q=abc%", 400),
            ("/search?q=%C3", 400),
            ("/search?q=%FF%FE", 400),
            ("/search?q=a%00b", 400),
            ("/search?q=" + "x" * 1025, 400),
            ("/documents/%C3", 400),
            ("/documents/", 400),
            ("/nowhere", 404),
            ("/search/", 404),
        ]
        for path, status in cases:
            with self.subTest(path=path[:60]):
                self.assert_json_error(self.server.get(path), status)

    def test_wrong_method_is_405_with_allow(self):
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            with self.subTest(method=method):
                resp = self.server.request(method, "/search?q=kita")
                self.assert_json_error(resp, 405, "method_not_allowed")
                self.assertEqual(resp.header("Allow"), "GET, HEAD")
        # OPTIONS asks which methods there are (a CORS preflight too).
        resp = self.server.request("OPTIONS", "/search?q=kita")
        self.assertEqual(resp.status, 204)
        self.assertEqual(resp.header("Allow"), "GET, HEAD")

    def test_unknown_method_is_405(self):
        resp = self.server.raw(b"BREW /search?q=kita HTTP/1.1\r\n"
                               b"Host: x\r\nConnection: close\r\n\r\n")
        self.assert_json_error(resp, 405, "method_not_allowed")

    def test_request_line_over_limit_is_414(self):
        resp = self.server.get("/search?q=kita&pad=" + "x" * 9000)
        self.assert_json_error(resp, 414, "uri_too_long")

    def test_headers_over_limit_are_431(self):
        resp = self.server.request("GET", "/health",
                                   headers={"X-Pad": "x" * 17000})
        self.assert_json_error(resp, 431, "headers_too_large")

    def test_body_over_limit_is_413(self):
        # libevent 2.1 refuses it from Content-Length before reading it;
        # its own answer (see docs/api.md) carries the status.
        resp = self.server.raw(b"GET /search?q=kita HTTP/1.1\r\nHost: x\r\n"
                               b"Content-Length: 10000000\r\n\r\n")
        self.assertEqual(resp.status, 413)

    def test_hostile_query_syntax_never_fails(self):
        for q in ('"unclosed', "AND", "OR OR OR", "NOT", "-", "+", "(((",
                  ")))", "title:", "type:", "*", '""', "kita AND", "a:b:c",
                  "NEAR", "kita NEAR/3", "~~~", "\\", "ÄÖÜ ß", "🙂",
                  "' OR 1=1 --", "<script>alert(1)</script>",
                  "x" * 1000):
            with self.subTest(q=q[:40]):
                data = self.search(self.server, q)
                self.assertIsInstance(data["total"], int)

    def test_broken_syntax_falls_back_to_plain_words(self):
        data = self.search(self.server, '"Griffbereit AND (')
        self.assertGreater(data["total"], 0)

    def test_keep_alive_serves_several_requests(self):
        conn = http.client.HTTPConnection(self.server.host, self.server.port,
                                          timeout=10)
        try:
            for q in ("kita", "schule", "eltern"):
                conn.request("GET", search_path(q))
                resp = conn.getresponse()
                self.assertEqual(resp.status, 200)
                resp.read()
        finally:
            conn.close()

    def test_concurrent_requests_all_answer(self):
        queries = ["Griffbereit", "Kreis", "Schule", "Sprache", "Eltern",
                   "Integration", "Köln", "Anerkennung"] * 8

        def one(q):
            return self.server.get(search_path(q)).status

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(one, queries))
        self.assertEqual(statuses, [200] * len(queries))

    def test_a_burst_of_connections_is_spread_over_the_workers(self):
        """16 connections opened at once, then a request on each: both
        workers get half of them (a worker that woke first used to take
        the whole burst), and each close is counted off again."""
        def workers():
            return [w["connections"]
                    for w in self.server.get("/health").json()["workers"]]

        self.assertEqual(len(workers()), 2)
        for _ in range(3):
            socks = [socket.create_connection(
                (self.server.host, self.server.port), timeout=10)
                for _ in range(16)]
            try:
                for s in socks:
                    s.sendall(search_path("Kita").encode().join(
                        [b"GET ", b" HTTP/1.1\r\nHost: t\r\n\r\n"]))
                for s in socks:
                    reply = b""
                    while b"\r\n\r\n" not in reply:
                        chunk = s.recv(65536)
                        self.assertTrue(chunk, "connection closed early")
                        reply += chunk
                    self.assertTrue(reply.startswith(b"HTTP/1.1 200"))
                # Each /health comes on a connection of its own.
                counts = workers()
                self.assertGreaterEqual(sum(counts), 16, counts)
                self.assertLessEqual(max(counts) - min(counts), 2, counts)
            finally:
                for s in socks:
                    s.close()
            self.assertTrue(wait_until(lambda: sum(workers()) <= 1),
                            workers())

    def test_misspelt_word_is_found_and_corrected(self):
        data = self.search(self.server, "Grifbereit")
        self.assertEqual(data["suggestion"], "Griffbereit")
        self.assertGreater(data["total"], 0)
        for hit in data["hits"][:3]:
            doc = self.server.get("/documents/" + urllib.parse.quote(
                hit["id"], safe="")).json()
            self.assertIn("Griffbereit", doc["title"] + doc["body"])

    def test_typos_false_turns_correction_off(self):
        data = self.search(self.server, "Grifbereit", typos="false")
        self.assertIsNone(data["suggestion"])
        self.assertEqual(data["total"], 0)

    def test_last_word_matches_as_prefix_unless_finished(self):
        typing = self.search(self.server, "Griff")
        self.assertGreater(typing["total"], 0)
        self.assertIn("riffbereit", typing["hits"][0]["title"])
        typing = self.search(self.server, "Integrationsz")
        self.assertGreater(typing["total"], 0)
        self.assertIsNone(typing["suggestion"])
        finished = self.search(self.server, "Integrationsz ", typos="false")
        self.assertEqual(finished["total"], 0)
        off = self.search(self.server, "Integrationsz", prefix="false",
                          typos="false")
        self.assertEqual(off["total"], 0)

    def test_prefix_typed_without_umlaut_finds_the_umlaut_word(self):
        for q in ("Muen", "Mün", "Mun"):
            with self.subTest(q=q):
                ids = [h["id"] for h in self.search(self.server, q)["hits"]]
                self.assertIn("zentren/muenster.html", ids[:3])

    def test_bad_boolean_parameter_is_400(self):
        self.assert_json_error(
            self.server.get("/search?q=kita&typos=maybe"), 400, "bad_request")

    def test_gender_forms_meet(self):
        for q in ("Mitarbeiter", "Mitarbeiterin", "Mitarbeiterinnen"):
            with self.subTest(q=q):
                self.assertGreater(self.search(self.server, q)["total"], 0)

    def test_part_of_a_compound_is_found_below_whole_words(self):
        data = self.search(self.server, "Zentrum", limit=100)
        self.assertEqual(data["total"], self.documents)

    # ---- facets, filters, directory (issue 4) ----------------------

    def test_griffbereit_facet_names_krefeld(self):
        data = self.search(self.server, "Griffbereit", facets="centre")
        names = [f["value"] for f in data["facets"]["centre"]]
        self.assertIn("Krefeld", names)
        for entry in data["facets"]["centre"]:
            self.assertGreater(entry["count"], 0)
            self.assertTrue(entry["slug"])

    def test_type_filter_leaves_only_that_type(self):
        data = self.search(self.server, "Integration", type="news", limit=100)
        self.assertGreater(data["total"], 0)
        self.assertEqual({h["type"] for h in data["hits"]}, {"news"})

    def test_sort_by_date_is_newest_first(self):
        data = self.search(self.server, "Integration", sort="date",
                           limit=100)
        dates = [h["date"] for h in data["hits"]]
        dated = [d for d in dates if d is not None]
        self.assertEqual(dated, sorted(dated, reverse=True))
        # Undated documents come after every dated one.
        if None in dates:
            self.assertNotIn(None, dates[:len(dated)])

    def test_facet_counts_equal_filtered_totals(self):
        q = "Integration"
        data = self.search(self.server, q, facets="type,centre,project,year")
        self.assertEqual(set(data["facets"]),
                         {"type", "centre", "project", "year"})
        checked = 0
        for facet, param in (("type", "type"), ("centre", "centre"),
                             ("project", "project"), ("year", None)):
            for entry in data["facets"][facet][:6]:
                if param is None:
                    extra = {"from": entry["value"], "to": entry["value"]}
                elif facet == "type":
                    extra = {param: entry["value"]}
                else:
                    extra = {param: entry["slug"]}
                total = self.search(self.server, q, **extra)["total"]
                self.assertEqual(total, entry["count"], (facet, entry))
                checked += 1
        self.assertGreater(checked, 8)

    def test_repeated_filter_means_or_and_different_means_and(self):
        one = self.search(self.server, "Integration", centre="krefeld")
        other = self.search(self.server, "Integration", centre="duisburg")
        both = self.server.get(search_path("Integration") +
                               "&centre=krefeld&centre=duisburg").json()
        self.assertLessEqual(both["total"], one["total"] + other["total"])
        self.assertGreaterEqual(both["total"],
                                max(one["total"], other["total"]))
        news = self.search(self.server, "Integration", centre="krefeld",
                           type="news")
        self.assertLessEqual(news["total"], one["total"])

    def test_unknown_filter_values_give_empty_results(self):
        for params in ({"centre": "atlantis"}, {"project": "gibt-es-nicht"},
                       {"type": "poem"}, {"lang": "xx"}):
            with self.subTest(params=params):
                data = self.search(self.server, "Integration", **params)
                self.assertEqual(data["total"], 0)

    def test_filters_alone_select_without_words(self):
        resp = self.server.get("/search?centre=duisburg&from=2015&sort=date")
        self.assertEqual(resp.status, 200)
        data = resp.json()
        self.assertGreater(data["total"], 0)
        for hit in data["hits"]:
            self.assertIn("Duisburg", hit["centres"])

    def test_query_terms_filter_like_parameters(self):
        data = self.search(self.server, "Griffbereit centre:krefeld")
        self.assertGreater(data["total"], 0)
        for hit in data["hits"]:
            self.assertIn("Krefeld", hit["centres"])
        data = self.search(self.server, "project:griffbereit type:news")
        self.assertGreater(data["total"], 0)
        for hit in data["hits"]:
            self.assertEqual(hit["type"], "news")
            self.assertIn("Griffbereit", hit["projects"])

    def test_hits_carry_centres_projects_and_contacts(self):
        data = self.search(self.server, "Griffbereit Krefeld")
        for hit in data["hits"]:
            for field in ("centres", "projects", "contacts"):
                self.assertIsInstance(hit[field], list)
        krefeld = [h for h in data["hits"] if h["id"] == "zentren/krefeld.txt"]
        self.assertTrue(krefeld)
        self.assertEqual(krefeld[0]["centres"][0], "Krefeld")
        self.assertEqual(krefeld[0]["type"], "centre")
        self.assertTrue(krefeld[0]["contacts"])

    def test_bad_filter_parameters_are_400(self):
        for path in ("/search?q=kita&sort=oldest",
                     "/search?q=kita&facets=colour",
                     "/search?q=kita&from=2021-13",
                     "/search?q=kita&to=gestern",
                     "/search?q=kita&centre="):
            with self.subTest(path=path):
                self.assert_json_error(self.server.get(path), 400,
                                       "bad_request")

    def test_centres_lists_all_54(self):
        data = self.server.get("/centres").json()
        self.assertEqual(data["total"], 54)
        kinds = [c["kind"] for c in data["centres"]]
        self.assertEqual(kinds.count("stadt"), 23)
        self.assertEqual(kinds.count("kreis"), 31)
        krefeld = [c for c in data["centres"] if c["slug"] == "krefeld"][0]
        self.assertGreater(krefeld["documents"], 0)

    def test_centre_page_has_page_contacts_projects_and_news(self):
        data = self.server.get("/centres/krefeld").json()
        self.assertEqual(data["name"], "Krefeld")
        self.assertIsNotNone(data["page"])
        self.assertTrue(data["contacts"])
        self.assertIn("Griffbereit", [p["name"] for p in data["projects"]])
        dates = [n["date"] for n in data["latest_news"]]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_projects_directory(self):
        data = self.server.get("/projects").json()
        self.assertGreater(data["total"], 5)
        griff = [p for p in data["projects"] if p["slug"] == "griffbereit"]
        self.assertTrue(griff)
        self.assertIn("krefeld", [c["slug"] for c in griff[0]["centres"]])
        data = self.server.get("/projects?q=Ruck").json()
        self.assertTrue(data["projects"])
        for project in data["projects"]:
            self.assertTrue(project["slug"].startswith("ruck"))

    def test_project_page_lists_krefeld(self):
        data = self.server.get("/projects/griffbereit").json()
        self.assertEqual(data["name"], "Griffbereit")
        self.assertIn("krefeld", [c["slug"] for c in data["centres"]])
        self.assertIsInstance(data["contacts"], list)
        self.assertTrue(data["latest_news"])

    def test_unknown_slugs_are_404(self):
        for path in ("/centres/atlantis", "/projects/gibt-es-nicht",
                     "/centres/", "/projects/a%2Fb"):
            with self.subTest(path=path):
                self.assert_json_error(self.server.get(path), 404,
                                       "not_found")

    def test_api_lists_endpoints(self):
        data = self.server.get("/api").json()
        self.assertEqual(data["name"], "kisearch")
        self.assertIn("/health", data["endpoints"])


@unittest.skipUnless(seeds_present(), "../shared/seeds is not present")
class SeedRankingTest(ServerTestCase):
    """Rankings over the five real pages of ../shared/seeds."""

    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()
        cls.db = cls.ws.join("db")
        index(cls.db, SEEDS_DIR)
        cls.server = Server(cls.db, cls.ws.path)

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        cls.ws.remove()
        if status != 0:
            raise AssertionError("kisearchd exited with %d" % status)

    def test_griffbereit_ranks_the_krefeld_documents_first(self):
        data = self.search(self.server, "Griffbereit")
        top = {h["id"] for h in data["hits"][:2]}
        self.assertEqual(top, {"000_a668f64afb365a19.txt",
                               "003_656f9b39570f2fe9.txt"})
        self.assertIn("<mark>Griffbereit</mark>",
                      data["hits"][0]["snippet"])

    def test_staatssekretaerin_kleve_ranks_the_kleve_news_first(self):
        data = self.search(self.server, "Staatssekretärin Kleve")
        self.assertEqual(data["hits"][0]["id"], "004_3bab2a32d8114b44.txt")

    def test_gueler_marks_gueler(self):
        data = self.search(self.server, "Gueler")
        self.assertGreaterEqual(data["total"], 4)
        self.assertIn("<mark>Güler</mark>", data["hits"][0]["snippet"])

    def test_phone_number_is_found_however_typed(self):
        for q in ("02151 862562", "02151/862562", "+49 2151 862562",
                  "0 21 51 / 86 25 62", "Telefon 02151-862562"):
            with self.subTest(q=q):
                data = self.search(self.server, q)
                self.assertEqual(data["hits"][0]["id"],
                                 "003_656f9b39570f2fe9.txt")

    def test_hyphenated_name_is_found_with_or_without_hyphens(self):
        for q in ("Konrad-Adenauer-Platz", "Konrad Adenauer Platz",
                  "Konradadenauerplatz"):
            with self.subTest(q=q):
                data = self.search(self.server, q)
                self.assertEqual(data["hits"][0]["id"],
                                 "003_656f9b39570f2fe9.txt")

    def test_obfuscated_email_is_found_by_its_real_form(self):
        data = self.search(self.server, "presse@mkffi.nrw.de")
        self.assertEqual(data["hits"][0]["id"], "004_3bab2a32d8114b44.txt")

    def test_seed_centres_projects_and_contacts(self):
        doc = self.server.get("/documents/003_656f9b39570f2fe9.txt").json()
        self.assertEqual(doc["centres"][0], "Krefeld")
        self.assertEqual(doc["type"], "centre")
        self.assertIn("Griffbereit", doc["projects"])
        values = {c["value"] for c in doc["contacts"]}
        self.assertIn("s.safarpour@krefeld.de", values)
        self.assertIn("Konrad-Adenauer-Platz 17", doc["body"])
        self.assertNotIn("AnschriftKonrad", doc["body"])
        doc = self.server.get("/documents/004_3bab2a32d8114b44.txt").json()
        self.assertEqual(doc["centres"][0], "Kreis Kleve")
        self.assertIn("presse@mkffi.nrw.de",
                      {c["value"] for c in doc["contacts"]})

    def test_seed_titles_and_dates(self):
        doc = self.server.get("/documents/000_a668f64afb365a19.txt").json()
        self.assertEqual(doc["date"], "2021-08")
        self.assertEqual(doc["type"], "news")
        doc = self.server.get("/documents/001_39526c0f8bf8a375.txt").json()
        self.assertEqual(doc["title"], "Staatssekretärin Güler besucht "
                         "Kommunales Integrationszentrum in Duisburg")
        self.assertNotIn("Mo Di Mi Do Fr Sa So", doc["body"])


class LiveIndexTest(ServerTestCase):
    """Indexing while the server runs."""

    def setUp(self):
        self.ws = Workspace()
        self.db = self.ws.join("db")
        self.docs = self.ws.join("docs")
        self.server = None

    def tearDown(self):
        if self.server is not None:
            status = self.server.stop()
            self.assertEqual(status, 0, self.server.log())
        self.ws.remove()

    def total(self, q):
        return self.search(self.server, q)["total"]

    def test_document_indexed_while_running_is_found(self):
        self.ws.write("docs/a.txt", "Erste Seite\n\nNur Text über Kitas.\n")
        index(self.db, self.docs)
        self.server = Server(self.db, self.ws.path)
        before = self.server.get("/health").json()
        self.assertEqual(self.total("Morgenlandfahrt"), 0)
        self.ws.write("docs/b.txt", "Zweite Seite\n\nDie Morgenlandfahrt "
                      "beginnt im Herbst.\n")
        index(self.db, self.docs)
        self.assertTrue(wait_until(lambda: self.total("Morgenlandfahrt") == 1,
                                   timeout=5))
        after = self.server.get("/health").json()
        self.assertEqual(after["documents"], before["documents"] + 1)
        self.assertGreater(after["revision"], before["revision"])

    def test_reindexing_a_changed_file_replaces_it(self):
        path = self.ws.write("docs/a.txt",
                             "Eine Seite\n\nDas Wort Apfelstrudel.\n")
        self.ws.write("docs/b.txt", "Andere Seite\n\nNichts davon.\n")
        index(self.db, self.docs)
        self.server = Server(self.db, self.ws.path)
        self.assertEqual(self.total("Apfelstrudel"), 1)
        with open(path, "w", encoding="utf-8") as f:
            f.write("Eine Seite\n\nJetzt steht hier Zwetschgenkuchen.\n")
        proc = index(self.db, self.docs)
        self.assertIn("(1 replaced) from 2 files (0 added, 1 changed, "
                      "1 unchanged)", proc.stdout)
        self.assertTrue(wait_until(
            lambda: self.total("Zwetschgenkuchen") == 1, timeout=5))
        self.assertEqual(self.total("Apfelstrudel"), 0)
        self.assertEqual(self.server.get("/health").json()["documents"], 2)

    def test_rebuild_swaps_in_while_searches_go_on(self):
        self.ws.write("docs/a.txt", "Alt\n\nDas Wort Eichhorn.\n")
        index(self.db, self.docs)
        self.server = Server(self.db, self.ws.path)
        before = self.server.get("/health").json()["revision"]
        stop = threading.Event()
        seen = []

        def hammer():
            while not stop.is_set():
                health = self.server.get("/health")
                found = self.server.get(search_path("Eichhorn Fuchsbau"))
                seen.append((health.status, found.status,
                             health.json().get("revision")))

        thread = threading.Thread(target=hammer)
        thread.start()
        try:
            self.ws.write("neu/b.txt", "Neu\n\nDas Wort Fuchsbau.\n")
            proc = run_indexer("--db", self.db, "--rebuild",
                               self.ws.join("neu"))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("rebuilt", proc.stdout)
            self.assertTrue(wait_until(
                lambda: self.total("Fuchsbau") == 1
                and self.total("Eichhorn") == 0, timeout=5))
        finally:
            stop.set()
            thread.join()
        self.assertTrue(seen)
        self.assertEqual({(h, f) for h, f, _ in seen}, {(200, 200)})
        revisions = [r for _, _, r in seen]
        self.assertEqual(revisions, sorted(revisions))
        self.assertGreater(self.server.get("/health").json()["revision"],
                           before)
        leftovers = [n for n in os.listdir(self.ws.path) if ".rebuild-" in n]
        self.assertEqual(leftovers, [])

    def test_missing_index_gives_503_until_it_exists(self):
        self.server = Server(self.db, self.ws.path)
        self.assert_json_error(self.server.get(search_path("kita")), 503,
                               "unavailable")
        self.assert_json_error(self.server.get("/health"), 503,
                               "unavailable")
        self.ws.write("docs/a.txt", "Eine Seite\n\nÜber Kitas und Schulen "
                      "im Kommunalen Integrationszentrum.\n")
        index(self.db, self.docs)
        self.assertTrue(wait_until(
            lambda: self.server.get("/health").status == 200, timeout=5))
        self.assertEqual(self.total("Kitas"), 1)
        # Opened late, the index still gets the language data: synonyms.
        self.assertEqual(self.total("KI "), 1)


class KeysTest(ServerTestCase):
    """API keys: searching stays open unless a search key is set."""

    SEARCH_KEY = "s3arch-key-0123456789"
    ADMIN_KEY = "adm1n-key-0123456789ab"

    def setUp(self):
        self.ws = Workspace()
        self.db = self.ws.join("db")
        self.ws.write("docs/a.txt", "Titel\n\nÜber Kitas.\n")
        index(self.db, self.ws.join("docs"))
        self.server = None

    def tearDown(self):
        if self.server is not None:
            self.assertEqual(self.server.stop(), 0, self.server.log())
        self.ws.remove()

    def start(self, keys_text):
        keys = self.ws.write("keys.txt", keys_text)
        self.server = Server(self.db, self.ws.path,
                             extra_args=("--keys", keys))

    def get(self, path, key=None):
        headers = {"Authorization": "Bearer " + key} if key else {}
        return self.server.request("GET", path, headers=headers)

    def test_search_key_is_required_when_configured(self):
        self.start("# keys\nsearch %s\nadmin %s\n"
                   % (self.SEARCH_KEY, self.ADMIN_KEY))
        resp = self.get(search_path("Kitas"))
        self.assert_json_error(resp, 401, "unauthorized")
        self.assertEqual(resp.header("WWW-Authenticate"), "Bearer")
        self.assert_json_error(self.get(search_path("Kitas"), "falsch"), 403,
                               "forbidden")
        self.assert_json_error(
            self.get(search_path("Kitas"), self.SEARCH_KEY[:-1] + "x"), 403,
            "forbidden")
        for key in (self.SEARCH_KEY, self.ADMIN_KEY):
            self.assertEqual(self.get(search_path("Kitas"), key).status, 200)
        self.assert_json_error(self.get("/centres"), 401, "unauthorized")
        self.assertEqual(self.get("/health").status, 200)

    def test_search_stays_open_with_admin_keys_only(self):
        self.start("admin %s\n" % self.ADMIN_KEY)
        self.assertEqual(self.get(search_path("Kitas")).status, 200)

    def test_bad_keys_file_stops_the_server_with_its_line(self):
        for text, pattern in (("search kurz\n", r"keys\.txt:1: a key must"),
                              ("# ok\nleser %s\n" % self.SEARCH_KEY,
                               r"keys\.txt:2: role must"),
                              ("search\n", r"keys\.txt:1: want")):
            with self.subTest(text=text):
                keys = self.ws.write("keys.txt", text)
                proc = subprocess.run([KISEARCHD, "--db", self.db, "--keys",
                                       keys, "--listen", "127.0.0.1:0"],
                                      capture_output=True, text=True,
                                      timeout=30)
                self.assertEqual(proc.returncode, 2)
                self.assertRegex(proc.stderr, pattern)


class WriteApiTest(ServerTestCase):
    """Writes over the API: one writer thread, all or nothing."""

    ADMIN = "adm1n-key-0123456789ab"
    SEARCH = "s3arch-key-0123456789"

    def setUp(self):
        self.ws = Workspace()
        self.db = self.ws.join("db")
        self.ws.write("docs/a.txt", "Erste Seite\n\nÜber Kitas.\n")
        index(self.db, self.ws.join("docs"))
        keys = self.ws.write("keys.txt", "admin %s\nsearch %s\n"
                             % (self.ADMIN, self.SEARCH))
        self.server = Server(self.db, self.ws.path,
                             extra_args=("--keys", keys))

    def tearDown(self):
        self.assertEqual(self.server.stop(), 0, self.server.log())
        self.ws.remove()

    def send(self, method, path, body=None, key=ADMIN):
        headers = {"Authorization": "Bearer " + key} if key else {}
        if isinstance(body, str):
            body = body.encode("utf-8")
        return self.server.request(method, path, body=body, headers=headers)

    def total(self, q):
        resp = self.send("GET", search_path(q, typos="false", prefix="false"),
                         key=self.SEARCH)
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()["total"]

    def documents(self):
        return self.server.get("/health").json()["documents"]

    def test_put_replace_and_delete_are_seen_at_once(self):
        resp = self.send("PUT", "/documents/n1", json.dumps(
            {"title": "Neu", "body": "Ein Fuchsbau in Krefeld."}))
        self.assertEqual(resp.status, 200, resp.body)
        data = resp.json()
        self.assertTrue(data["committed"])
        self.assertEqual(data["indexed"], 1)
        started = time.monotonic()
        self.assertTrue(wait_until(lambda: self.total("Fuchsbau") == 1,
                                   timeout=1.0))
        self.visible_after = time.monotonic() - started
        self.assertEqual(self.documents(), 2)
        resp = self.send("PUT", "/documents/n1", json.dumps(
            {"id": "n1", "title": "Neu", "body": "Jetzt ein Dachsbau."}))
        self.assertEqual(resp.json()["replaced"], 1)
        self.assertEqual(self.total("Fuchsbau"), 0)
        self.assertEqual(self.total("Dachsbau"), 1)
        self.assertEqual(self.documents(), 2)
        resp = self.send("DELETE", "/documents/n1")
        self.assertEqual(resp.json()["deleted"], 1)
        self.assertEqual(self.total("Dachsbau"), 0)
        resp = self.send("DELETE", "/documents/n1")
        self.assertEqual(resp.json()["not_found"], 1)

    def test_batch_is_all_or_nothing(self):
        before = self.documents()
        bad = ('{"id": "b1", "title": "B1", "body": "Igelhaus"}\n'
               '{"id": "b2", "title": \n'
               '{"title": "ohne id", "body": "Igelhaus"}\n')
        resp = self.send("POST", "/documents", bad)
        err = self.assert_json_error(resp, 400, "bad_request")
        self.assertEqual([line["line"] for line in err["lines"]], [2, 3])
        self.assertEqual(self.documents(), before)
        self.assertEqual(self.total("Igelhaus"), 0)
        good = ('{"id": "b1", "title": "B1", "body": "Igelhaus"}\n'
                '{"id": "b2", "title": "B2", "body": "Igelhaus zwei"}\n')
        resp = self.send("POST", "/documents", good)
        self.assertEqual(resp.json()["indexed"], 2)
        self.assertEqual(self.total("Igelhaus"), 2)
        resp = self.send("POST", "/documents:delete",
                         json.dumps({"ids": ["b1", "b2", "fehlt"]}))
        data = resp.json()
        self.assertEqual((data["deleted"], data["not_found"]), (2, 1))
        self.assertEqual(self.total("Igelhaus"), 0)

    def test_writes_need_an_admin_key(self):
        body = json.dumps({"title": "X", "body": "Y"})
        self.assert_json_error(self.send("PUT", "/documents/k", body,
                                         key=None), 401, "unauthorized")
        self.assert_json_error(self.send("PUT", "/documents/k", body,
                                         key="falsch-falsch-falsch"), 403,
                               "forbidden")
        self.assert_json_error(self.send("PUT", "/documents/k", body,
                                         key=self.SEARCH), 403, "forbidden")
        self.assert_json_error(self.send("DELETE", "/documents/a.txt",
                                         key=None), 401, "unauthorized")
        self.assertEqual(self.documents(), 1)

    def test_bad_write_bodies_are_400(self):
        cases = [
            ("PUT", "/documents/k", "{nicht json"),
            ("PUT", "/documents/k", ""),
            ("PUT", "/documents/k", b"{\"title\": \"\xff\"}"),
            ("PUT", "/documents/k", json.dumps({"id": "anders",
                                                "title": "X"})),
            ("PUT", "/documents/k", json.dumps([{"id": "k"}])),
            ("PUT", "/documents/k", json.dumps({"title": 5})),
            ("POST", "/documents", '{"title": "ohne id"}\n'),
            ("POST", "/documents", "\n\n"),
            ("POST", "/documents:delete", '{"ids": []}'),
            ("POST", "/documents:delete", '{"ids": [5]}'),
            ("POST", "/documents:delete", "kein json"),
        ]
        for method, path, body in cases:
            with self.subTest(method=method, path=path, body=body[:30]):
                self.assert_json_error(self.send(method, path, body), 400,
                                       "bad_request")
        self.assertEqual(self.documents(), 1)

    def test_oversized_body_is_413(self):
        resp = self.server.raw(
            b"PUT /documents/big HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer " + self.ADMIN.encode() +
            b"\r\nContent-Length: 10000000\r\n\r\n")
        self.assertEqual(resp.status, 413)

    def test_wrong_methods_name_the_allowed_ones(self):
        resp = self.send("GET", "/documents")
        self.assert_json_error(resp, 405, "method_not_allowed")
        self.assertEqual(resp.header("Allow"), "POST")
        resp = self.send("POST", "/documents/x", "{}")
        self.assertEqual(resp.header("Allow"), "GET, HEAD, PUT, DELETE")

    def test_searches_during_a_stream_of_writes_never_fail(self):
        stop = threading.Event()
        seen = []

        def search():
            while not stop.is_set():
                health = self.send("GET", "/health", key=None)
                found = self.send("GET", search_path("Strom"),
                                  key=self.SEARCH)
                seen.append((health.status, found.status,
                              health.json().get("revision")))

        thread = threading.Thread(target=search)
        thread.start()
        try:
            for i in range(30):
                resp = self.send("PUT", "/documents/s%d" % i, json.dumps(
                    {"title": "Strom %d" % i, "body": "Strom und Wasser."}))
                self.assertEqual(resp.status, 200, resp.body)
        finally:
            stop.set()
            thread.join()
        self.assertEqual({(h, f) for h, f, _ in seen}, {(200, 200)})
        revisions = [r for _, _, r in seen]
        self.assertEqual(revisions, sorted(revisions))
        self.assertEqual(self.total("Strom"), 30)


class IndexerTest(unittest.TestCase):
    """kisearch-index on good and bad input."""

    def setUp(self):
        self.ws = Workspace()
        self.db = self.ws.join("db")

    def tearDown(self):
        self.ws.remove()

    def test_jobs_give_the_same_index(self):
        """Files prepared on several threads are written in walk order:
        the same documents, terms and rankings as with one."""
        answers = []
        for jobs in ("1", "4"):
            db = self.ws.join("db-%s" % jobs)
            proc = run_indexer("--db", db, "--jobs", jobs, "--batch-size",
                               "7", SAMPLE_DIR)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertRegex(proc.stdout, r"indexed 84 documents")
            server = Server(db, self.ws.path)
            try:
                got = [server.get("/health").json()["documents"]]
                for q in ("Griffbereit", "Sprachlotsen Kreis", "gue",
                          "Rucksack KiTa Krefeld"):
                    data = server.get("/search?q=%s&limit=10" % q.replace(
                        " ", "+")).json()
                    got.append([(h["id"], round(h["score"], 6))
                                for h in data["hits"]])
                got.append(server.get("/suggest?q=sprach").json())
                got[-1].pop("took_ms")
            finally:
                self.assertEqual(server.stop(), 0)
            answers.append(got)
        self.assertEqual(answers[0], answers[1])

    def test_files_of_more_records_than_may_wait_are_written_whole(self):
        """Workers stop handing over documents when 256 of the file being
        written, or 256 of the files behind it, wait for the writer; the
        writer moving on to the next file lets its worker go on. Ten files
        of 300 records each, on one thread and on three, all get written,
        in the same order."""
        words = ("Sprachkurs", "Elterncafe", "Beratung", "Ausbildung",
                 "Nachbarschaft", "Integration", "Rucksack", "Kita")
        for f in range(10):
            lines = []
            for r in range(300):
                n = f * 300 + r
                lines.append(json.dumps({
                    "id": "rec-%04d" % n,
                    "title": "%s %d" % (words[n % len(words)], n),
                    "body": "Angebot %d: %s und %s im Quartier." % (
                        n, words[n % 7], words[n % 5])}))
            self.ws.write("in/teil-%02d.jsonl" % f, "\n".join(lines) + "\n")
        answers = []
        for jobs in ("1", "3"):
            db = self.ws.join("db-%s" % jobs)
            proc = run_indexer("--db", db, "--jobs", jobs,
                               self.ws.join("in"))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertRegex(proc.stdout, r"indexed 3000 documents")
            server = Server(db, self.ws.path)
            try:
                got = [server.get("/health").json()["documents"]]
                for q in ("Rucksack", "Angebot 2999", "Quartier"):
                    data = server.get("/search?q=%s&limit=5" % q.replace(
                        " ", "+")).json()
                    got.append((data["total"], [h["id"] for h in
                                                data["hits"]]))
            finally:
                self.assertEqual(server.stop(), 0)
            answers.append(got)
        self.assertEqual(answers[0][0], 3000)
        self.assertEqual(answers[0], answers[1])

    def test_bad_jobs_are_refused(self):
        for jobs in ("0", "-1", "x", "300", "2x"):
            with self.subTest(jobs=jobs):
                proc = run_indexer("--db", self.db, "--jobs", jobs,
                                   SAMPLE_DIR)
                self.assertEqual(proc.returncode, 2)
                self.assertIn("--jobs", proc.stderr)

    def test_bad_files_are_named_skipped_and_the_run_goes_on(self):
        self.ws.write("in/gut.txt", "Gute Seite\n\nMit Text.\n")
        self.ws.write("in/kaputt.json", '{"id": "x", "title": ')
        self.ws.write("in/gemischt.jsonl",
                      '{"id": "j1", "title": "Eins", "body": "Text"}\n'
                      '{"id": "j2", "title": \n'
                      '{"title": "ohne id"}\n'
                      '{"id": "j4", "title": "Vier", "body": "Text"}\n')
        self.ws.write("in/binaer.txt", b"\x00\x01\x02binary")
        self.ws.write("in/bild.png", b"\x89PNG")
        proc = run_indexer("--db", self.db, self.ws.join("in"))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertRegex(proc.stderr, r"kaputt\.json: skipped: invalid JSON")
        self.assertRegex(proc.stderr, r"gemischt\.jsonl: skipped: line 2: ")
        self.assertRegex(proc.stderr, r"gemischt\.jsonl: skipped: line 3: "
                         r'no "id"')
        self.assertRegex(proc.stderr, r"binaer\.txt: skipped: binary")
        self.assertNotIn("bild.png", proc.stderr)
        self.assertRegex(proc.stdout, r"indexed 3 documents \(0 replaced\) "
                         r"from 4 files \(2 added, 0 changed, 0 unchanged\), "
                         r"removed 0 documents, skipped 4, in [0-9.]+ s")

    def test_clean_run_exits_zero_and_reports_replacements(self):
        self.ws.write("in/a.md", "# Titel\n\nEin *Markdown*-Text.\n")
        proc = run_indexer("--db", self.db, self.ws.join("in"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("indexed 1 documents (0 replaced)", proc.stdout)
        # Unchanged, it is not read again.
        proc = run_indexer("--db", self.db, self.ws.join("in", "a.md"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("indexed 0 documents (0 replaced) from 1 files "
                      "(0 added, 0 changed, 1 unchanged)", proc.stdout)
        # Forced, the file named directly gets the same id ("a.md").
        proc = run_indexer("--db", self.db, "--force",
                           self.ws.join("in", "a.md"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("indexed 1 documents (1 replaced)", proc.stdout)

    def search_total(self, q):
        """Documents matching @q in the index, through a short-lived
        server."""
        server = Server(self.db, self.ws.path)
        try:
            return server.get(search_path(q, typos="false",
                                          prefix="false")).json()["total"]
        finally:
            self.assertEqual(server.stop(), 0)

    def test_locked_index_is_waited_for_then_given_up(self):
        self.ws.write("in/a.txt", "Titel\n\nText.\n")
        index(self.db, self.ws.join("in"))
        config = self.ws.write("short.conf",
                               "[index]\nlock_timeout_seconds = 1\n")
        # Hold Xapian's lock as another writer would.
        with open(os.path.join(self.db, "flintlock"), "r+") as lock:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            proc = run_indexer("--db", self.db, "--config", config, "--force",
                               self.ws.join("in"))
            self.assertEqual(proc.returncode, 2)
            self.assertIn("locked by another writer; waiting up to 1 s",
                          proc.stderr)
            self.assertIn("still locked by another writer after 1 s",
                          proc.stderr)
            release = threading.Timer(
                0.5, lambda: fcntl.lockf(lock, fcntl.LOCK_UN))
            release.start()
            proc = run_indexer("--db", self.db, "--force",
                               self.ws.join("in"))
            release.join()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("indexed 1 documents (1 replaced)", proc.stdout)

    def test_prune_removes_documents_of_deleted_files(self):
        self.ws.write("in/bleibt.txt", "Bleibt\n\nDas Wort Lindenblatt.\n")
        gone = self.ws.write("in/geht.txt", "Geht\n\nDas Wort Ahornblatt.\n")
        proc = run_indexer("--db", self.db, self.ws.join("in"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        os.remove(gone)
        proc = run_indexer("--db", self.db, self.ws.join("in"))
        self.assertIn("removed 0 documents", proc.stdout)
        self.assertEqual(self.search_total("Ahornblatt"), 1)
        proc = run_indexer("--db", self.db, "--prune", self.ws.join("in"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("(0 added, 0 changed, 1 unchanged), removed 1 "
                      "documents", proc.stdout)
        self.assertEqual(self.search_total("Ahornblatt"), 0)
        self.assertEqual(self.search_total("Lindenblatt"), 1)

    def test_changed_jsonl_drops_the_records_it_no_longer_holds(self):
        path = self.ws.write("in/m.jsonl",
                             '{"id": "m1", "title": "Eins", "body": "Apfel"}\n'
                             '{"id": "m2", "title": "Zwei", "body": "Birne"}\n')
        run_indexer("--db", self.db, self.ws.join("in"))
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"id": "m1", "title": "Eins", "body": "Quitte"}\n')
        os.utime(path, (1, 1))
        proc = run_indexer("--db", self.db, self.ws.join("in"))
        self.assertIn("(0 added, 1 changed, 0 unchanged), removed 1 "
                      "documents", proc.stdout)
        self.assertEqual(self.search_total("Birne"), 0)
        self.assertEqual(self.search_total("Quitte"), 1)

    def test_broken_file_keeps_its_documents_and_is_read_again(self):
        path = self.ws.write("in/m.jsonl",
                             '{"id": "m1", "title": "Eins", "body": "Apfel"}\n'
                             '{"id": "m2", "title": "Zwei", "body": "Birne"}\n')
        run_indexer("--db", self.db, self.ws.join("in"))
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"id": "m1", "title": "Eins", "body": "Apfel"}\n'
                    '{"id": "m2", "title": \n')
        os.utime(path, (2, 2))
        for _ in range(2):
            proc = run_indexer("--db", self.db, self.ws.join("in"))
            self.assertEqual(proc.returncode, 1)
            self.assertRegex(proc.stderr, r"m\.jsonl: skipped: line 2")
        self.assertEqual(self.search_total("Birne"), 1)

    def test_bad_arguments_exit_two_with_a_reason(self):
        for args, pattern in (
                ([], r"no index directory"),
                (["--db", self.db], r"nothing to index"),
                (["--db", self.db, "--batch-size", "0", "x"],
                 r"batch_size must be"),
                (["--db", self.db, "--config", self.ws.join("nope.conf"),
                  "x"], r"nope\.conf"),
                (["--bogus"], r"Try 'kisearch-index --help'")):
            with self.subTest(args=args):
                proc = run_indexer(*args)
                self.assertEqual(proc.returncode, 2)
                self.assertRegex(proc.stderr, pattern)

    def test_missing_path_is_skipped_with_its_reason(self):
        proc = run_indexer("--db", self.db, self.ws.join("fehlt.txt"))
        self.assertEqual(proc.returncode, 1)
        self.assertRegex(proc.stderr, r"fehlt\.txt: skipped: No such file")

    def test_help(self):
        proc = run_indexer("--help")
        self.assertEqual(proc.returncode, 0)
        self.assertIn("Usage: kisearch-index", proc.stdout)


class ServerCommandLineTest(unittest.TestCase):
    def run_server(self, *args):
        return subprocess.run([KISEARCHD, *args], capture_output=True,
                              text=True, timeout=30, check=False)

    def test_help(self):
        proc = self.run_server("--help")
        self.assertEqual(proc.returncode, 0)
        self.assertIn("Usage: kisearchd", proc.stdout)

    def test_bad_arguments_exit_two(self):
        ws = Workspace()
        try:
            bad = ws.write("bad.conf", "[server]\nthreads = many\n")
            unknown = ws.write("unknown.conf", "[server]\ncolour = blue\n")
            for args, pattern in (
                    ([], r"no index directory"),
                    (["--db", "x", "--threads", "-1"], r"threads must be"),
                    (["--db", "x", "--config", bad], r"bad\.conf:2: "),
                    (["--db", "x", "--config", unknown],
                     r"unknown setting \[server\] colour"),
                    (["--db", "x", "extra"], r"unexpected argument")):
                with self.subTest(args=args):
                    proc = self.run_server(*args)
                    self.assertEqual(proc.returncode, 2, proc.stderr)
                    self.assertRegex(proc.stderr, pattern)
        finally:
            ws.remove()

    def test_unusable_listen_address_exits_one(self):
        proc = self.run_server("--db", "x", "--listen", "nonsense")
        self.assertEqual(proc.returncode, 1)
        self.assertRegex(proc.stderr, r"not HOST:PORT")

    def test_port_in_use_exits_one(self):
        # A port that another kisearchd or another program listens on is
        # refused, not shared with it.
        ws = Workspace()
        other = socket.socket()
        try:
            server = Server(ws.join("db"), ws.path)
            other.bind(("127.0.0.1", 0))
            other.listen(1)
            for port in (server.port, other.getsockname()[1]):
                with self.subTest(port=port):
                    proc = self.run_server("--db", ws.join("db"), "--listen",
                                           "127.0.0.1:%d" % port)
                    self.assertEqual(proc.returncode, 1, proc.stderr)
                    self.assertRegex(proc.stderr,
                                     r"cannot listen on .*in use")
            # Still the only one answering (503: its index is empty).
            self.assertEqual(server.get("/health").status, 503)
            self.assertEqual(server.stop(), 0)
        finally:
            other.close()
            ws.remove()

    def test_sigint_stops_gracefully(self):
        ws = Workspace()
        try:
            server = Server(ws.join("db"), ws.path)
            server.proc.send_signal(signal.SIGINT)
            self.assertEqual(server.proc.wait(timeout=20), 0)
            server.stop()
            self.assertIn("stopped", server.log())
        finally:
            ws.remove()


if __name__ == "__main__":
    unittest.main()
