/*
 * Recent answers, shared by the workers: a search box repeats its head
 * queries, and an answer stays right until the index changes. Bounded:
 * a fixed number of slots, each holding one answer, the older of two
 * candidates replaced. An answer is served only for the index revision
 * it was made from, so a commit makes every older one miss.
 */
#ifndef KISEARCH_CACHE_H
#define KISEARCH_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evbuffer;
struct cache;

/* The largest answer kept; larger ones are always made afresh. */
#define CACHE_BODY_MAX (256 * 1024)

/* A cache of @slots answers (0: no cache, and NULL is returned). NULL
 * also when out of memory, which only turns caching off. */
struct cache *cache_new(size_t slots);

/* Free @c; NULL is a harmless no-op. */
void cache_free(struct cache *c);

/* Append the answer kept for @key at @revision to @out, with its
 * "took_ms" replaced by @took_ms. Returns false (and appends nothing)
 * when there is none. Thread-safe; NULL @c always misses. */
bool cache_get(struct cache *c, uint64_t revision, const char *key,
               size_t key_len, double took_ms, struct evbuffer *out);

/* Keep the @len bytes at @body (a JSON answer) for @key at @revision.
 * Thread-safe; does nothing for a NULL @c or a body over CACHE_BODY_MAX. */
void cache_put(struct cache *c, uint64_t revision, const char *key,
               size_t key_len, const char *body, size_t len);

/* Hits and misses so far (for /health). */
void cache_stats(struct cache *c, uint64_t *hits, uint64_t *misses,
                 size_t *slots);

#endif /* KISEARCH_CACHE_H */
