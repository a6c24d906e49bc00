/*
 * A growable byte buffer used inside lib/ to assemble text.
 */
#ifndef KISEARCH_BUF_INT_H
#define KISEARCH_BUF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kisearch/error.h>

#ifdef __cplusplus
extern "C" {
#endif

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

/* Grow *array (of @size-byte items, capacity *cap) to hold @need items,
 * doubling from 16. False when out of memory (the array is unchanged). */
bool ksi_grow(void **array, size_t *cap, size_t need, size_t size);

/* 64-bit FNV-1a of @len bytes: for the hash tables of the language data,
 * whose keys are short and come from the operator's own files. */
uint64_t ksi_hash(const char *data, size_t len);

/* Report line @line_no of the file @name as bad: KS_ERR_INVALID with
 * "NAME:LINE: reason" in @err. For the loaders of the language data. */
ks_status_t ksi_line_error(ks_error_t *err, const char *name, size_t line_no,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Read the whole file at @path, of at most @max_bytes, into @buf (which
 * it initialises). @what names the kind of file in the message for a
 * file that is too large ("a synonym list"). KS_OK; KS_ERR_NOT_FOUND;
 * KS_ERR_IO; KS_ERR_INVALID (too large); KS_ERR_NOMEM. On error @buf is
 * freed. */
ks_status_t ksi_read_file(const char *path, size_t max_bytes, const char *what,
                          ksi_buf_t *buf, ks_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_BUF_INT_H */
