/*
 * Growable byte buffer.
 */
#include "buf-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ksi_buf_init(ksi_buf_t *buf)
{
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
    buf->ok = true;
}

void
ksi_buf_free(ksi_buf_t *buf)
{
    free(buf->data);
    ksi_buf_init(buf);
}

void
ksi_buf_add(ksi_buf_t *buf, const char *data, size_t len)
{
    if (!buf->ok)
        return;
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        char *grown;

        while (cap < buf->len + len + 1)
            cap *= 2;
        grown = realloc(buf->data, cap);
        if (grown == NULL) {
            buf->ok = false;
            return;
        }
        buf->data = grown;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void
ksi_buf_addc(ksi_buf_t *buf, char c)
{
    ksi_buf_add(buf, &c, 1);
}

void
ksi_buf_adds(ksi_buf_t *buf, const char *s)
{
    ksi_buf_add(buf, s, strlen(s));
}

char *
ksi_buf_steal(ksi_buf_t *buf, size_t *len)
{
    char *data;

    if (!buf->ok) {
        ksi_buf_free(buf);
        return NULL;
    }
    if (buf->data == NULL)
        ksi_buf_add(buf, "", 0);
    if (!buf->ok)
        return NULL;
    data = buf->data;
    if (len != NULL)
        *len = buf->len;
    ksi_buf_init(buf);
    return data;
}

ks_status_t
ksi_read_file(const char *path, size_t max_bytes, const char *what,
              ksi_buf_t *buf, ks_error_t *err)
{
    char chunk[8192];
    FILE *file = fopen(path, "rb");
    size_t got;
    int saved;

    ksi_buf_init(buf);
    if (file == NULL) {
        saved = errno;
        if (saved == ENOENT || saved == ENOTDIR)
            return ks_error_set(err, KS_ERR_NOT_FOUND, "%s: no such file",
                                path);
        return ks_error_set(err, KS_ERR_IO, "%s: %s", path, strerror(saved));
    }
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) {
        ksi_buf_add(buf, chunk, got);
        if (buf->len > max_bytes)
            break;
    }
    saved = ferror(file) ? errno : 0;
    fclose(file);
    if (saved != 0) {
        ksi_buf_free(buf);
        return ks_error_set(err, KS_ERR_IO, "%s: %s", path, strerror(saved));
    }
    if (!buf->ok) {
        ksi_buf_free(buf);
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    }
    if (buf->len > max_bytes) {
        ksi_buf_free(buf);
        return ks_error_set(err, KS_ERR_INVALID,
                            "%s: larger than %zu bytes; not %s?", path,
                            max_bytes, what);
    }
    /* An empty file still gives a valid, empty string. */
    ksi_buf_add(buf, "", 0);
    return KS_OK;
}

bool
ksi_grow(void **array, size_t *cap, size_t need, size_t size)
{
    size_t new_cap = *cap ? *cap : 16;
    void *grown;

    if (need <= *cap)
        return true;
    while (new_cap < need) {
        if (new_cap > SIZE_MAX / 2 / size)
            return false;
        new_cap *= 2;
    }
    grown = realloc(*array, new_cap * size);
    if (grown == NULL)
        return false;
    *array = grown;
    *cap = new_cap;
    return true;
}

uint64_t
ksi_hash(const char *data, size_t len)
{
    uint64_t h = 14695981039346656037u;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211u;
    }
    return h;
}

ks_status_t
ksi_line_error(ks_error_t *err, const char *name, size_t line_no,
               const char *fmt, ...)
{
    char reason[KS_ERROR_TEXT_SIZE];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return ks_error_set(err, KS_ERR_INVALID, "%s:%zu: %s", name, line_no,
                        reason);
}
