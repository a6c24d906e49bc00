/*
 * Spelling correction by a walk of the index's sorted term list: see
 * correct-int.h. Xapian's own corrector (Database::get_spelling_suggestion)
 * needs a spelling table that the indexer writes besides the terms, and
 * compares a word with every word that shares a three-letter piece with
 * it: 5 to 15 ms for a long German word on the bench's 1,769 documents.
 * This walk reads only the terms under the word's first letter that can
 * still come near it, well under a millisecond for most words.
 */
#include "correct-int.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace {

/* The characters of @s, and where each begins (one more entry: the end). */
void
decode(const std::string &s, std::vector<unsigned> &chars,
       std::vector<size_t> &starts)
{
    chars.clear();
    starts.clear();
    for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it) {
        starts.push_back(static_cast<size_t>(it.raw() - s.data()));
        chars.push_back(*it);
    }
    starts.push_back(s.size());
}

bool
has_digit(const std::string &s)
{
    return s.find_first_of("0123456789") != std::string::npos;
}

} // namespace

bool
ksi_nearest_word(const Xapian::Database &db, const std::string &prefix,
                 const std::string &word, unsigned max_edits,
                 ksi_near_word *out)
{
    std::vector<unsigned> w, t;
    std::vector<size_t> w_starts, t_starts;

    decode(word, w, w_starts);
    if (w.empty())
        return false;
    const size_t n = w.size(), width = n + 1;
    /* Row i holds the edits between the term's first i characters and
     * each beginning of the word; row 0 is the empty beginning. */
    std::vector<int> rows(width);
    for (size_t j = 0; j <= n; j++)
        rows[j] = static_cast<int>(j);
    size_t valid = 0; // rows 0..valid belong to the term walked last
    bool found = false;
    int limit = static_cast<int>(max_edits);

    const std::string first = prefix + word.substr(0, w_starts[1]);
    Xapian::TermIterator it = db.allterms_begin(first);
    const Xapian::TermIterator end = db.allterms_end(first);
    std::vector<unsigned> last; // characters of the term walked last
    while (it != end) {
        const std::string term = (*it).substr(prefix.size());
        size_t common = 0, dead = 0;

        decode(term, t, t_starts);
        while (common < t.size() && common < last.size() && common < valid
               && t[common] == last[common])
            common++;
        if (rows.size() < (t.size() + 1) * width)
            rows.resize((t.size() + 1) * width);
        for (size_t i = common + 1; i <= t.size() && dead == 0; i++) {
            int *row = &rows[i * width];
            const int *above = &rows[(i - 1) * width];
            int least = row[0] = static_cast<int>(i);

            for (size_t j = 1; j <= n; j++) {
                int v =
                    std::min({above[j] + 1, row[j - 1] + 1,
                              above[j - 1] + (t[i - 1] == w[j - 1] ? 0 : 1)});

                /* Two neighbours swapped: one edit. */
                if (i > 1 && j > 1 && t[i - 1] == w[j - 2]
                    && t[i - 2] == w[j - 1])
                    v = std::min(v, rows[(i - 2) * width + j - 2] + 1);
                row[j] = v;
                least = std::min(least, v);
            }
            /* No longer term that begins so can come within the limit:
             * go past all of them. */
            if (least > limit)
                dead = i;
        }
        last = t;
        if (dead != 0) {
            valid = dead - 1;
            it.skip_to(prefix + term.substr(0, t_starts[dead]) + "\xff");
            continue;
        }
        valid = t.size();
        int edits = rows[t.size() * width + n];
        if (edits <= limit && t.size() >= 3 && term != word
            && !has_digit(term)) {
            Xapian::doccount freq = it.get_termfreq();

            if (!found || edits < static_cast<int>(out->edits)
                || freq > out->freq) {
                out->word = term;
                out->edits = static_cast<unsigned>(edits);
                out->freq = freq;
                found = true;
                limit = edits;
            }
        }
        ++it;
    }
    return found;
}
