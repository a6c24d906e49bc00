#!/usr/bin/env python3
"""querylog: what a search box sends, as a deterministic query log.

Words are drawn from the gimp-man corpus (bench/corpus.py): the first word
Zipf-skewed over the content words ranked by how many documents have them
(stop words of config/stopwords.txt and words under 3 letters left out),
the others from a document that has the first word, so that two- and
three-word queries are words that meet. Then, as people type:
- 1 to 3 words (about 50/35/15 %);
- mostly lower case, sometimes as written in the text;
- about 10 % with one typo (a letter swapped, dropped, doubled or
  replaced, never the first) in a word of 5 letters or more;
- about 40 % of those with ä, ö, ü or ß written ae, oe, ue, ss;
- about 25 % with the last word cut mid-word (a keystroke's request).

Writes, under the work folder:
- queries.txt: one query a line, as typed (UTF-8);
- queries.url: the same, URL-encoded, for the wrk script (bench/wrk/);
- queries.json: what the log is made of (shares, distinct queries).
Usage: querylog.py [--work DIR] [--count N] [--seed N]
"""

import argparse
import bisect
import collections
import itertools
import json
import os
import random
import re
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
           "Ü": "Ue"}
LETTERS = "abcdefghijklmnopqrstuvwxyzäöüß"
ZIPF_S = 1.0


def stopwords():
    words = set()
    with open(os.path.join(ROOT, "config", "stopwords.txt"),
              encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line.lower())
    return words


def load_docs(work, stop):
    """Per document: Counter of its content words (lower case); and the
    commonest written form of each word."""
    docs = []
    forms = collections.defaultdict(collections.Counter)
    with open(os.path.join(work, "corpora", "gimp-man.jsonl"),
              encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            counts = collections.Counter()
            for w in WORD.findall(r["title"] + "\n" + r["body"]):
                low = w.lower()
                if len(w) < 3 or low in stop or len(w) > 24:
                    continue
                counts[low] += 1
                forms[low][w] += 1
            docs.append(counts)
    return docs, {w: c.most_common(1)[0][0] for w, c in forms.items()}


class Zipf:
    """Draws items ranked best first with weight 1 / rank^s."""

    def __init__(self, items, s=ZIPF_S):
        self.items = items
        self.cum = list(itertools.accumulate(
            1.0 / (r + 1) ** s for r in range(len(items))))

    def draw(self, rng):
        x = rng.random() * self.cum[-1]
        return self.items[bisect.bisect_left(self.cum, x)]


def typo(rng, word):
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swap two neighbours
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:  # drop one
        return word[:i] + word[i + 1:]
    if kind == 2:  # double one
        return word[:i] + word[i] + word[i:]
    c = rng.choice(LETTERS.replace(word[i].lower(), ""))
    return word[:i] + c + word[i + 1:]


def make(work, count, seed):
    rng = random.Random(seed)
    stop = stopwords()
    docs, forms = load_docs(work, stop)
    df = collections.Counter()
    by_word = collections.defaultdict(list)
    for i, counts in enumerate(docs):
        for w in counts:
            df[w] += 1
            by_word[w].append(i)
    ranked = sorted((w for w in df if df[w] >= 2 and not w.isdigit()),
                    key=lambda w: (-df[w], w))
    zipf = Zipf(ranked)
    queries = []
    stats = collections.Counter()
    for _ in range(count):
        first = zipf.draw(rng)
        n = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
        words = [first]
        doc = docs[rng.choice(by_word[first])]
        others = [w for w in sorted(doc) if w != first]
        weights = [doc[w] for w in others]
        while len(words) < n and others:
            w = rng.choices(others, weights=weights)[0]
            if w not in words:
                words.append(w)
            else:
                break
        if rng.random() < 0.35:
            words = [forms[w] for w in words]
        stats["words_%d" % len(words)] += 1
        if rng.random() < 0.10:
            long = [i for i, w in enumerate(words) if len(w) >= 5]
            if long:
                i = rng.choice(long)
                words[i] = typo(rng, words[i])
                stats["typo"] += 1
        if any(c in UMLAUTS for w in words for c in w):
            stats["has_umlaut"] += 1
            if rng.random() < 0.40:
                words = ["".join(UMLAUTS.get(c, c) for c in w) for w in words]
                stats["umlaut_ascii"] += 1
        if rng.random() < 0.25 and len(words[-1]) >= 5:
            words[-1] = words[-1][:rng.randrange(3, len(words[-1]))]
            stats["prefix"] += 1
        queries.append(" ".join(words))
    stats["queries"] = len(queries)
    stats["distinct"] = len(set(queries))
    stats["vocabulary"] = len(ranked)
    stats["seed"] = seed
    with open(os.path.join(work, "queries.txt"), "w", encoding="utf-8") as f:
        f.write("".join(q + "\n" for q in queries))
    with open(os.path.join(work, "queries.url"), "w", encoding="ascii") as f:
        f.write("".join(urllib.parse.quote(q, safe="") + "\n"
                        for q in queries))
    with open(os.path.join(work, "queries.json"), "w", encoding="utf-8") as f:
        json.dump(dict(stats), f, indent=1, sort_keys=True)
    return dict(stats)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", default=os.path.join(HERE, "work"))
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    print(json.dumps(make(args.work, args.count, args.seed), sort_keys=True))


if __name__ == "__main__":
    main()
