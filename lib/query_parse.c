/*
 * Reading a query as typed into clauses: the query language of the
 * search box and of staff. It never fails; what does not parse is read
 * as plain words. lib/xapian_wrap.cc turns the clauses into a Xapian
 * query.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "analyze-int.h"

struct parse {
    ksi_parsed_query_t *out;
    ksi_clause_t *group; /* clause being filled by collect_words() */
    ksi_occur_t occur;
    bool title;
};

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
           || c == '\v';
}

static ksi_clause_t *
new_clause(struct parse *ps, ksi_clause_kind_t kind)
{
    ksi_parsed_query_t *out = ps->out;
    ksi_clause_t *c;

    if (out->clause_count == KSI_QUERY_CLAUSES_MAX)
        return NULL;
    c = &out->clauses[out->clause_count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->occur = ps->occur;
    c->title = ps->title;
    c->first = out->word_count;
    return c;
}

static bool
add_word(ksi_parsed_query_t *out, const ksi_token_t *tok)
{
    ksi_query_word_t *w;

    if (out->word_count == KSI_QUERY_WORDS_MAX)
        return false;
    w = &out->words[out->word_count++];
    memcpy(w->word, tok->word, tok->word_len + 1);
    w->len = tok->word_len;
    w->start = tok->start;
    w->span = tok->len;
    return true;
}

/* Tokens of a plain chunk: hyphen-joined runs become one clause each. */
static bool
on_chunk_token(void *user, const ksi_token_t *tok)
{
    struct parse *ps = user;

    if (ps->group == NULL) {
        ps->group = new_clause(ps, KSI_CLAUSE_WORD);
        if (ps->group == NULL)
            return false;
    }
    if (!add_word(ps->out, tok))
        return false;
    ps->group->count++;
    if (ps->group->count > 1)
        ps->group->kind = KSI_CLAUSE_HYPHENATED;
    if (!tok->hyphen_next)
        ps->group = NULL;
    return true;
}

/* Tokens of a quoted phrase all go into one clause. */
static bool
on_phrase_token(void *user, const ksi_token_t *tok)
{
    struct parse *ps = user;

    if (!add_word(ps->out, tok))
        return false;
    ps->group->count++;
    return true;
}

static void
add_phrase(struct parse *ps, const char *text, size_t len)
{
    ps->group = new_clause(ps, KSI_CLAUSE_PHRASE);
    if (ps->group == NULL)
        return;
    ksi_tokenize(text, len, on_phrase_token, ps);
    /* A phrase of one word is that word; of none, nothing. */
    if (ps->group->count == 1)
        ps->group->kind = KSI_CLAUSE_WORD;
    else if (ps->group->count == 0)
        ps->out->clause_count--;
    ps->group = NULL;
}

static void
add_words(struct parse *ps, const char *text, size_t len)
{
    ps->group = NULL;
    ksi_tokenize(text, len, on_chunk_token, ps);
    ps->group = NULL;
}

/* A filter clause: its value is the chunk as typed, lower-cased (ASCII),
 * so that slugs keep their hyphens ("centre:kreis-kleve"). */
static void
add_filter(struct parse *ps, ks_facet_t facet, const char *value, size_t len)
{
    ksi_parsed_query_t *out = ps->out;
    ksi_clause_t *c;
    ksi_query_word_t *w;

    if (len == 0 || len >= KSI_WORD_MAX
        || out->word_count == KSI_QUERY_WORDS_MAX)
        return;
    c = new_clause(ps, KSI_CLAUSE_FILTER);
    if (c == NULL)
        return;
    c->facet = facet;
    c->count = 1;
    w = &out->words[out->word_count++];
    for (size_t i = 0; i < len; i++)
        w->word[i] = (char)tolower((unsigned char)value[i]);
    w->word[len] = '\0';
    w->len = len;
    w->start = value;
    w->span = len;
}

static const struct {
    const char *name;
    ks_facet_t facet;
} filter_fields[] = {
    {"type:", KS_FACET_TYPE},       {"centre:", KS_FACET_CENTRE},
    {"zentrum:", KS_FACET_CENTRE},  {"project:", KS_FACET_PROJECT},
    {"projekt:", KS_FACET_PROJECT}, {"lang:", KS_FACET_LANG},
};

/* If the chunk [p, q) is "field:value" for a filter field, add the filter
 * and return true. */
static bool
filter_chunk(struct parse *ps, const char *p, const char *q)
{
    for (size_t i = 0; i < sizeof filter_fields / sizeof *filter_fields; i++) {
        size_t n = strlen(filter_fields[i].name);

        if ((size_t)(q - p) > n
            && strncasecmp(p, filter_fields[i].name, n) == 0) {
            add_filter(ps, filter_fields[i].facet, p + n, (size_t)(q - p) - n);
            return true;
        }
    }
    return false;
}

static bool
chunk_is(const char *p, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(p, word, n) == 0;
}

void
ksi_query_parse(const char *text, size_t len, ksi_parsed_query_t *out)
{
    struct parse ps = {out, NULL, KSI_SHOULD, false};
    const char *p = text, *end = text + len;
    bool and_pending = false, not_pending = false;
    size_t quotes = 0;

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < len; i++)
        quotes += text[i] == '"';
    while (p < end) {
        const char *q;
        size_t before = out->clause_count;

        while (p < end && is_space(*p))
            p++;
        if (p == end)
            break;
        ps.occur = not_pending ? KSI_MUST_NOT : KSI_SHOULD;
        ps.title = false;
        /* "+49 2151 …" is a phone number, not a required word. */
        if ((*p == '+' || *p == '-') && p + 1 < end && !is_space(p[1])
            && !(*p == '+' && isdigit((unsigned char)p[1]))) {
            ps.occur = *p == '+' ? KSI_MUST : KSI_MUST_NOT;
            p++;
        }
        for (q = p; q < end && !is_space(*q) && *q != '"'; q++)
            ;
        /* Operators, in capitals as the search box never types them. */
        if (q > p && ps.occur != KSI_MUST) {
            if (chunk_is(p, (size_t)(q - p), "AND")) {
                if (out->clause_count > 0
                    && out->clauses[out->clause_count - 1].occur == KSI_SHOULD)
                    out->clauses[out->clause_count - 1].occur = KSI_MUST;
                and_pending = true;
                p = q;
                continue;
            }
            if (chunk_is(p, (size_t)(q - p), "OR")) {
                p = q;
                continue;
            }
            if (chunk_is(p, (size_t)(q - p), "NOT")) {
                not_pending = true;
                p = q;
                continue;
            }
        }
        /* Fields: title:word, title:"a phrase", type:news. */
        if (q - p >= 6 && strncasecmp(p, "title:", 6) == 0
            && (q - p > 6 || (q < end && *q == '"'))) {
            ps.title = true;
            p += 6;
        } else if (filter_chunk(&ps, p, q)) {
            p = q;
            continue;
        }
        if (p < end && *p == '"') {
            const char *close = memchr(p + 1, '"', (size_t)(end - p - 1));

            /* An unclosed quote (odd count) is ignored rather than
             * turning the rest of the query into a phrase. */
            if (close != NULL && quotes >= 2) {
                add_phrase(&ps, p + 1, (size_t)(close - p - 1));
                quotes -= 2;
                p = close + 1;
            } else {
                quotes -= quotes > 0;
                p++;
            }
        } else {
            for (q = p; q < end && !is_space(*q) && *q != '"'; q++)
                ;
            add_words(&ps, p, (size_t)(q - p));
            p = q;
        }
        if (out->clause_count > before)
            not_pending = false;
        if (and_pending && out->clause_count > before) {
            if (out->clauses[before].occur == KSI_SHOULD)
                out->clauses[before].occur = KSI_MUST;
            and_pending = false;
        }
    }
    /* The word being typed: the last one, if nothing follows it. */
    if (out->clause_count > 0 && len > 0 && !is_space(text[len - 1])) {
        ksi_clause_t *last = &out->clauses[out->clause_count - 1];
        const ksi_query_word_t *w = &out->words[last->first];

        if (last->kind == KSI_CLAUSE_WORD && last->occur != KSI_MUST_NOT
            && w->start + w->span == end)
            last->prefix = true;
    }
}
