/*
 * The only file that includes <xapian.h>: it hides Xapian behind the C
 * API of <kisearch/index.h>. Every extern "C" function catches whatever
 * Xapian or the C++ runtime throws and turns it into a ks_status_t, so no
 * exception ever unwinds into C.
 */
#include <kisearch/index.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <xapian.h>

#include <kisearch/text.h>

#include "store-int.h"

namespace {

/* Term prefixes and value slots: the index schema. Changing one means
 * re-indexing; adding one does not. */
const char PREFIX_ID[] = "Q";        // unique id, boolean
const char PREFIX_TITLE[] = "S";     // title words, for title:
const char PREFIX_TYPE[] = "XT";     // document type, boolean, for type:
const Xapian::valueno SLOT_DATE = 0; // YYYY[-MM[-DD]], sorts as text

/* Title words count this many times a body word: a title says what a page
 * is about. */
const Xapian::termcount TITLE_WDF = 3;

/* Positions between title and body, so a phrase never spans the two. */
const Xapian::termpos FIELD_GAP = 100;

/* How many matches to look at before trusting the total: exact for small
 * result sets, an estimate (and flagged so) for large ones. */
const Xapian::doccount CHECK_AT_LEAST = 100;

ks_status_t
status_from_exception(ks_error_t *err)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return ks_error_set(err, KS_ERR_LOCKED,
                            "the index is locked by another writer: %s",
                            e.get_msg().c_str());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return ks_error_set(err, KS_ERR_NOT_FOUND, "no index there: %s",
                            e.get_msg().c_str());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return ks_error_set(err, KS_ERR_MODIFIED, "%s", e.get_msg().c_str());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return ks_error_set(err, KS_ERR_CORRUPT, "the index is damaged: %s",
                            e.get_msg().c_str());
    } catch (const Xapian::DocNotFoundError &e) {
        return ks_error_set(err, KS_ERR_NOT_FOUND, "%s", e.get_msg().c_str());
    } catch (const Xapian::QueryParserError &e) {
        return ks_error_set(err, KS_ERR_QUERY_SYNTAX, "%s",
                            e.get_msg().c_str());
    } catch (const Xapian::InvalidArgumentError &e) {
        return ks_error_set(err, KS_ERR_INVALID, "%s", e.get_msg().c_str());
    } catch (const Xapian::Error &e) {
        return ks_error_set(err, KS_ERR_IO, "%s", e.get_description().c_str());
    } catch (const std::bad_alloc &) {
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    } catch (...) {
        return ks_error_set(err, KS_ERR_INTERNAL, "unexpected C++ exception");
    }
}

/* The analysis both sides share: the same stemmer and the same parsing
 * of words at index and at query time. */
Xapian::Stem
make_stemmer()
{
    return Xapian::Stem("german2");
}

} // namespace

struct ks_index {
    Xapian::Database db;          // what readers and searches use
    Xapian::WritableDatabase wdb; // set only for a writer
    bool writable = false;
    Xapian::Stem stem = make_stemmer();
    Xapian::TermGenerator indexer;
    Xapian::QueryParser parser;
};

struct ks_results {
    struct hit {
        ks_doc_t *doc;
        double score;
        std::string snippet;
    };
    std::vector<hit> hits;
    uint64_t total = 0;
    bool exact = true;

    ~ks_results()
    {
        for (auto &h : hits)
            ks_doc_free(h.doc);
    }
};

