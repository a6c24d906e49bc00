/*
 * API keys.
 */
#include "keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/http.h>

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Compare @a (of @alen bytes) with the stored key @k in time that depends
 * only on the stored key's length, never on where they differ. */
static bool
same_key(const char *a, size_t alen, const struct key *k)
{
    unsigned char diff = (unsigned char)(alen != k->length);

    for (size_t i = 0; i < k->length; i++)
        diff |= (unsigned char)((i < alen ? a[i] : 0) ^ k->value[i]);
    return diff == 0;
}

int
keys_load(struct keys *keys, const char *path, char *why, size_t why_size)
{
    FILE *file = fopen(path, "r");
    char line[1024];
    int line_no = 0;

    memset(keys, 0, sizeof *keys);
    if (file == NULL) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        char *p = line, *role, *value;
        size_t role_len, value_len;
        struct key *grown;

        line_no++;
        while (is_blank(*p))
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        role = p;
        while (*p != '\0' && !is_blank(*p))
            p++;
        role_len = (size_t)(p - role);
        while (*p == ' ' || *p == '\t')
            p++;
        value = p;
        while (*p != '\0' && !is_blank(*p))
            p++;
        value_len = (size_t)(p - value);
        while (is_blank(*p))
            p++;
        if (*p != '\0' || value_len == 0) {
            snprintf(why, why_size, "%s:%d: want \"ROLE KEY\"", path, line_no);
            goto fail;
        }
        if (value_len < KEY_MIN_LENGTH || value_len > KEY_MAX_LENGTH) {
            snprintf(why, why_size, "%s:%d: a key must be %d to %d characters",
                     path, line_no, KEY_MIN_LENGTH, KEY_MAX_LENGTH);
            goto fail;
        }
        grown = realloc(keys->items, (keys->count + 1) * sizeof *grown);
        if (grown == NULL) {
            snprintf(why, why_size, "%s: out of memory", path);
            goto fail;
        }
        keys->items = grown;
        if (role_len == 5 && strncmp(role, "admin", 5) == 0) {
            grown[keys->count].role = KEY_ADMIN;
        } else if (role_len == 6 && strncmp(role, "search", 6) == 0) {
            grown[keys->count].role = KEY_SEARCH;
            keys->search_keys = true;
        } else {
            snprintf(why, why_size,
                     "%s:%d: role must be \"admin\" or \"search\"", path,
                     line_no);
            goto fail;
        }
        memcpy(grown[keys->count].value, value, value_len);
        grown[keys->count].value[value_len] = '\0';
        grown[keys->count].length = value_len;
        keys->count++;
    }
    fclose(file);
    return 0;
fail:
    fclose(file);
    keys_free(keys);
    return -1;
}

void
keys_free(struct keys *keys)
{
    if (keys->items != NULL)
        memset(keys->items, 0, keys->count * sizeof *keys->items);
    free(keys->items);
    memset(keys, 0, sizeof *keys);
}

int
keys_check(const struct keys *keys, struct evhttp_request *req,
           enum key_role role)
{
    const char *auth;
    size_t len;
    bool allowed = false;

    /* Searching stays open unless a search key is configured. */
    if (role == KEY_SEARCH && !keys->search_keys)
        return 0;
    auth = evhttp_find_header(evhttp_request_get_input_headers(req),
                              "Authorization");
    if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
        return 401;
    auth += 7;
    len = strlen(auth);
    /* Every key is compared, match or not, so the time says nothing. */
    for (size_t i = 0; i < keys->count; i++) {
        bool same = same_key(auth, len, &keys->items[i]);

        allowed |= same
                   && (keys->items[i].role == KEY_ADMIN
                       || keys->items[i].role == role);
    }
    return allowed ? 0 : 403;
}
