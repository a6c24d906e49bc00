#!/usr/bin/env node
// The MiniSearch peer of kisearch's benchmark (bench/perf.py): one node
// process that indexes JSON lines ({"id", "title", "body"}) with
// MiniSearch and answers GET /search?q=...&limit=10 with the top hits as
// JSON, each with a snippet of about 200 bytes around the first match,
// matches in <mark>. Search options mirror kisearch's defaults: the last
// word also as a prefix, one typo from 5 letters and two from 9 (mode=typos,
// the default; mode=prefix leaves typos out), title matches count double.
// GET /health answers {"status": "ok"}.
//
// Usage: node server.js --port N [--snippet-bytes N] FILE.jsonl...
'use strict';

const fs = require('fs');
const http = require('http');
const MiniSearch = require('minisearch');

function parseArgs(argv) {
  const args = { port: 8090, snippetBytes: 200, files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') args.port = Number(argv[++i]);
    else if (argv[i] === '--snippet-bytes') args.snippetBytes = Number(argv[++i]);
    else args.files.push(argv[i]);
  }
  if (args.files.length === 0) {
    process.stderr.write('usage: node server.js --port N FILE.jsonl...\n');
    process.exit(2);
  }
  return args;
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

const WORD = /[\p{L}\p{N}]+/gu;

// Where each word of @body (lower case) first stands: the snippet's
// window starts there without scanning long bodies at query time.
function firstPositions(body) {
  const first = new Map();
  WORD.lastIndex = 0;
  let m;
  while ((m = WORD.exec(body)) !== null) {
    const word = m[0].toLowerCase();
    if (!first.has(word)) first.set(word, m.index);
  }
  return first;
}

// About @size characters of @doc's body from a little before the first
// word that is one of @terms (the document's words that matched, lower
// case), escaped, with every such word in the window marked.
function snippet(doc, terms, size) {
  const body = doc.body;
  if (!body) return '';
  const wanted = new Set(terms);
  let at = -1;
  for (const term of terms) {
    const p = doc.first.get(term);
    if (p !== undefined && (at < 0 || p < at)) at = p;
  }
  let start = at > 0 ? Math.max(0, at - Math.floor(size / 4)) : 0;
  let m;
  if (start > 0) {
    const space = body.indexOf(' ', start);
    if (space >= 0 && space - start < 30) start = space + 1;
  }
  let end = Math.min(body.length, start + size);
  if (end < body.length) {
    const space = body.lastIndexOf(' ', end);
    if (space > start + size / 2) end = space;
  }
  const window = body.slice(start, end).replace(/\s+/g, ' ');
  let out = '';
  let last = 0;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(window)) !== null) {
    if (wanted.has(m[0].toLowerCase())) {
      out += escapeHtml(window.slice(last, m.index)) + '<mark>' +
        escapeHtml(m[0]) + '</mark>';
      last = m.index + m[0].length;
    }
  }
  out += escapeHtml(window.slice(last));
  return (start > 0 ? '…' : '') + out + (end < body.length ? '…' : '');
}

// The last word is also a prefix (a search box sends a request per
// keystroke); with mode=typos (the default) also one typo from 5 letters
// and two from 9, as kisearch; mode=prefix leaves typos out.
function lastWord(term, i, terms) {
  return i === terms.length - 1;
}

function typos(term) {
  return term.length >= 9 ? 2 : term.length >= 5 ? 1 : false;
}

const MODES = {
  typos: { prefix: lastWord, fuzzy: typos },
  prefix: { prefix: lastWord },
};

function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const bodies = new Map();
  const docs = [];
  let bytes = 0;
  for (const file of args.files) {
    const text = fs.readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    for (const line of text.split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line);
      docs.push({ id: r.id, title: r.title || '', body: r.body || '' });
      bodies.set(r.id, { body: r.body || '', first: firstPositions(r.body || '') });
    }
  }
  const ms = new MiniSearch({
    idField: 'id',
    fields: ['title', 'body'],
    storeFields: ['title'],
    searchOptions: { boost: { title: 2 }, prefix: lastWord },
  });
  ms.addAll(docs);
  docs.length = 0;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', documents: ms.documentCount }));
      return;
    }
    if (url.pathname !== '/search') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error": "not_found"}');
      return;
    }
    const q = url.searchParams.get('q') || '';
    const limit = Math.min(100, Number(url.searchParams.get('limit')) || 10);
    const t0 = process.hrtime.bigint();
    const mode = MODES[url.searchParams.get('mode') || 'typos'];
    if (mode === undefined) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end('{"error": "mode is typos or prefix"}');
      return;
    }
    const found = q.trim() ? ms.search(q, mode) : [];
    const hits = found.slice(0, limit).map((h, i) => ({
      id: h.id,
      title: h.title,
      score: h.score,
      rank: i + 1,
      snippet: snippet(bodies.get(h.id), h.terms, args.snippetBytes),
    }));
    const body = JSON.stringify({
      query: q,
      total: found.length,
      took_ms: Number(process.hrtime.bigint() - t0) / 1e6,
      hits,
    });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(body);
  });
  server.keepAliveTimeout = 30000;
  server.listen(args.port, '127.0.0.1', () => {
    const mem = process.memoryUsage();
    process.stdout.write(JSON.stringify({
      indexed: ms.documentCount, bytes, seconds,
      rss_mb: mem.rss / 1048576,
    }) + '\n');
    process.stdout.write('minisearch: listening on http://127.0.0.1:' +
      server.address().port + '/\n');
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
