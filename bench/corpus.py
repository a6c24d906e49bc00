#!/usr/bin/env python3
"""corpus: the corpora of the performance benchmark, under bench/work/.

- gimp-man: the German GIMP manual (Debian gimp-help-de, every HTML page)
  and the German man pages (Debian manpages-de, every page of every
  section, rendered to UTF-8 text with man-db/groff, one .txt a page, the
  page's NAME line first as its title). Files that kisearch-index and
  omindex both read, in corpora/gimp-man/{gimp,man}/.
- gimp-man.jsonl: the same documents as JSON lines (id, title, body), text
  taken out by this script, for the MiniSearch peer (which reads no HTML).
- sentences.txt: the sentences of gimp-man and data/sample/, one a line,
  deduplicated, in a fixed order: the pool the generator draws from.
- gen/part-NNNN.jsonl: generated documents, 10,000 a file. Part k is
  drawn with its own fixed seed, so the first 10 parts (100k documents)
  are the same whether 100k or 1M were asked for. Each document has an
  id, a title (a sentence), a body of 3 to 60 sentences in paragraphs,
  mostly a date, sometimes a type.

Everything is deterministic and made once: a stamp file records what was
made, and a run that finds it skips the work (--force makes it again).
Python's standard library only.
Usage: corpus.py [--work DIR] [--docs N] [--force] [--quiet]
"""

import argparse
import concurrent.futures
import html
import html.parser
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SAMPLE = os.path.join(ROOT, "data", "sample")
GIMP_DIRS = ("/usr/share/gimp/2.0/help/de", "/usr/share/gimp/3.0/help/de",
             "/usr/share/doc/gimp-help/html/de")
MAN_DIR = "/usr/share/man/de"
PART_DOCS = 10000
SEED = 20261122
VERBOSE = True


def say(msg):
    if VERBOSE:
        print("corpus: " + msg, flush=True)


def package_version(name):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name],
                             capture_output=True, text=True, check=False)
        return out.stdout.strip() or "missing"
    except OSError:
        return "unknown"


def read_stamp(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def write_stamp(path, value):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)


# ---------------------------------------------------------------- HTML text

BLOCK = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td",
         "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "section",
         "blockquote", "hr", "title", "body", "article", "main", "figure",
         "caption"}
SKIP = {"script", "style", "head", "noscript", "template", "nav", "svg"}
CHROME_CLASSES = {"navheader", "navfooter", "toc", "breadcrumbs"}