extern "C" ks_status_t
ks_index_open(const char *path, ks_index_mode_t mode, ks_index_t **out,
              ks_error_t *err)
{
    *out = nullptr;
    try {
        std::unique_ptr<ks_index> idx(new ks_index);

        if (mode == KS_INDEX_WRITE) {
            idx->wdb =
                Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
            idx->db = idx->wdb;
            idx->writable = true;
            idx->indexer.set_stemmer(idx->stem);
            /* Stemmed terms get positions too, so that a phrase, which the
             * parser builds from stemmed terms, matches. */
            idx->indexer.set_stemming_strategy(
                Xapian::TermGenerator::STEM_SOME_FULL_POS);
        } else {
            idx->db = Xapian::Database(path);
        }
        idx->parser.set_database(idx->db);
        idx->parser.set_stemmer(idx->stem);
        /* Stem every query word, capitalised or not: German capitalises
         * every noun, so Xapian's proper-noun rule (leave capitalised
         * words alone) would stop "Projekte" from finding "Projekt". */
        idx->parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
        idx->parser.add_prefix("title", PREFIX_TITLE);
        idx->parser.add_boolean_prefix("type", PREFIX_TYPE);
        *out = idx.release();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" void
ks_index_close(ks_index_t *idx)
{
    if (idx == nullptr)
        return;
    try {
        if (idx->writable)
            idx->wdb.commit();
        idx->db.close();
    } catch (...) {
        /* Nothing to tell: the last commit stands, as after a crash. */
    }
    delete idx;
}

extern "C" ks_status_t
ks_index_refresh(ks_index_t *idx, bool *changed, ks_error_t *err)
{
    try {
        bool moved = idx->db.reopen();

        if (changed != nullptr)
            *changed = moved;
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_stats(ks_index_t *idx, uint64_t *doc_count, uint64_t *revision,
               ks_error_t *err)
{
    try {
        if (doc_count != nullptr)
            *doc_count = idx->db.get_doccount();
        if (revision != nullptr)
            *revision = idx->db.get_revision();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_put(ks_index_t *idx, const ks_doc_t *doc, bool *replaced,
             ks_error_t *err)
{
    const char *id = ks_doc_get(doc, KS_FIELD_ID);
    const char *title = ks_doc_get(doc, KS_FIELD_TITLE);
    const char *body = ks_doc_get(doc, KS_FIELD_BODY);
    const char *type = ks_doc_get(doc, KS_FIELD_TYPE);
    const char *date = ks_doc_get(doc, KS_FIELD_DATE);

    if (!idx->writable)
        return ks_error_set(err, KS_ERR_INVALID,
                            "the index was opened for reading");
    if (id == nullptr)
        return ks_error_set(err, KS_ERR_INVALID, "the document has no id");
    try {
        std::string id_term = std::string(PREFIX_ID) + id;
        Xapian::Document xdoc;
        size_t data_len = 0;
        char *data;

        idx->indexer.set_document(xdoc);
        if (title != nullptr) {
            idx->indexer.index_text(title, 1, PREFIX_TITLE);
            idx->indexer.increase_termpos(FIELD_GAP);
            idx->indexer.index_text(title, TITLE_WDF);
            idx->indexer.increase_termpos(FIELD_GAP);
        }
        if (body != nullptr)
            idx->indexer.index_text(body);
        xdoc.add_boolean_term(id_term);
        if (type != nullptr)
            xdoc.add_boolean_term(std::string(PREFIX_TYPE) + type);
        if (date != nullptr)
            xdoc.add_value(SLOT_DATE, date);
        data = ksi_doc_serialize(doc, &data_len);
        if (data == nullptr)
            return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
        xdoc.set_data(std::string(data, data_len));
        std::free(data);
        if (replaced != nullptr)
            *replaced = idx->wdb.term_exists(id_term);
        idx->wdb.replace_document(id_term, xdoc);
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_commit(ks_index_t *idx, ks_error_t *err)
{
    if (!idx->writable)
        return ks_error_set(err, KS_ERR_INVALID,
                            "the index was opened for reading");
    try {
        idx->wdb.commit();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

/* The stored document of @xdoc, or an error status. */
static ks_status_t
load_doc(const Xapian::Document &xdoc, ks_doc_t **out, ks_error_t *err)
{
    std::string data = xdoc.get_data();

    return ksi_doc_deserialize(data.data(), data.size(), out, err);
}

extern "C" ks_status_t
ks_index_get(ks_index_t *idx, const char *id, ks_doc_t **out, ks_error_t *err)
{
    *out = nullptr;
    try {
        std::string id_term = std::string(PREFIX_ID) + id;
        Xapian::PostingIterator it = idx->db.postlist_begin(id_term);

        if (it == idx->db.postlist_end(id_term))
            return ks_error_set(err, KS_ERR_NOT_FOUND, "no document \"%s\"",
                                id);
        return load_doc(idx->db.get_document(*it), out, err);
    } catch (...) {
        return status_from_exception(err);
    }
}

/* A snippet is shown inline: line breaks and runs of white space from the
 * stored paragraphs become single spaces. */
static std::string
one_line(const std::string &text)
{
    std::string out;
    bool space = false;

    out.reserve(text.size());
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

/* Parse @text with the full syntax; if that fails, read it again as
 * plain words, so that broken syntax still finds something. */
static Xapian::Query
parse_query(ks_index_t *idx, const std::string &text)
{
    const unsigned full = Xapian::QueryParser::FLAG_PHRASE
                          | Xapian::QueryParser::FLAG_BOOLEAN
                          | Xapian::QueryParser::FLAG_LOVEHATE;
    /* An unclosed quote would turn the rest of the query into a phrase
     * that rarely matches: drop the quote that has no partner. */
    std::string balanced = text;
    if (std::count(text.begin(), text.end(), '"') % 2 != 0)
        balanced.erase(balanced.rfind('"'), 1);
    try {
        return idx->parser.parse_query(balanced, full);
    } catch (const Xapian::QueryParserError &) {
    }
    try {
        return idx->parser.parse_query(text, 0);
    } catch (const Xapian::QueryParserError &) {
    }
    /* Last resort: each word on its own, as the indexer would see it. */
    Xapian::Document words;
    Xapian::TermGenerator tokenizer;
    std::vector<Xapian::Query> terms;

    tokenizer.set_stemmer(idx->stem);
    tokenizer.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    tokenizer.set_document(words);
    tokenizer.index_text(text);
    for (auto t = words.termlist_begin(); t != words.termlist_end(); ++t)
        terms.emplace_back(*t);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

extern "C" ks_status_t
ks_index_search(ks_index_t *idx, const ks_query_t *query, ks_results_t **out,
                ks_error_t *err)
{
    *out = nullptr;
    if (query->text == nullptr
        || !ks_utf8_valid(query->text, std::strlen(query->text)))
        return ks_error_set(err, KS_ERR_INVALID,
                            "the query is not valid UTF-8 text");
    try {
        std::unique_ptr<ks_results> res(new ks_results);
        Xapian::Enquire enquire(idx->db);
        Xapian::MSet mset;
        Xapian::doccount check = CHECK_AT_LEAST;

        enquire.set_query(parse_query(idx, query->text));
        /* Xapian counts documents in 32 bits: an offset past that (or
         * past every document) is an empty page with the real total. */
        const size_t max_count = std::numeric_limits<Xapian::doccount>::max();
        if (query->offset >= max_count
            || query->limit > max_count - query->offset) {
            mset = enquire.get_mset(0, 0, CHECK_AT_LEAST);
            res->total = mset.get_matches_estimated();
            res->exact = mset.get_matches_lower_bound()
                         == mset.get_matches_upper_bound();
            *out = res.release();
            return KS_OK;
        }
        if (query->offset + query->limit > check)
            check = static_cast<Xapian::doccount>(query->offset + query->limit);
        mset = enquire.get_mset(static_cast<Xapian::doccount>(query->offset),
                                static_cast<Xapian::doccount>(query->limit),
                                check);
        res->total = mset.get_matches_estimated();
        res->exact =
            mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        res->hits.reserve(mset.size());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            res->hits.push_back({nullptr, it.get_weight(), std::string()});
            ks_results::hit &h = res->hits.back();
            ks_status_t st = load_doc(it.get_document(), &h.doc, err);

            if (st != KS_OK)
                return st;
            if (query->snippet_bytes > 0) {
                const char *text = ks_doc_get(h.doc, KS_FIELD_BODY);

                if (text == nullptr)
                    text = ks_doc_get(h.doc, KS_FIELD_TITLE);
                if (text != nullptr)
                    h.snippet = one_line(
                        mset.snippet(text, query->snippet_bytes, idx->stem,
                                     Xapian::MSet::SNIPPET_BACKGROUND_MODEL
                                         | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                     "<mark>", "</mark>", "…"));
            }
        }
        *out = res.release();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" void
ks_results_free(ks_results_t *res)
{
    delete res;
}

extern "C" size_t
ks_results_count(const ks_results_t *res)
{
    return res->hits.size();
}

extern "C" uint64_t
ks_results_total(const ks_results_t *res)
{
    return res->total;
}

extern "C" bool
ks_results_total_exact(const ks_results_t *res)
{
    return res->exact;
}

extern "C" const ks_doc_t *
ks_results_doc(const ks_results_t *res, size_t i)
{
    return res->hits[i].doc;
}

extern "C" double
ks_results_score(const ks_results_t *res, size_t i)
{
    return res->hits[i].score;
}

extern "C" const char *
ks_results_snippet(const ks_results_t *res, size_t i)
{
    return res->hits[i].snippet.c_str();
}
