/*
 * API keys: who may search and who may write. Read from a file of
 * "ROLE KEY" lines at startup; never logged.
 */
#ifndef KISEARCH_KEYS_H
#define KISEARCH_KEYS_H

#include <stdbool.h>
#include <stddef.h>

struct evhttp_request;

/* What a key allows. An admin key allows everything a search key does. */
enum key_role {
    KEY_SEARCH,
    KEY_ADMIN,
};

/* Shortest key accepted: a guessable key is no key. */
#define KEY_MIN_LENGTH 16
#define KEY_MAX_LENGTH 256

struct keys {
    struct key {
        enum key_role role;
        char value[KEY_MAX_LENGTH + 1];
        size_t length;
    } * items;
    size_t count;
    bool search_keys; /* a search key is configured: searching needs one */
};

/* Read the keys file at @path: one "ROLE KEY" a line (roles "admin" and
 * "search"), blank lines and '#' comments ignored. Returns 0, or -1 with
 * "PATH:LINE: reason" (or the open error) in @why. On error @keys is
 * empty. */
int keys_load(struct keys *keys, const char *path, char *why, size_t why_size);

/* Free what keys_load() filled; harmless on a zeroed struct. */
void keys_free(struct keys *keys);

/* Whether @req may do what needs @role: 0 when it may (or no key is
 * needed), else the HTTP status to refuse it with: 401 when it gave no
 * key, 403 when its key is wrong or lacks the role. Comparing takes the
 * same time whether a key is close or not. */
int keys_check(const struct keys *keys, struct evhttp_request *req,
               enum key_role role);

#endif /* KISEARCH_KEYS_H */
