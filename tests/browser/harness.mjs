// Start what the browser tests need: a fresh index of data/sample plus
// hostile test documents, a real kisearchd on 127.0.0.1:0 serving web/,
// a second small web server playing a centre's site on another origin,
// and a headless Chromium through playwright-core.
//
// kisearchd prints the address it bound ("kisearchd: listening on
// http://127.0.0.1:PORT/"); the port is read from there, never probed
// for (see tests/e2e/kisearch_harness.py).

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const WEB_DIR = path.join(REPO, 'web');

export const CHROMIUM = process.env.KS_CHROMIUM || '/usr/bin/chromium';
export const KISEARCHD = process.env.KISEARCHD
  || path.join(REPO, 'build', 'server', 'kisearchd');
export const KISEARCH_INDEX = process.env.KISEARCH_INDEX
  || path.join(REPO, 'build', 'indexer', 'kisearch-index');
export const SAMPLE_DIR = process.env.KS_SAMPLE_DIR
  || path.join(REPO, 'data', 'sample');

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

// Documents of the tests' own beside the demo corpus.
export const EVIL_TITLE = '<img src=x onerror=alert(1)>';
const EXTRA_DOCUMENTS = {
  'evil.json': {
    id: 'evil',
    title: EVIL_TITLE,
    body: 'Griffbereit Testdokument mit <script>alert(2)</script> Inhalt',
  },
  'evil-link.json': {
    id: 'evil-link',
    title: 'Linktest Testdokument',
    body: 'Ein Testdokument, dessen Adresse ein Script wäre.',
    url: 'javascript:alert(3)',
  },
};

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// Why the browser tests cannot run here, or null when they can.
export async function missingPrerequisites() {
  if (!isExecutable(CHROMIUM)) {
    return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set KS_CHROMIUM)`;
  }
  try {
    await import('playwright-core');
  } catch {
    return `playwright-core is not installed (run "npm ci" in ${HERE})`;
  }
  for (const [name, file] of [['KISEARCHD', KISEARCHD], ['KISEARCH_INDEX', KISEARCH_INDEX]]) {
    if (!isExecutable(file)) {
      return `${name}: no program at ${file} (build first, or set ${name})`;
    }
  }
  if (!fs.existsSync(SAMPLE_DIR)) {
    return `KS_SAMPLE_DIR: no folder at ${SAMPLE_DIR}`;
  }
  return null;
}

// Where screenshots go: $KS_ARTIFACT_DIR, else the temporary folder.
export function artifactDir() {
  const dir = process.env.KS_ARTIFACT_DIR || path.join(os.tmpdir(), 'kisearch-browser-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// The pages of the "centre's site" on the other origin. @searchBase is
// filled in once kisearchd runs (it needs this server's port first).
function centreSite(state) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/centre.html') {
      // A strict policy, as a careful site would send: the widget must
      // work with no inline script or style of its own.
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `default-src 'none'; script-src ${state.searchBase}; `
          + `style-src 'self' ${state.searchBase}; connect-src ${state.searchBase}; `
          + `img-src 'self'`,
      });
      res.end(`<!doctype html>
<html lang="de"><head><meta charset="utf-8">
<title>KI Krefeld (Testseite)</title>
<link rel="stylesheet" href="/host.css">
</head><body>
<h1>Kommunales Integrationszentrum Krefeld</h1>
<p>Eine Testseite auf einem anderen Ursprung.</p>
<div class="kisearch-box" data-centre="krefeld" data-placeholder="Suche im KI Krefeld"></div>
<script src="${state.searchBase}/widget.js" async></script>
</body></html>
`);
      return;
    }
    if (url.pathname === '/host.css') {
      // Hostile host styles: none of this may reach inside the widget,
      // only the --kisearch-* custom properties.
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8' });
      res.end(`body { font: 3px/1 monospace; color: lime; }
input, button, label, li, p, a, ol, mark { display: none !important; }
.kisearch-box { --kisearch-accent: #8a1538; --kisearch-radius: 0px; }
`);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  });
}

function readFirstLine(stream, child, timeoutMs) {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: stream });
    const timer = setTimeout(() => {
      lines.close();
      reject(new Error(`kisearchd printed no address within ${timeoutMs} ms`));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kisearchd exited with ${code} before listening`));
    });
  });
}

