/*
 * Spelling correction of a query word from the words of the index (C++,
 * used by xapian_wrap.cc only).
 */
#ifndef KISEARCH_CORRECT_INT_H
#define KISEARCH_CORRECT_INT_H

#include <xapian.h>

#include <string>

/*
 * The word of @db nearest to @word (lower-case UTF-8, as the query parser
 * gives it) within @max_edits edits, where inserting, deleting or
 * replacing a character or swapping two neighbours is one edit: of the
 * nearest, the one in most documents; "" when there is none.
 *
 * The words are the index's terms without a prefix (see xapian_wrap.cc):
 * words of at least three letters without digits, other than @word, that
 * begin with the same character as @word. A typo in the first letter is
 * rare, and keeping it means walking only the words under that letter:
 * the walk follows the sorted term list and leaves a run of words as soon
 * as their common beginning is more than @max_edits edits from every
 * beginning of @word (Levenshtein rows, one per character of the term).
 *
 * Reads the term list only; may throw what Xapian throws.
 */
std::string ksi_nearest_word(const Xapian::Database &db,
                             const std::string &word, unsigned max_edits);

#endif
