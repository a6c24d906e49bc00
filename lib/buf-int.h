/*
 * A growable byte buffer used inside lib/ to assemble text.
 */
#ifndef KISEARCH_BUF_INT_H
#define KISEARCH_BUF_INT_H

#include <stdbool.h>
#include <stddef.h>

/* Always NUL-terminated once anything was added; ok turns false for good
 * after a failed allocation, so callers check once at the end. */
typedef struct ksi_buf {
    char *data;
    size_t len;
    size_t cap;
    bool ok;
} ksi_buf_t;

void ksi_buf_init(ksi_buf_t *buf);
void ksi_buf_free(ksi_buf_t *buf);
void ksi_buf_add(ksi_buf_t *buf, const char *data, size_t len);
void ksi_buf_addc(ksi_buf_t *buf, char c);
void ksi_buf_adds(ksi_buf_t *buf, const char *s);
/* Hand the data to the caller (to free()) and reset the buffer. NULL when
 * an allocation failed; an empty buffer gives an empty string. */
char *ksi_buf_steal(ksi_buf_t *buf, size_t *len);

#endif /* KISEARCH_BUF_INT_H */
