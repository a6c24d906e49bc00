/*
 * Snippets of hits (C++, used by xapian_wrap.cc only): the part of a
 * hit's text shown under its title, with the words searched for marked.
 */
#ifndef KISEARCH_SNIPPET_INT_H
#define KISEARCH_SNIPPET_INT_H

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

/* What a query marks in a text, worked out once per query: its words and
 * stems ("Z" and the stem, as indexed), each with a weight that grows as
 * fewer documents hold it. */
struct ksi_snippet_terms {
    std::unordered_map<std::string, double> weight;
    /* The first bytes of the words and stems: a word that begins with
     * none of them (nor with an umlaut) is not looked up. */
    bool initial[256] = {};
};

/* Fill @out with those of a query's @terms (as its unique terms) that a
 * snippet marks: words (no prefix) and stems; not filters, titles or
 * compound parts. Weights come from the term frequencies @mset saw (or
 * @db has). May throw what Xapian throws. */
void ksi_snippet_terms_of(const std::vector<std::string> &terms,
                          const Xapian::MSet &mset, const Xapian::Database &db,
                          ksi_snippet_terms *out);

/*
 * The snippet of @text (@len bytes of UTF-8): a run of its words about
 * @bytes bytes long, HTML-escaped (& < >), on one line (every run of
 * white space one space), each word whose lower-cased form or stem
 * (@stem, "Z" prefixed) is one of @terms in <mark>...</mark>, and "…"
 * where text is left out: before it when @head_cut (text before @text
 * was left out already) or it starts after the first word, after it when
 * @tail_cut or it ends before the last.
 *
 * The run chosen is the one whose marked words weigh most, a word
 * marked again adding a tenth of its weight; of those, one that starts with the
 * sentence of its first mark (when that is in its first half), else the
 * one whose first mark stands nearest to a fifth of the way in, so that
 * some text leads to it. Without any mark, the text's beginning.
 * The whole text when it is no longer than @bytes.
 */
std::string ksi_snippet(const char *text, size_t len, size_t bytes,
                        const ksi_snippet_terms &terms,
                        const Xapian::Stem &stem, bool head_cut, bool tail_cut);

#endif
