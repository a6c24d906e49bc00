/*
 * Snippets of hits: which run of a text to show and what to mark in it.
 *
 * Xapian's MSet::snippet() did this before, at a fifth of a search's
 * time: for every hit it weighed every term of the query again and read
 * the text with its own tokenizer. Here the terms are weighed once per
 * query, and the words are the ones indexing sees (ksi_tokenize(): a
 * gender form such as "Mitarbeiter*innen" is one word, and is marked
 * whole).
 */
#include "snippet-int.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "analyze-int.h"

namespace {

/* A word of the text and what marking it is worth. */
struct word {
    size_t start, end;       /* bytes of the text */
    const std::string *term; /* the query term it matches, or nullptr */
    double weight;           /* that term's weight, or 0 */
    bool sentence;           /* a sentence or paragraph starts with it */
};

struct reading {
    const char *text;
    const ksi_snippet_terms *terms;
    const Xapian::Stem *stem;
    std::vector<word> words;
};

bool
is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Whether a sentence or paragraph ends between @from and @to of @text:
 * its last character that is not white space ends a sentence, or a line
 * breaks. */
bool
sentence_between(const char *text, size_t from, size_t to)
{
    for (size_t i = to; i > from; i--) {
        char c = text[i - 1];

        if (c == '\n')
            return true;
        if (!is_space(c))
            return c == '.' || c == '!' || c == '?' || c == ':';
    }
    return false;
}

bool
on_token(void *user, const ksi_token_t *t)
{
    reading *r = static_cast<reading *>(user);
    word w;
    unsigned char initial = static_cast<unsigned char>(t->word[0]);

    w.start = static_cast<size_t>(t->start - r->text);
    w.end = w.start + t->len;
    w.sentence = r->words.empty()
                     ? w.start == 0 || sentence_between(r->text, 0, w.start)
                     : sentence_between(r->text, r->words.back().end, w.start);
    w.term = nullptr;
    w.weight = 0.0;
    /* A stem begins as its word does, but for ä ö ü ß (lead byte C3). */
    if (!r->terms->initial[initial] && initial != 0xC3) {
        r->words.push_back(w);
        return true;
    }
    std::string lower(t->word, t->word_len);
    auto found = r->terms->weight.find(lower);

    if (found == r->terms->weight.end()) {
        std::string stem = (*r->stem)(lower);

        if (!stem.empty())
            found = r->terms->weight.find("Z" + stem);
    }
    if (found != r->terms->weight.end()) {
        w.term = &found->first;
        w.weight = found->second;
    }
    r->words.push_back(w);
    return true;
}

/* A term marked again adds this much of its weight: a run with more of
 * the words searched for beats one that repeats one of them. */
const double REPEAT_WORTH = 0.1;

/* What the marked words @marks[@from, @to) (indexes into @words) are
 * worth: the weights of the different terms among them, and a little for
 * each repetition. */
double
worth(const std::vector<word> &words, const std::vector<size_t> &marks,
      size_t from, size_t to)
{
    const std::string *seen[16];
    size_t count = 0;
    double sum = 0;

    for (size_t m = from; m < to; m++) {
        const word &w = words[marks[m]];
        bool again = false;

        for (size_t k = 0; k < count && !again; k++)
            again = seen[k] == w.term;
        if (!again && count < sizeof seen / sizeof seen[0])
            seen[count++] = w.term;
        sum += again ? REPEAT_WORTH * w.weight : w.weight;
    }
    return sum;
}

/* @text[@from, @to) HTML-escaped onto @out, every run of white space one
 * space (none at the very start). */
void
put_text(std::string &out, const char *text, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        char c = text[i];

        if (is_space(c)) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
            continue;
        }
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
}

} // namespace