// Start everything; returns an object with the bases, the browser and
// stop(). Call stop() in an after() hook.
export async function startEnvironment() {
  const { chromium } = await import('playwright-core');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kisearch-browser-'));
  const env = { tmp, searchBase: '', children: [], servers: [] };

  const stopAll = async () => {
    if (env.browser) {
      await env.browser.close().catch(() => {});
      env.browser = null;
    }
    for (const child of env.children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await once(child, 'exit');
        clearTimeout(timer);
      }
    }
    env.children = [];
    for (const server of env.servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    env.servers = [];
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  // Never leave a server behind, even when a test run dies.
  const onExit = () => {
    for (const child of env.children) {
      child.kill('SIGKILL');
    }
  };
  process.once('exit', onExit);

  try {
    // The centre's site first: kisearchd's allow-list names its origin.
    const site = centreSite(env);
    env.servers.push(site);
    site.listen(0, '127.0.0.1');
    await once(site, 'listening');
    const sitePort = site.address().port;
    // "localhost" and "127.0.0.1" are different origins: the first is
    // allowed, the second is not.
    env.allowedBase = `http://localhost:${sitePort}`;
    env.refusedBase = `http://127.0.0.1:${sitePort}`;

    const config = path.join(tmp, 'kisearch-test.conf');
    fs.writeFileSync(config, [
      '[server]',
      'threads = 2',
      'timeout_seconds = 10',
      `web_dir = ${WEB_DIR}`,
      `cors_origins = ${env.allowedBase}`,
      '[search]',
      'default_limit = 10',
      'max_limit = 100',
      'snippet_bytes = 200',
      '',
    ].join('\n'));

    const extra = path.join(tmp, 'extra');
    fs.mkdirSync(extra);
    for (const [name, doc] of Object.entries(EXTRA_DOCUMENTS)) {
      fs.writeFileSync(path.join(extra, name), JSON.stringify(doc));
    }
    const db = path.join(tmp, 'db');
    const indexed = spawnSync(KISEARCH_INDEX,
      ['--db', db, '--config', config, '--quiet', SAMPLE_DIR, extra],
      { encoding: 'utf8', timeout: 120000 });
    if (indexed.status !== 0) {
      throw new Error(`kisearch-index failed (${indexed.status}): ${indexed.stdout}${indexed.stderr}`);
    }

    const stderrPath = path.join(tmp, 'kisearchd.stderr');
    const stderr = fs.openSync(stderrPath, 'w');
    const server = spawn(KISEARCHD,
      ['--db', db, '--config', config, '--listen', '127.0.0.1:0', '--threads', '2'],
      { stdio: ['ignore', 'pipe', stderr] });
    fs.closeSync(stderr);
    env.children.push(server);
    let line;
    try {
      line = await readFirstLine(server.stdout, server, 15000);
    } catch (error) {
      error.message += '\n' + fs.readFileSync(stderrPath, 'utf8');
      throw error;
    }
    const match = /listening on (http:\/\/[^\s/]+)/.exec(line);
    if (!match) {
      throw new Error(`kisearchd did not start: ${JSON.stringify(line)}\n${fs.readFileSync(stderrPath, 'utf8')}`);
    }
    server.stdout.resume();
    env.searchBase = match[1];
    env.kisearchdLog = () => fs.readFileSync(stderrPath, 'utf8');

    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await stopAll();
    throw error;
  }

  env.stop = async () => {
    process.removeListener('exit', onExit);
    await stopAll();
  };
  return env;
}

// A new page in a fresh context that records what must never happen:
// dialogs (alert() from injected markup), uncaught errors and CSP
// violations.
export async function openPage(env, options = {}) {
  const context = await env.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'de-DE',
    ...options,
  });
  context.setDefaultTimeout(8000);
  const page = await context.newPage();
  const seen = { dialogs: [], errors: [], console: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      seen.console.push(message.text());
    }
  });
  return { context, page, seen };
}

// The JSON of GET @path on kisearchd, for checking the page against it.
export async function api(env, pathAndQuery, headers = {}) {
  const response = await fetch(env.searchBase + pathAndQuery, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

// Poll @probe (async, returns a value) until @accept(value) is true;
// returns the value, or throws naming @what and the last value seen.
export async function until(what, probe, accept = Boolean, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) {
        return last;
      }
    } catch (error) {
      last = `error: ${error.message}`;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}