class TextOf(html.parser.HTMLParser):
    """Title and body text of a page, page chrome (DocBook's navigation
    header and footer) left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = []
        self.parts = []
        self.stack = []  # (tag, skipping) of open elements that skip
        self.skip = 0
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        classes = set((dict(attrs).get("class") or "").split())
        skipping = tag in SKIP or bool(classes & CHROME_CLASSES)
        if tag in ("br", "hr", "img", "meta", "link", "input"):
            if tag in ("br", "hr"):
                self.parts.append("\n")
            return
        self.stack.append((tag, skipping))
        if skipping:
            self.skip += 1
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, skipping in self.stack[i:]:
                    if skipping:
                        self.skip -= 1
                del self.stack[i:]
                break
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif self.skip == 0:
            self.parts.append(data)


def clean_lines(text):
    lines = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


def html_text(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    p = TextOf()
    p.feed(text)
    p.close()
    title = " ".join("".join(p.title).split())
    body = clean_lines("".join(p.parts))
    return title, body


# ---------------------------------------------------------------- man pages

BACKSPACE = re.compile(r".\x08")
ESCAPES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def render_man(src):
    """A man page as plain UTF-8 text: (title, body)."""
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8", MANPAGER="cat",
               PAGER="cat", MAN_KEEP_FORMATTING="")
    out = subprocess.run(["man", "-l", "-E", "UTF-8", "--no-hyphenation",
                          "--no-justification", src],
                         capture_output=True, env=env, check=False)
    text = out.stdout.decode("utf-8", errors="replace")
    text = ESCAPES.sub("", BACKSPACE.sub("", text)).expandtabs()
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    # Running header "LS(1)  Dienstprogramme ...  LS(1)" and footer.
    if lines and re.match(r"^\S+\(\S+\)\s", lines[0]):
        lines.pop(0)
    if lines and re.search(r"\S+\(\S+\)$", lines[-1]):
        lines.pop()
    title = ""
    for i, line in enumerate(lines):
        if line.strip() in ("BEZEICHNUNG", "NAME"):
            para = []
            for follow in lines[i + 1:]:
                if not follow.strip():
                    if para:
                        break
                    continue
                para.append(follow.strip())
            title = " ".join(para)
            break
    body = "\n".join(lines).strip("\n")
    return title, body


def man_pages():
    pages = []
    for section in sorted(os.listdir(MAN_DIR)):
        folder = os.path.join(MAN_DIR, section)
        if not section.startswith("man") or not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            # Links (.so pages installed as symlinks) repeat other pages.
            if os.path.isfile(path) and not os.path.islink(path):
                pages.append(path)
    return pages


def find_gimp():
    for d in GIMP_DIRS:
        if os.path.isdir(d) and any(n.endswith(".html") for n in os.listdir(d)):
            return d
    return None


def make_gimp_man(work, force):
    """The gimp-man corpus: its stamp (with counts), and whether it was
    made now."""
    out = os.path.join(work, "corpora", "gimp-man")
    stamp_path = os.path.join(work, "corpora", "gimp-man.stamp")
    want = {"gimp-help-de": package_version("gimp-help-de"),
            "manpages-de": package_version("manpages-de"), "format": 2}
    stamp = read_stamp(stamp_path)
    if not force and stamp and stamp.get("want") == want:
        return stamp, False
    gimp = find_gimp()
    if gimp is None or not os.path.isdir(MAN_DIR):
        sys.exit("corpus: gimp-help-de or manpages-de is not installed: "
                 "run bench/setup.sh (as root)")
    started = time.monotonic()
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "gimp"))
    os.makedirs(os.path.join(out, "man"))
    records = []
    html_files = sorted(n for n in os.listdir(gimp) if n.endswith(".html"))
    for name in html_files:
        dst = os.path.join(out, "gimp", name)
        shutil.copy2(os.path.join(gimp, name), dst)
        title, body = html_text(dst)
        records.append({"id": "gimp/" + name, "title": title, "body": body})
    say("%d GIMP manual pages from %s" % (len(html_files), gimp))

    pages = man_pages()
    say("rendering %d man pages from %s ..." % (len(pages), MAN_DIR))
    names = []
    for src in pages:
        base = os.path.basename(src)
        for ext in (".gz", ".bz2", ".xz"):
            if base.endswith(ext):
                base = base[:-len(ext)]
        names.append(base + ".txt")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        rendered = list(pool.map(render_man, pages))
    man_count = 0
    for name, (title, body) in zip(names, rendered):
        if not body.strip():
            continue
        text = (title + "\n\n" + body + "\n") if title else body + "\n"
        with open(os.path.join(out, "man", name), "w", encoding="utf-8") as f:
            f.write(text)
        records.append({"id": "man/" + name, "title": title, "body": body})
        man_count += 1
    with open(os.path.join(work, "corpora", "gimp-man.jsonl"), "w",
              encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    total_bytes = 0
    for sub in ("gimp", "man"):
        for name in os.listdir(os.path.join(out, sub)):
            total_bytes += os.path.getsize(os.path.join(out, sub, name))
    stamp = {"want": want, "documents": len(records),
             "html": len(html_files), "man": man_count,
             "bytes": total_bytes,
             "seconds": round(time.monotonic() - started, 1)}
    write_stamp(stamp_path, stamp)
    say("gimp-man: %d documents (%d HTML, %d man pages), %.1f MB, %.0f s"
        % (len(records), len(html_files), man_count, total_bytes / 1e6,
           stamp["seconds"]))
    return stamp, True


# ---------------------------------------------------------------- sentences

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"(])")
LETTER = re.compile(r"[A-Za-zÄÖÜäöüß]")


def sample_texts():
    """(title, body) of every document of data/sample/."""
    out = []
    for folder, dirs, files in os.walk(SAMPLE):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(".jsonl"):
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        try:
                            r = json.loads(line)
                        except ValueError:
                            continue
                        out.append((r.get("title") or "", r.get("body") or ""))
            elif name.endswith((".html", ".htm")):
                out.append(html_text(path))
            elif name.endswith((".txt", ".md")):
                with open(path, encoding="utf-8", errors="replace") as f:
                    out.append(("", f.read()))
    return out


def sentences_of(text):
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        for s in SENTENCE_END.split(para):
            words = s.split()
            if not 4 <= len(words) <= 40 or not 20 <= len(s) <= 300:
                continue
            if s[0] in "-–•*[|" or not s[-1] in ".!?":
                continue
            if len(LETTER.findall(s)) < 0.6 * len(s):
                continue
            yield s


def make_sentences(work, force):
    path = os.path.join(work, "corpora", "sentences.txt")
    if not force and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return f.read().split("\n")[:-1]
    texts = []
    with open(os.path.join(work, "corpora", "gimp-man.jsonl"),
              encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            texts.append((r["title"], r["body"]))
    texts += sample_texts()
    seen = set()
    pool = []
    for _, body in texts:
        for s in sentences_of(body):
            if s not in seen:
                seen.add(s)
                pool.append(s)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write("".join(s + "\n" for s in pool))
    os.replace(path + ".tmp", path)
    say("%d sentences in the generator's pool" % len(pool))
    return pool


# ---------------------------------------------------------------- generator

TYPES = ("news", "event", "page")


def title_of(sentence):
    s = sentence.rstrip(".!?")
    if len(s) <= 90:
        return s
    cut = s[:90].rsplit(" ", 1)[0]
    return cut + " …"


def make_part(args):
    work, k, pool = args
    rng = random.Random(SEED * 1000 + k)
    path = os.path.join(work, "corpora", "gen", "part-%04d.jsonl" % k)
    n = len(pool)
    lines = []
    for i in range(PART_DOCS):
        count = min(60, 3 + int(rng.expovariate(1 / 8.0)))
        paras = []
        left = count
        while left > 0:
            m = min(left, rng.randint(1, 5))
            paras.append(" ".join(pool[rng.randrange(n)] for _ in range(m)))
            left -= m
        doc = {"id": "gen/%07d" % (k * PART_DOCS + i),
               "title": title_of(pool[rng.randrange(n)]),
               "body": "\n\n".join(paras)}
        if rng.random() < 0.7:
            doc["date"] = "%04d-%02d-%02d" % (rng.randint(2005, 2025),
                                              rng.randint(1, 12),
                                              rng.randint(1, 28))
        if rng.random() < 0.3:
            doc["type"] = TYPES[rng.randrange(len(TYPES))]
        lines.append(json.dumps(doc, ensure_ascii=False))
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)
    return path


def make_generated(work, docs, pool, force):
    """Parts 0 .. docs/10000-1 of the generated corpus; returns paths."""
    folder = os.path.join(work, "corpora", "gen")
    os.makedirs(folder, exist_ok=True)
    stamp_path = os.path.join(folder, "stamp.json")
    stamp = read_stamp(stamp_path) or {}
    pool_key = "%d:%d" % (len(pool), sum(len(s) for s in pool))
    if force or stamp.get("seed") != SEED or stamp.get("pool") != pool_key:
        stamp = {"seed": SEED, "pool": pool_key, "parts": []}
    parts = -(-docs // PART_DOCS)
    done = set(stamp["parts"])
    todo = [k for k in range(parts) if k not in done or not os.path.exists(
        os.path.join(folder, "part-%04d.jsonl" % k))]
    if todo:
        say("generating %d documents in %d files ..." % (
            len(todo) * PART_DOCS, len(todo)))
        started = time.monotonic()
        with concurrent.futures.ProcessPoolExecutor(2) as ex:
            for k, _ in zip(todo, ex.map(make_part, [(work, k, pool)
                                                     for k in todo])):
                done.add(k)
                stamp["parts"] = sorted(done)
                write_stamp(stamp_path, stamp)
        say("generated in %.0f s" % (time.monotonic() - started))
    return [os.path.join(folder, "part-%04d.jsonl" % k) for k in range(parts)]


def main():
    global VERBOSE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", default=os.path.join(HERE, "work"))
    parser.add_argument("--docs", type=int, default=100000,
                        help="generated documents (a multiple of 10000; "
                             "0: none)")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    VERBOSE = not args.quiet
    os.makedirs(os.path.join(args.work, "corpora"), exist_ok=True)
    stamp, rebuilt = make_gimp_man(args.work, args.force)
    pool = make_sentences(args.work, args.force or rebuilt)
    paths = make_generated(args.work, args.docs, pool, args.force) \
        if args.docs > 0 else []
    print(json.dumps({"gimp_man": stamp, "sentences": len(pool),
                      "generated_files": len(paths)}))


if __name__ == "__main__":
    main()