void
ksi_snippet_terms_of(const std::vector<std::string> &terms,
                     const Xapian::MSet &mset, const Xapian::Database &db,
                     ksi_snippet_terms *out)
{
    double documents = std::max<double>(1.0, db.get_doccount());

    out->weight.clear();
    std::fill(std::begin(out->initial), std::end(out->initial), false);
    for (const std::string &t : terms) {
        bool word = !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
        bool stem = t.size() > 1 && t[0] == 'Z';

        if (!word && !stem)
            continue;
        /* Rarer words weigh more, as in ranking; every word counts. */
        double freq = mset.get_termfreq(t);
        out->weight[t] = 1.0 + std::log(documents / (freq + 1.0) + 1.0);
        out->initial[static_cast<unsigned char>(t[stem ? 1 : 0])] = true;
    }
}

std::string
ksi_snippet(const char *text, size_t len, size_t bytes,
            const ksi_snippet_terms &terms, const Xapian::Stem &stem,
            bool head_cut, bool tail_cut)
{
    reading r{text, &terms, &stem, {}};
    std::string out;
    size_t first = 0, last, from, to;

    /* Room for every word at once: a word and a space are 7 bytes or so,
     * and growing the list word by word cost 6 % of a snippet. */
    r.words.reserve(len / 6 + 1);
    ksi_tokenize(text, len, on_token, &r);
    const std::vector<word> &words = r.words;
    if (words.empty()) {
        put_text(out, text, 0, len);
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out;
    }
    last = words.size() - 1;
    if (len > bytes) {
        /* The best run of words within @bytes, from each word on. */
        std::vector<size_t> marks;
        double best = 0;
        long best_lead = 0;
        bool best_sentence = false;
        const long aim = static_cast<long>(bytes / 5);
        size_t end = 0, m_from = 0, m_to = 0;

        /* For each word, the one its sentence starts with. */
        std::vector<size_t> opens(words.size());

        for (size_t k = 0; k < words.size(); k++) {
            if (words[k].term != nullptr)
                marks.push_back(k);
            opens[k] = k == 0 || words[k].sentence ? k : opens[k - 1];
        }
        last = 0;
        while (last + 1 < words.size() && words[last + 1].end <= bytes)
            last++;
        for (size_t i = 0; i < words.size() && !marks.empty(); i++) {
            end = std::max(end, i);
            while (end + 1 < words.size()
                   && words[end + 1].end - words[i].start <= bytes)
                end++;
            while (m_from < marks.size() && marks[m_from] < i)
                m_from++;
            m_to = std::max(m_to, m_from);
            while (m_to < marks.size() && marks[m_to] <= end)
                m_to++;
            if (m_from == m_to)
                continue;
            double w = worth(words, marks, m_from, m_to);
            long lead =
                static_cast<long>(words[marks[m_from]].start - words[i].start);
            bool sentence = opens[marks[m_from]] == i
                            && lead <= static_cast<long>(bytes / 2);
            bool better = w > best;

            if (!better && w == best) {
                if (sentence != best_sentence)
                    better = sentence;
                else
                    better = std::labs(lead - aim) < std::labs(best_lead - aim);
            }
            if (better) {
                best = w;
                first = i;
                last = end;
                best_lead = lead;
                best_sentence = sentence;
            }
        }
    }
    /* Punctuation next to the run comes along: „Wort“, (Wort), Wort.
     * From the first word on, everything before it; to the last, all
     * after it. */
    from = first == 0 ? 0 : words[first].start;
    while (first > 0 && from > words[first - 1].end && !is_space(text[from - 1])
           && words[first].start - from < 8)
        from--;
    while (from < words[first].start
           && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80)
        from++;
    to = last + 1 == words.size() ? len : words[last].end;
    while (to < len && !is_space(text[to]) && to - words[last].end < 8
           && (last + 1 >= words.size() || to < words[last + 1].start))
        to++;
    while (to < len && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80)
        to++;
    if (head_cut || first > 0)
        out += "… ";
    size_t at = from;
    for (size_t k = first; k <= last; k++) {
        const word &w = words[k];

        if (w.term == nullptr)
            continue;
        put_text(out, text, at, w.start);
        out += "<mark>";
        put_text(out, text, w.start, w.end);
        out += "</mark>";
        at = w.end;
    }
    put_text(out, text, at, to);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    bool more = tail_cut || last + 1 < words.size();
    for (size_t i = to; i < len && !more; i++)
        more = !is_space(text[i]);
    if (more)
        out += " …";
    return out;
}
