/*
 * Synonym groups from config/synonyms.tsv, looked up at query time: a
 * query phrase found in a group also searches the other phrases of that
 * group. See docs/synonyms.md for the file format.
 */
#ifndef KISEARCH_SYNONYMS_INT_H
#define KISEARCH_SYNONYMS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <kisearch/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest phrase in words. The query side tries every span of up to this
 * many words, so the limit bounds the work per query word. */
#define KSI_SYNONYM_WORDS_MAX 4

/* Longest phrase in bytes after normalisation, not counting the NUL. */
#define KSI_SYNONYM_PHRASE_MAX 200

/* Immutable once loaded; defined in synonyms.c. */
typedef struct ksi_synonyms ksi_synonyms_t;

/*
 * Load the synonym groups of the file at @path: one group per line,
 * equivalent phrases separated by tabs; lines whose first non-blank
 * character is '#' and blank lines are skipped; CRLF line ends and a
 * leading UTF-8 byte order mark are accepted. Each phrase is normalised
 * with ksi_synonyms_normalise(); a phrase repeated within its group counts
 * once.
 *
 * On KS_OK *out is new: free it with ksi_synonyms_free(). On error *out
 * is NULL and @err (may be NULL) says why:
 *   KS_ERR_NOT_FOUND  @path does not exist;
 *   KS_ERR_IO         it could not be read (a directory, no permission);
 *   KS_ERR_INVALID    the first bad line, as "PATH:LINE: reason": a group
 *                     with fewer than two different phrases, an empty
 *                     phrase between tabs, a phrase of more than
 *                     KSI_SYNONYM_WORDS_MAX words or more than
 *                     KSI_SYNONYM_PHRASE_MAX bytes, invalid UTF-8 or a
 *                     NUL byte;
 *   KS_ERR_NOMEM      out of memory.
 * Reentrant: touches no global state.
 */
ks_status_t ksi_synonyms_load(const char *path, ksi_synonyms_t **out,
                              ks_error_t *err)
    __attribute__((warn_unused_result));

/*
 * The same as ksi_synonyms_load() for the @len bytes at @text, which need
 * not be NUL-terminated; @name stands for the path in error messages.
 * Returns KS_OK, KS_ERR_INVALID or KS_ERR_NOMEM.
 */
ks_status_t ksi_synonyms_parse(const char *text, size_t len, const char *name,
                               ksi_synonyms_t **out, ks_error_t *err)
    __attribute__((warn_unused_result));

/* Free @syn and every array ksi_synonyms_lookup() returned for it. NULL is
 * a no-op. */
void ksi_synonyms_free(ksi_synonyms_t *syn);

/*
 * The phrases equivalent to @phrase, which must already be normalised
 * with ksi_synonyms_normalise(); @phrase itself is not among them. A
 * phrase in several groups gets the union of their other phrases, each
 * once, in file order. Synonymy is not transitive: only groups that
 * contain @phrase count.
 *
 * Returns a NULL-terminated, non-empty array owned by @syn, valid until
 * ksi_synonyms_free(syn), or NULL when @phrase is in no group or @syn is
 * NULL (no synonyms configured). O(1) on average. Reads only, so any
 * number of threads may call it on the same @syn at once.
 */
const char *const *ksi_synonyms_lookup(const ksi_synonyms_t *syn,
                                       const char *phrase);

/*
 * Normalise the @len bytes at @in into @out, NUL-terminated, the way the
 * loader normalises phrases: ASCII letters and the German capitals
 * Ä Ö Ü ẞ are lower-cased (to ä ö ü ß), every other byte is kept, so
 * hyphens and other letters pass unchanged; runs of ASCII white space
 * become one space and leading and trailing white space is dropped. The
 * result is never longer than the input, so @out_size = @len + 1 always
 * fits.
 *
 * Returns false if the result does not fit in @out_size bytes; @out
 * then holds as much as fits, cut at a character boundary and
 * NUL-terminated (unless @out_size is 0). Reentrant.
 */
bool ksi_synonyms_normalise(const char *in, size_t len, char *out,
                            size_t out_size);

/* How many groups @syn holds (lines that defined a group); 0 for NULL. */
size_t ksi_synonyms_groups(const ksi_synonyms_t *syn);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_SYNONYMS_INT_H */
