/*
 * Spelling correction of a query word from the words of the index (C++,
 * used by xapian_wrap.cc only).
 */
#ifndef KISEARCH_CORRECT_INT_H
#define KISEARCH_CORRECT_INT_H

#include <xapian.h>

#include <string>

/* A word found near another: the word, how many edits away, and in how
 * many documents. */
struct ksi_near_word {
    std::string word;
    unsigned edits = 0;
    Xapian::doccount freq = 0;
};

/*
 * The term of @db that begins with @prefix and whose rest is nearest to
 * @word (lower-case UTF-8, as the query parser gives it) within
 * @max_edits edits, where inserting, deleting or replacing a character or
 * swapping two neighbours is one edit: of the nearest, the one in most
 * documents. Fills *@out (the rest of the term, without @prefix) and
 * returns true; false when there is none.
 *
 * Only terms of at least three characters after @prefix, without
 * digits, other than @word, and beginning with the same character as
 * @word count. A typo in the first letter is rare, and keeping it means
 * walking only the terms under that letter: the walk follows the sorted
 * term list and leaves a run of terms as soon as their common beginning
 * is more than @max_edits edits from every beginning of @word (Levenshtein
 * rows, one per character of the term).
 *
 * Reads the term list only; may throw what Xapian throws.
 */
bool ksi_nearest_word(const Xapian::Database &db, const std::string &prefix,
                      const std::string &word, unsigned max_edits,
                      ksi_near_word *out);

#endif
