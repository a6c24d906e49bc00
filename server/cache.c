/*
 * The answer cache: two-way set-associative slots under one mutex. The
 * work under the lock is a hash compare and a copy of a few kilobytes.
 */
#include "cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

struct slot {
    uint64_t hash;
    uint64_t revision;
    uint64_t used; /* when last read or written: the older of two goes */
    char *key;
    size_t key_len;
    char *body;
    size_t len;
    size_t took_at, took_len; /* the "took_ms" number inside body */
};

struct cache {
    pthread_mutex_t lock;
    struct slot *slots;
    size_t count; /* even */
    uint64_t clock, hits, misses;
};

static const char TOOK[] = "\"took_ms\":";

static uint64_t
hash_of(const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

struct cache *
cache_new(size_t slots)
{
    struct cache *c;

    if (slots == 0)
        return NULL;
    c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->count = (slots + 1) & ~(size_t)1;
    c->slots = calloc(c->count, sizeof *c->slots);
    if (c->slots == NULL || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c->slots);
        free(c);
        return NULL;
    }
    return c;
}

void
cache_free(struct cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->count; i++) {
        free(c->slots[i].key);
        free(c->slots[i].body);
    }
    free(c->slots);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* The slot holding @key at @revision, or NULL. */
static struct slot *
find(struct cache *c, uint64_t hash, uint64_t revision, const char *key,
     size_t key_len)
{
    struct slot *set = &c->slots[(hash % (c->count / 2)) * 2];

    for (int i = 0; i < 2; i++) {
        struct slot *s = &set[i];

        if (s->body != NULL && s->hash == hash && s->revision == revision
            && s->key_len == key_len && memcmp(s->key, key, key_len) == 0)
            return s;
    }
    return NULL;
}

bool
cache_get(struct cache *c, uint64_t revision, const char *key, size_t key_len,
          double took_ms, struct evbuffer *out)
{
    uint64_t hash;
    struct slot *s;
    char took[32];
    int n;

    if (c == NULL)
        return false;
    hash = hash_of(key, key_len);
    n = snprintf(took, sizeof took, "%.6g", took_ms);
    pthread_mutex_lock(&c->lock);
    s = find(c, hash, revision, key, key_len);
    if (s == NULL) {
        c->misses++;
        pthread_mutex_unlock(&c->lock);
        return false;
    }
    c->hits++;
    s->used = ++c->clock;
    evbuffer_add(out, s->body, s->took_at);
    evbuffer_add(out, took, (size_t)n);
    evbuffer_add(out, s->body + s->took_at + s->took_len,
                 s->len - s->took_at - s->took_len);
    pthread_mutex_unlock(&c->lock);
    return true;
}

void
cache_put(struct cache *c, uint64_t revision, const char *key, size_t key_len,
          const char *body, size_t len)
{
    const char *took = NULL;
    struct slot *set, *s;
    char *key_copy, *body_copy;
    uint64_t hash;

    if (c == NULL || len > CACHE_BODY_MAX)
        return;
    /* The first "took_ms": the query text before it is escaped JSON, in
     * which a quote never follows "took_ms" unescaped. */
    for (const char *p = body; p + sizeof TOOK - 1 <= body + len; p++) {
        if (memcmp(p, TOOK, sizeof TOOK - 1) == 0) {
            took = p + sizeof TOOK - 1;
            break;
        }
    }
    if (took == NULL)
        return;
    key_copy = malloc(key_len);
    body_copy = malloc(len);
    if (key_copy == NULL || body_copy == NULL) {
        free(key_copy);
        free(body_copy);
        return;
    }
    memcpy(key_copy, key, key_len);
    memcpy(body_copy, body, len);
    hash = hash_of(key, key_len);
    pthread_mutex_lock(&c->lock);
    set = &c->slots[(hash % (c->count / 2)) * 2];
    s = find(c, hash, revision, key, key_len);
    if (s == NULL)
        s = set[0].used <= set[1].used ? &set[0] : &set[1];
    free(s->key);
    free(s->body);
    s->hash = hash;
    s->revision = revision;
    s->used = ++c->clock;
    s->key = key_copy;
    s->key_len = key_len;
    s->body = body_copy;
    s->len = len;
    s->took_at = (size_t)(took - body);
    s->took_len = 0;
    while (s->took_at + s->took_len < len
           && strchr("0123456789.e-+", body[s->took_at + s->took_len]) != NULL
           && body[s->took_at + s->took_len] != '\0')
        s->took_len++;
    pthread_mutex_unlock(&c->lock);
}

void
cache_stats(struct cache *c, uint64_t *hits, uint64_t *misses, size_t *slots)
{
    *hits = *misses = 0;
    *slots = 0;
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->lock);
    *hits = c->hits;
    *misses = c->misses;
    *slots = c->count;
    pthread_mutex_unlock(&c->lock);
}
