/*
 * With correct.cc (spelling corrections) and snippet.cc (snippets of
 * hits), the only file that includes <xapian.h>: it hides Xapian behind
 * the C API of <kisearch/index.h>.
 * Every extern "C" function catches whatever Xapian or the C++ runtime
 * throws and turns it into a ks_status_t, so no exception ever unwinds
 * into C.
 */
#include <kisearch/index.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <unordered_map>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include <kisearch/text.h>

#include "analysis-int.h"
#include "analyze-int.h"
#include "buf-int.h"
#include "contacts-int.h"
#include "correct-int.h"
#include "enrich-int.h"
#include "snippet-int.h"
#include "store-int.h"

namespace {

/* Term prefixes and value slots: the index schema. Changing one means
 * re-indexing; adding one does not. */
const char PREFIX_ID[] = "Q";            // unique id, boolean
const char PREFIX_TITLE[] = "S";         // title words, for title:
const char PREFIX_TYPE[] = "XT";         // document type, boolean, for type:
const char PREFIX_STEM[] = "Z";          // stems, Xapian's convention
const char PREFIX_PART[] = "P";          // stems of compound parts
const char PREFIX_FOLDED[] = "F";        // words with umlauts folded: guler
const char PREFIX_CENTRE[] = "XC";       // centre slug, boolean, for filters
const char PREFIX_PROJECT[] = "XP";      // project slug, boolean, for filters
const char PREFIX_LANG[] = "XL";         // language, boolean, for filters
const char PREFIX_YEAR[] = "XY";         // year of the date, boolean
const Xapian::valueno SLOT_DATE = 0;     // YYYY[-MM[-DD]], sorts as text
const Xapian::valueno SLOT_CENTRES = 1;  // names, joined by LIST_SEP
const Xapian::valueno SLOT_PROJECTS = 2; // names, joined by LIST_SEP
const Xapian::valueno SLOT_TYPE = 3;
const Xapian::valueno SLOT_YEAR = 4;
const Xapian::valueno SLOT_SIGNATURE = 5; // the source's state when read
const Xapian::valueno SLOT_BODY = 6;      // the body's text, see load_doc()
const Xapian::valueno SLOT_BODY_REST = 7; // past BODY_LEAD_BYTES, likewise
const char PREFIX_SOURCE[] = "XF";        // the file a document came from
const char LIST_SEP = '\x1f'; // never in a name (no control characters)

/* Title words count this many times a body word: a title says what a page
 * is about. */
const Xapian::termcount TITLE_WDF = 3;

/* Positions between title and body, so a phrase never spans the two. */
const Xapian::termpos FIELD_GAP = 100;

/* How many matches to look at before trusting the total: exact for small
 * result sets, an estimate (and flagged so) for large ones. */
const Xapian::doccount CHECK_AT_LEAST = 100;

/* How much each way of matching a query word counts, relative to the
 * word's stem (1.0). The exact spelling adds to the stem, so it ranks
 * first; everything looser ranks below. */
const double WEIGHT_EXACT = 1.0;     // on top of the stem's weight
const double WEIGHT_SYNONYM = 0.8;   // KI for Kommunales Integrationszentrum
const double WEIGHT_PARTS = 0.7;     // Sommer and Kleid, for Sommerkleid
const double WEIGHT_PART_OF = 0.5;   // Integrationszentrum, for Zentrum
const double WEIGHT_PREFIX = 0.6;    // Griffbereit, for Griff
const double WEIGHT_TYPO = 0.7;      // Griffbereit, for Grifbereit
const double WEIGHT_ALL_WORDS = 1.0; // bonus when every word matches
const double WEIGHT_NEAR = 1.0;      // bonus when the words stand together
const double WEIGHT_PHONE = 5.0;     // a whole phone number is a strong hint

/* The bonuses for every word and for the words standing together are
 * weighed for this many of the best matches only: working them out for
 * every document that holds all the words (the positions of each, for
 * nearness) made queries of common words slow on large indexes. On the
 * 97,000-document bench index 200 keeps the first hit of 400 queries and
 * the whole top ten of 98 % of them. */
const Xapian::doccount BONUS_WINDOW = 200;

/* A compound's parts are looked for near each other only while fewer
 * documents than this hold the compound itself: then its own documents
 * fill the first pages. On the 100k bench index looking for the parts of
 * such compounds cost about a sixth of all query time. */
const Xapian::doccount PARTS_WHEN_FEWER = 1000;

/* A body longer than this is stored in two values, its lead of at most
 * this many bytes and the rest: a hit's snippet mostly comes from the
 * lead, and Xapian reads a value whole (71 % of the bytes of the hits on
 * the gimp-man bench corpus were past 8 KB; 4 KB read the rest too often).
 * Ten snippets of the default 200 bytes fit; with more than 2,000 bytes
 * a snippet_window() always needs the rest. */
const size_t BODY_LEAD_BYTES = 8192;

/* How far into a text snippet_window() looks before it gives up and cuts from
 * the beginning: a hit found by a correction or a compound part may hold no
 * needle at all, and a man page runs to hundreds of kilobytes. */
const size_t SCAN_MAX = 64 * 1024;

/* Words a prefix may expand to: the most frequent ones, so that "a"
 * stays as fast as "Griffbereit". */
const Xapian::termcount PREFIX_EXPANSIONS = 30;

/* Words shorter than this are not corrected, longer ones by up to two
 * edits (as Meilisearch does). */
const size_t TYPO_MIN_LETTERS = 5;
const size_t TYPO_TWO_EDITS_LETTERS = 9;

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

} // namespace

/* What a word gives besides itself, worked out once per distinct word: a
 * text repeats its words, and stemming and compound splitting are the
 * costly part of indexing. The terms it adds at each occurrence in a body
 * are kept whole, prefix and all (see index_word()). */
struct word_analysis {
    std::string stem_term;               // "Z" and the stem; empty for numbers
    std::string base_term;               // the gender base's, or empty
    std::string folded_term;             // "F" and the folded word, or empty
                                         // when folding changes nothing
    std::vector<std::string> part_terms; // "P" and each compound part's stem
    /* How the word is written, for completions: occurrences with and
     * without a capital, the capitalised form, and the form last
     * recorded in the index (empty: none yet). */
    uint32_t capitalised = 0, lower = 0;
    std::string capital_form;
    std::string recorded;
    bool pending = false; // on the document's list of changed forms
};

/* Words remembered before the cache starts over: bounds its memory on a
 * huge import (about 20 MB) while keeping a corpus's vocabulary. */
const size_t WORD_CACHE_MAX = 200000;

/* Words a memo_stem remembers before it starts over: a corpus's common
 * vocabulary, in about 2 MB. */
const size_t STEM_MEMO_MAX = 20000;

/* Heads of documents a reader remembers before it starts over: up to
 * about 4 MB a worker, all of gimp-man's (see head_cache). */
const size_t HEADS_MAX = 2048;

namespace {

/* Snowball's german2, remembering the words it has stemmed, and told
 * which stems can matter.
 *
 * A snippet (ksi_snippet()) stems every word of the text it is given,
 * only to see whether "Z" + the stem is a term of the query; Snowball
 * cost a fifth of a search's time on the gimp-man benchmark.
 * A german2 stem begins with its word's first letter (ä, ö, ü as a, o, u;
 * ß as s): german2 cuts suffixes only, and never within a word's first
 * three letters. So while only_initials() is in force,
 * a word whose first letter begins none of the query's stems gets an
 * empty stem, which matches no term, without running Snowball. The
 * words of a corpus repeat, so the rest are mostly looked up.
 *
 * Not for sharing between threads (neither is a Snowball stemmer). */
class memo_stem : public Xapian::StemImplementation {
  public:
    std::string
    operator()(const std::string &word) override
    {
        if (filtering_ && !word.empty() && !initials_[initial(word)])
            return std::string();
        auto it = memo_.find(word);

        if (it != memo_.end())
            return it->second;
        if (memo_.size() >= STEM_MEMO_MAX)
            memo_.clear();
        return memo_.emplace(word, snowball_(word)).first->second;
    }

    std::string
    get_description() const override
    {
        return "german2, remembered";
    }

    /* From now on, stem only words that begin as one of the stems of
     * the "Z" terms of a query (@terms) may. */
    void
    only_initials(const std::vector<std::string> &terms)
    {
        std::fill(std::begin(initials_), std::end(initials_), false);
        for (const std::string &term : terms) {
            if (term.size() > 1 && term[0] == PREFIX_STEM[0])
                initials_[static_cast<unsigned char>(term[1])] = true;
        }
        filtering_ = true;
    }

    /* Stem every word again. */
    void
    all_initials()
    {
        filtering_ = false;
    }

  private:
    /* The first byte of @word's stem-to-be: ä ö ü ß as a o u s. */
    static unsigned char
    initial(const std::string &word)
    {
        unsigned char c = static_cast<unsigned char>(word[0]);

        if (c == 0xC3 && word.size() > 1) {
            switch (static_cast<unsigned char>(word[1])) {
            case 0xA4:
                return 'a';
            case 0xB6:
                return 'o';
            case 0xBC:
                return 'u';
            case 0x9F:
                return 's';
            }
        }
        return c;
    }

    Xapian::Stem snowball_{"german2"};
    std::unordered_map<std::string, std::string> memo_;
    bool initials_[256] = {};
    bool filtering_ = false;
};

} // namespace

/* What turns documents into Xapian documents: the stemmer and a cache of
 * each word's analysis. One per thread; the analysis tables it reads are
 * shared and read-only. */
struct ks_analyser {
    Xapian::Stem stem = Xapian::Stem("german2");
    const ks_analysis_t *analysis = nullptr;              // borrowed
    std::unordered_map<std::string, word_analysis> words; // the cache
};

/* A document ready to write: its terms and stored form, and what the
 * index learns from it besides (written forms). */
struct ks_prepared {
    Xapian::Document xdoc;
    std::string id, id_term;
    std::vector<std::pair<std::string, std::string>> forms; // metadata
};

/* Documents' stored heads (every field but the body) as a reader read
 * them for the revision it has open, by document id: the same hits come
 * back query after query, and reading a head means inflating and parsing
 * JSON, a tenth of a search's time on the gimp-man benchmark. Starts over
 * when full and when the revision moves. */
class head_cache {
  public:
    head_cache() = default;
    head_cache(const head_cache &) = delete;
    head_cache &operator=(const head_cache &) = delete;

    ~head_cache()
    {
        clear();
    }

    /* The head of document @id, or nullptr. Owned by the cache. */
    const ks_doc_t *
    find(Xapian::docid id) const
    {
        auto it = heads_.find(id);

        return it != heads_.end() ? it->second : nullptr;
    }

    /* Keep @head (taken over) as document @id's. */
    void
    put(Xapian::docid id, ks_doc_t *head)
    {
        if (heads_.size() >= HEADS_MAX)
            clear();
        auto done = heads_.emplace(id, head);
        if (!done.second)
            ks_doc_free(head);
    }

    void
    clear()
    {
        for (auto &h : heads_)
            ks_doc_free(h.second);
        heads_.clear();
    }

  private:
    std::unordered_map<Xapian::docid, ks_doc_t *> heads_;
};

struct ks_index {
    Xapian::Database db;          // what readers and searches use
    Xapian::WritableDatabase wdb; // set only for a writer
    bool writable = false;
    memo_stem *stems = new memo_stem; // owned by stem
    Xapian::Stem stem = Xapian::Stem(stems);
    const ks_analysis_t *analysis = nullptr; // borrowed
    ks_analyser own;    // for ks_index_put() and ks_index_put_source()
    bool batch = false; // a ks_index_begin() batch is open
    /* A reader's completions of the last word typed, by term prefix, for
     * the revision it has open (see completions()). */
    std::unordered_map<std::string, std::vector<std::string>> completions;
    /* A reader's spelling corrections for that revision, by word and
     * edit distance (see corrected()); "" for none. */
    std::unordered_map<std::string, std::string> corrections;
    /* A reader's heads of documents for that revision (see load_doc()). */
    head_cache heads;
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
    std::string suggestion; // empty: none
    std::vector<std::pair<std::string, uint64_t>> facets[KS_FACET_COUNT];

    ~ks_results()
    {
        for (auto &h : hits)
            ks_doc_free(h.doc);
    }
};

namespace {

/* Number of UTF-8 characters in @s. */
size_t
letters(const std::string &s)
{
    size_t n = 0;

    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

bool
starts_with_digit(const std::string &word)
{
    return !word.empty() && word[0] >= '0' && word[0] <= '9';
}

std::string
stem_term(ks_index *idx, const std::string &prefix, const std::string &word)
{
    return PREFIX_STEM + prefix + idx->stem(word);
}

/* The slug of a centre or project, given by name or slug: the table's
 * when it has one ("Kreis Kleve" -> "kreis-kleve"). */
std::string
slug_of(const ks_analysis_t *analysis, ks_list_t list, const std::string &name)
{
    char slug[2 * KS_ENTRY_MAX + 1];

    ks_analysis_slug(analysis, list, name.c_str(), slug, sizeof slug);
    return slug;
}

/* The boolean term a filter on @facet for @value stands for. */
std::string
filter_term(const ks_analysis_t *analysis, ks_facet_t facet,
            const std::string &value)
{
    std::string lower;

    for (char c : value)
        lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    switch (facet) {
    case KS_FACET_TYPE:
        return PREFIX_TYPE + lower;
    case KS_FACET_CENTRE:
        return PREFIX_CENTRE + slug_of(analysis, KS_LIST_CENTRES, value);
    case KS_FACET_PROJECT:
        return PREFIX_PROJECT + slug_of(analysis, KS_LIST_PROJECTS, value);
    case KS_FACET_YEAR:
        return PREFIX_YEAR + lower;
    case KS_FACET_LANG:
    case KS_FACET_COUNT:
        break;
    }
    return PREFIX_LANG + lower;
}

/* Counts the values of one slot over every match (lists split at
 * LIST_SEP): the facets. */
/* A fixed set of documents as a posting list, weighing nothing: how a
 * second pass looks at the best matches of a first one only. */
class DocSet : public Xapian::PostingSource {
    std::vector<Xapian::docid> ids;
    size_t at = 0;
    bool started = false;

  public:
    explicit DocSet(std::vector<Xapian::docid> docs) : ids(std::move(docs))
    {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }
    Xapian::doccount
    get_termfreq_min() const override
    {
        return static_cast<Xapian::doccount>(ids.size());
    }
    Xapian::doccount
    get_termfreq_est() const override
    {
        return get_termfreq_min();
    }
    Xapian::doccount
    get_termfreq_max() const override
    {
        return get_termfreq_min();
    }
    Xapian::docid
    get_docid() const override
    {
        return ids[at];
    }
    void
    next(double) override
    {
        if (started)
            at++;
        started = true;
    }
    void
    skip_to(Xapian::docid did, double) override
    {
        started = true;
        while (at < ids.size() && ids[at] < did)
            at++;
    }
    bool
    at_end() const override
    {
        return at >= ids.size();
    }
    void
    init(const Xapian::Database &) override
    {
        at = 0;
        started = false;
    }
};

class FacetSpy : public Xapian::MatchSpy {
  public:
    explicit FacetSpy(Xapian::valueno slot) : slot_(slot)
    {
    }

    void
    operator()(const Xapian::Document &doc, double) override
    {
        const std::string v = doc.get_value(slot_);
        size_t start = 0;

        while (start < v.size()) {
            size_t end = v.find(LIST_SEP, start);

            if (end == std::string::npos)
                end = v.size();
            if (end > start)
                counts_[v.substr(start, end - start)]++;
            start = end + 1;
        }
    }

    /* Most frequent first, then by value. */
    std::vector<std::pair<std::string, uint64_t>>
    sorted() const
    {
        std::vector<std::pair<std::string, uint64_t>> out(counts_.begin(),
                                                          counts_.end());

        std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second
                                        : a.first < b.first;
        });
        return out;
    }

  private:
    Xapian::valueno slot_;
    std::map<std::string, uint64_t> counts_;
};

const Xapian::valueno facet_slots[KS_FACET_COUNT] = {
    SLOT_TYPE, SLOT_CENTRES, SLOT_PROJECTS, SLOT_YEAR, Xapian::BAD_VALUENO};

/* ---- Indexing ---------------------------------------------------------
 *
 * Every word is indexed as written (lower-case) and as its german2 stem
 * ("Z" prefix; german2 folds ä/ae, ö/oe, ü/ue and ß/ss), both with
 * positions, so phrases work either way. On top, at the word's position:
 * the stem of the masculine base of a feminine or gender-inclusive form
 * (so "Mitarbeiter*innen" is found as "Mitarbeiter"), a hyphenated run
 * joined into one word ("Süd-Ost-Europa" as "südosteuropa"), and the
 * stems of a compound's parts with the "P" prefix (so "Zentrum" finds
 * "Integrationszentrum", ranked below a whole-word match).
 */

struct indexer_state {
    ks_analyser *an;
    Xapian::Document *doc;
    std::vector<const std::string *> *changed; // words whose written form
                                               // the index does not have
    Xapian::termpos base;  // position of the field's first word
    Xapian::termcount wdf; // weight of each occurrence
    bool title;
    std::string joined;         // hyphenated run so far
    Xapian::termpos joined_pos; // where it started
    Xapian::termpos last = 0;   // last position used
};

/* The analysis of @word, from the cache or worked out now. */
/* Metadata key of a word's written form, for completions: "w:", the word
 * folded as search folds it (so a prefix finds it), LIST_SEP, the word. */
const char WRITTEN_KEY[] = "w:";

std::string
written_key(const std::string &word, const word_analysis &a)
{
    return WRITTEN_KEY
           + (a.folded_term.empty()
                  ? word
                  : a.folded_term.substr(std::strlen(PREFIX_FOLDED)))
           + LIST_SEP + word;
}

/* How @a is mostly written: with a capital ("Güler", "NRW") or not. */
const std::string &
written_form(const std::string &word, const word_analysis &a)
{
    return a.capitalised > a.lower ? a.capital_form : word;
}

/* Whether the word as the text writes it (@surface, @len bytes) starts
 * with a capital: ASCII or Ä, Ö, Ü. */
bool
starts_capitalised(const char *surface, size_t len)
{
    const unsigned char *s = reinterpret_cast<const unsigned char *>(surface);

    return (len > 0 && s[0] >= 'A' && s[0] <= 'Z')
           || (len > 1 && s[0] == 0xC3
               && (s[1] == 0x84 || s[1] == 0x96 || s[1] == 0x9C));
}

/* @word with a capital first letter, or as @surface writes it when that
 * is all capitals ("NRW"). */
std::string
capitalise(const std::string &word, const char *surface, size_t len)
{
    std::string out = word;
    bool all_caps = len == word.size();

    for (size_t i = 0; all_caps && i < len; i++)
        all_caps = !(surface[i] >= 'a' && surface[i] <= 'z');
    if (all_caps)
        return std::string(surface, len);
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    else if (out.size() > 1 && static_cast<unsigned char>(out[0]) == 0xC3
             && static_cast<unsigned char>(out[1]) >= 0xA0
             && static_cast<unsigned char>(out[1]) != 0xB7)
        /* Latin-1 letters: ä (C3 A4) -> Ä (C3 84); not ß, not ÷. */
        out[1] = static_cast<char>(static_cast<unsigned char>(out[1]) - 0x20);
    return out;
}

word_analysis &
analyse_word(ks_analyser *an, const std::string &word)
{
    auto found = an->words.find(word);
    word_analysis a;
    char base[KSI_WORD_MAX], folded[2 * KSI_WORD_MAX];

    if (found != an->words.end())
        return found->second;
    /* Between documents only (the analysis of a document in the making
     * is referred to): see ks_analyser_prepare(). */
    /* Only where folding changes something: "güler" -> "guler". */
    if (ksi_fold(word.data(), word.size(), folded) != word.size()
        || word.compare(folded) != 0)
        a.folded_term = PREFIX_FOLDED + std::string(folded);
    if (!starts_with_digit(word)) {
        a.stem_term = PREFIX_STEM + an->stem(word);
        if (ksi_gender_base(word.data(), word.size(), base))
            a.base_term = PREFIX_STEM + an->stem(base);
        if (an->analysis != nullptr && an->analysis->dictionary != nullptr) {
            char parts[KSI_PARTS_MAX][KSI_PART_BYTES];
            size_t n = ksi_decompound(an->analysis->dictionary, word.data(),
                                      word.size(), parts, KSI_PARTS_MAX);

            for (size_t i = 0; i < n; i++)
                a.part_terms.push_back(PREFIX_PART + an->stem(parts[i]));
        }
    }
    return an->words.emplace(word, std::move(a)).first->second;
}

void
index_word(indexer_state &st, const std::string &word, Xapian::termpos pos)
{
    const word_analysis &a = analyse_word(st.an, word);

    /* Phrases and nearness are matched by stem, so a word as written
     * needs no positions (a third of what the writer stores), except a
     * number, which has no stem. */
    if (starts_with_digit(word)) {
        st.doc->add_posting(word, pos, st.wdf);
        if (st.title)
            st.doc->add_posting(PREFIX_TITLE + word, pos);
    } else {
        st.doc->add_term(word, st.wdf);
        if (st.title)
            st.doc->add_term(PREFIX_TITLE + word);
    }
    if (!a.folded_term.empty())
        st.doc->add_term(a.folded_term, st.wdf);
    for (const std::string *stem : {&a.stem_term, &a.base_term}) {
        if (stem->empty())
            continue;
        st.doc->add_posting(*stem, pos, st.wdf);
        if (st.title) /* "ZS": a title word's stem */
            st.doc->add_posting(std::string(*stem).insert(
                                    std::strlen(PREFIX_STEM), PREFIX_TITLE),
                                pos);
    }
    for (const std::string &part : a.part_terms)
        st.doc->add_posting(part, pos, st.wdf);
}

bool
on_index_token(void *user, const ksi_token_t *tok)
{
    indexer_state &st = *static_cast<indexer_state *>(user);
    Xapian::termpos pos = st.base + tok->position;
    std::string word(tok->word, tok->word_len);

    index_word(st, word, pos);
    /* Note how the word is written, for completions. */
    if (letters(word) >= 3 && !starts_with_digit(word)) {
        auto found = st.an->words.find(word);

        if (found != st.an->words.end()) {
            word_analysis &a = found->second;

            if (starts_capitalised(tok->start, tok->len)) {
                if (a.capitalised++ == 0)
                    a.capital_form = capitalise(word, tok->start, tok->len);
            } else {
                a.lower++;
            }
            if (!a.pending && written_form(word, a) != a.recorded) {
                a.pending = true;
                st.changed->push_back(&found->first);
            }
        }
    }
    st.last = pos;
    if (st.joined.empty())
        st.joined_pos = pos;
    if (tok->hyphen_next || !st.joined.empty())
        st.joined += word;
    if (!tok->hyphen_next && !st.joined.empty()) {
        if (st.joined != word && st.joined.size() < KSI_WORD_MAX)
            index_word(st, st.joined, st.joined_pos);
        st.joined.clear();
    }
    return true;
}

/* Index @text as one field; returns the last position used. */
Xapian::termpos
index_field(ks_analyser *an, std::vector<const std::string *> &changed,
            Xapian::Document &doc, const char *text, Xapian::termpos base,
            Xapian::termcount wdf, bool title)
{
    indexer_state st{an,    &doc,          &changed, base, wdf,
                     title, std::string(), 0,        base};

    ksi_tokenize(text, std::strlen(text), on_index_token, &st);
    return st.last;
}

/* ---- Query building ---------------------------------------------------
 *
 * ksi_query_parse() reads the query into clauses; here each clause
 * becomes a Xapian query. A word matches, from strongest to weakest: as
 * written (exact, which adds to the stem), by its stem or gender base, as
 * a phrase of its compound parts, as part of a compound, by a prefix
 * (the word being typed), by a spelling correction when it is not in the
 * index, and by synonyms of the phrase it stands in.
 */

Xapian::Query
scaled(const Xapian::Query &q, double factor)
{
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor);
}

Xapian::Query
any_of(const std::vector<Xapian::Query> &qs)
{
    if (qs.empty())
        return Xapian::Query();
    if (qs.size() == 1)
        return qs[0];
    return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

struct builder {
    ks_index *idx;
    unsigned flags; // KS_QUERY_*
    std::vector<std::pair<std::string, std::string>> corrections;
    /* The bonuses for having every word and for the words standing
     * together, apart from the query (see ks_index_search()); empty for
     * fewer than two words. */
    Xapian::Query all_words, near;
};

bool
in_index(ks_index *idx, const std::string &term)
{
    return idx->db.term_exists(term);
}

/* Whether @word matches anything as it is: then it is not corrected. A
 * word being typed is known when some word begins with it. */
bool
known(ks_index *idx, const std::string &word, bool prefix)
{
    char base[KSI_WORD_MAX];

    if (in_index(idx, word) || in_index(idx, stem_term(idx, "", word))
        || in_index(idx, PREFIX_PART + idx->stem(word)))
        return true;
    if (ksi_gender_base(word.data(), word.size(), base)
        && in_index(idx, stem_term(idx, "", base)))
        return true;
    return prefix && idx->db.allterms_begin(word) != idx->db.allterms_end(word);
}

bool
is_stopword(ks_index *idx, const std::string &word)
{
    return idx->analysis != nullptr && idx->analysis->stopwords != nullptr
           && ksi_lexicon_contains(idx->analysis->stopwords, word.data(),
                                   word.size());
}

/* The stem of @word, or of its parts, near each other: how "Sommerkleid"
 * finds "Kleid für den Sommer" and "Sommer-Kleid". Empty when @word is no
 * compound, and for a compound that PARTS_WHEN_FEWER or more documents
 * hold as written: they fill the first pages, and the positions of its
 * parts where they meet cost most of such a query. */
Xapian::Query
parts_query(ks_index *idx, const std::string &word)
{
    char parts[KSI_PARTS_MAX][KSI_PART_BYTES];
    size_t n;
    std::vector<Xapian::Query> each;

    if (idx->analysis == nullptr || idx->analysis->dictionary == nullptr)
        return Xapian::Query();
    n = ksi_decompound(idx->analysis->dictionary, word.data(), word.size(),
                       parts, KSI_PARTS_MAX);
    /* Looked up only for a word that splits: most words do not. */
    if (n < 2
        || idx->db.get_termfreq(stem_term(idx, "", word)) >= PARTS_WHEN_FEWER)
        return Xapian::Query();
    for (size_t i = 0; i < n; i++) {
        std::string stem = idx->stem(parts[i]);

        each.push_back(Xapian::Query(Xapian::Query::OP_OR,
                                     Xapian::Query(PREFIX_STEM + stem),
                                     Xapian::Query(PREFIX_PART + stem)));
    }
    /* Within a few words: "Kleid für den Sommer" for "Sommerkleid". */
    return Xapian::Query(Xapian::Query::OP_NEAR, each.begin(), each.end(),
                         static_cast<Xapian::termcount>(each.size() + 2));
}

/* The terms beginning with @prefix (a field's prefix, then @skip bytes
 * in, the word typed so far) that a word being typed completes to: the
 * PREFIX_EXPANSIONS most frequent, without stop words ("ein" should
 * reach "Einbürgerung", not "eine" and "einer"). A reader keeps them for the
 * revision it has open: a search box asks for the same beginnings over
 * and over, and walking every term that starts "ver" is most of what a
 * prefix costs. */
std::vector<std::string>
completions(ks_index *idx, const std::string &prefix, size_t skip)
{
    const size_t CACHED_MAX = 4096;
    auto cached = idx->completions.find(prefix);

    if (cached != idx->completions.end())
        return cached->second;
    /* The most frequent so far, least frequent first. */
    std::vector<std::pair<Xapian::doccount, std::string>> best;
    auto rarer = [](const std::pair<Xapian::doccount, std::string> &a,
                    const std::pair<Xapian::doccount, std::string> &b) {
        return a.first > b.first;
    };
    for (auto it = idx->db.allterms_begin(prefix);
         it != idx->db.allterms_end(prefix); ++it) {
        Xapian::doccount freq = it.get_termfreq();
        std::string term = *it;

        if ((best.size() == PREFIX_EXPANSIONS && freq <= best[0].first)
            || is_stopword(idx, term.substr(skip)))
            continue;
        if (best.size() == PREFIX_EXPANSIONS) {
            std::pop_heap(best.begin(), best.end(), rarer);
            best.pop_back();
        }
        best.emplace_back(freq, std::move(term));
        std::push_heap(best.begin(), best.end(), rarer);
    }
    std::vector<std::string> terms;
    for (auto &b : best)
        terms.push_back(std::move(b.second));
    if (!idx->writable) {
        if (idx->completions.size() >= CACHED_MAX)
            idx->completions.clear();
        idx->completions.emplace(prefix, terms);
    }
    return terms;
}

/* The spelling correction of @word within @edits edits, or "" (see
 * ksi_nearest_word()). A reader keeps them for the revision it has open,
 * as it does completions: a typo stays in the box while the next words
 * are typed. */
std::string
corrected(ks_index *idx, const std::string &word, unsigned edits)
{
    const size_t CACHED_MAX = 4096;
    std::string key = word;

    key += static_cast<char>('0' + edits);
    auto cached = idx->corrections.find(key);
    if (cached != idx->corrections.end())
        return cached->second;
    std::string fix;
    ksi_near_word plain, via_folded;
    bool near = ksi_nearest_word(idx->db, "", word, edits, &plain);
    char folded[2 * KSI_WORD_MAX];
    size_t folded_len = ksi_fold(word.data(), word.size(), folded);

    /* Typed without umlauts or with ae, oe, ue, a word may also be near
     * the folded form of one ("ubersetzng" of Übersetzung): only so is a
     * word found that begins with an umlaut. The folded form stands for
     * the word it was written as (its written-form key). */
    if (ksi_nearest_word(idx->db, PREFIX_FOLDED,
                         std::string(folded, folded_len), edits, &via_folded)
        && (!near || via_folded.edits < plain.edits
            || (via_folded.edits == plain.edits
                && via_folded.freq > plain.freq))) {
        const std::string key =
            WRITTEN_KEY + via_folded.word + std::string(1, LIST_SEP);
        auto it = idx->db.metadata_keys_begin(key);

        if (it != idx->db.metadata_keys_end(key))
            fix = (*it).substr(key.size());
    }
    if (fix.empty() && near)
        fix = plain.word;
    if (!idx->writable) {
        if (idx->corrections.size() >= CACHED_MAX)
            idx->corrections.clear();
        idx->corrections.emplace(std::move(key), fix);
    }
    return fix;
}

/* Everything @word matches, as described above. */
Xapian::Query
word_query(builder &b, const std::string &word, bool title, bool prefix,
           bool correct)
{
    ks_index *idx = b.idx;
    const std::string field = title ? PREFIX_TITLE : "";
    std::vector<Xapian::Query> alternatives;
    std::vector<Xapian::Query> stems;
    char base[KSI_WORD_MAX], folded[2 * KSI_WORD_MAX];

    alternatives.push_back(scaled(Xapian::Query(field + word), WEIGHT_EXACT));
    ksi_fold(word.data(), word.size(), folded);
    if (!title)
        stems.push_back(Xapian::Query(PREFIX_FOLDED + std::string(folded)));
    if (!starts_with_digit(word)) {
        stems.push_back(Xapian::Query(stem_term(idx, field, word)));
        if (ksi_gender_base(word.data(), word.size(), base))
            stems.push_back(Xapian::Query(stem_term(idx, field, base)));
    }
    if (!stems.empty())
        alternatives.push_back(Xapian::Query(Xapian::Query::OP_SYNONYM,
                                             stems.begin(), stems.end()));
    if (!title && !starts_with_digit(word)) {
        Xapian::Query parts = parts_query(idx, word);

        if (!parts.empty())
            alternatives.push_back(scaled(parts, WEIGHT_PARTS));
        alternatives.push_back(scaled(
            Xapian::Query(PREFIX_PART + idx->stem(word)), WEIGHT_PART_OF));
    }
    prefix = prefix && !(b.flags & KS_QUERY_NO_PREFIX);
    if (prefix) {
        /* "Muen" and "Mün" both begin "Münster": the folded form too. */
        std::vector<std::string> terms =
            completions(idx, field + word, field.size());

        if (!title) {
            std::vector<std::string> more =
                completions(idx, PREFIX_FOLDED + std::string(folded),
                            std::strlen(PREFIX_FOLDED));

            terms.insert(terms.end(), more.begin(), more.end());
        }
        if (!terms.empty())
            alternatives.push_back(
                scaled(Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(),
                                     terms.end()),
                       WEIGHT_PREFIX));
    }
    if (correct && !(b.flags & KS_QUERY_NO_TYPOS)
        && letters(word) >= TYPO_MIN_LETTERS && !starts_with_digit(word)
        && !known(idx, word, prefix)) {
        unsigned edits = letters(word) >= TYPO_TWO_EDITS_LETTERS ? 2 : 1;
        std::string fix = corrected(idx, word, edits);

        if (!fix.empty() && fix != word) {
            b.corrections.emplace_back(word, fix);
            alternatives.push_back(
                scaled(word_query(b, fix, title, false, false), WEIGHT_TYPO));
        }
    }
    return any_of(alternatives);
}

/* Words in this order, by stem (which also matches the exact words). */
Xapian::Query
phrase_query(ks_index *idx, const ksi_parsed_query_t &pq, const ksi_clause_t &c)
{
    std::vector<Xapian::Query> words;
    const std::string field = c.title ? PREFIX_TITLE : "";

    for (size_t i = c.first; i < c.first + c.count; i++) {
        std::string w(pq.words[i].word, pq.words[i].len);

        words.push_back(Xapian::Query(
            starts_with_digit(w) ? field + w : stem_term(idx, field, w)));
    }
    if (words.size() == 1)
        return words[0];
    return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end());
}

Xapian::Query
clause_query(builder &b, const ksi_parsed_query_t &pq, const ksi_clause_t &c)
{
    switch (c.kind) {
    case KSI_CLAUSE_WORD:
        return word_query(
            b, std::string(pq.words[c.first].word, pq.words[c.first].len),
            c.title, c.prefix, true);
    case KSI_CLAUSE_PHRASE:
        return phrase_query(b.idx, pq, c);
    case KSI_CLAUSE_HYPHENATED: {
        /* Süd-Ost-Europa: the words in order, or joined into one. */
        std::string joined;

        for (size_t i = c.first; i < c.first + c.count; i++)
            joined.append(pq.words[i].word, pq.words[i].len);
        return Xapian::Query(Xapian::Query::OP_OR, phrase_query(b.idx, pq, c),
                             word_query(b, joined, c.title, false, false));
    }
    case KSI_CLAUSE_FILTER:
        break;
    }
    return Xapian::Query(filter_term(
        b.idx->analysis, c.facet,
        std::string(pq.words[c.first].word, pq.words[c.first].len)));
}

/* Synonyms of the plain words: each run of up to four words that is a
 * phrase of a synonym group also searches the group's other phrases. */
void
add_synonyms(builder &b, const ksi_parsed_query_t &pq,
             const std::vector<size_t> &plain,
             std::vector<Xapian::Query> &should)
{
    const ks_analysis_t *a = b.idx->analysis;

    if (a == nullptr || a->synonyms == nullptr)
        return;
    /* Longest runs first, and no word in two runs. */
    for (size_t i = 0; i < plain.size(); i++) {
        for (size_t n = std::min<size_t>(4, plain.size() - i); n >= 1; n--) {
            std::string phrase;
            const char *const *alts;

            for (size_t k = i; k < i + n; k++) {
                const ksi_clause_t &c = pq.clauses[plain[k]];

                if (!phrase.empty())
                    phrase += ' ';
                /* Hyphens are part of a word in the synonyms file:
                 * KOMM-AN, Nordrhein-Westfalen. */
                for (size_t w = c.first; w < c.first + c.count; w++) {
                    if (w > c.first)
                        phrase += '-';
                    phrase.append(pq.words[w].word, pq.words[w].len);
                }
            }
            alts = ksi_synonyms_lookup(a->synonyms, phrase.c_str());
            if (alts == nullptr)
                continue;
            for (; *alts != nullptr; alts++) {
                ksi_parsed_query_t alt;

                ksi_query_parse(*alts, std::strlen(*alts), &alt);
                std::vector<Xapian::Query> words;
                /* A synonym is searched as written: no prefix, no
                 * correction of a phrase the file spells right. */
                for (size_t k = 0; k < alt.clause_count; k++) {
                    const ksi_clause_t &c = alt.clauses[k];

                    words.push_back(
                        c.kind == KSI_CLAUSE_WORD
                            ? word_query(b,
                                         std::string(alt.words[c.first].word,
                                                     alt.words[c.first].len),
                                         false, false, false)
                            : clause_query(b, alt, c));
                }
                if (words.empty())
                    continue;
                should.push_back(
                    scaled(words.size() == 1
                               ? words[0]
                               : Xapian::Query(Xapian::Query::OP_AND,
                                               words.begin(), words.end()),
                           WEIGHT_SYNONYM));
            }
            i += n - 1;
            break;
        }
    }
}

/* A phone number however it is typed, also among words: "02151 862562",
 * "+49 2151 862562", "Telefon 02151/862562". Runs of digits and the
 * characters that separate them are tried as phone numbers. */
void
add_phone_numbers(const char *text, std::vector<Xapian::Query> &should)
{
    const char *p = text;

    while (*p != '\0') {
        const char *start = p, *end;
        size_t digits = 0;

        while (*p != '\0' && std::strchr("0123456789 +/()-.", *p) != nullptr) {
            digits += *p >= '0' && *p <= '9';
            p++;
        }
        end = p;
        while (start < end && (*start == ' ' || *start == '-'))
            start++;
        while (end > start && (end[-1] == ' ' || end[-1] == '-'))
            end--;
        if (digits >= 6) {
            char national[32], international[32];

            if (ksi_phone_digits(start, static_cast<size_t>(end - start),
                                 national, international, sizeof national))
                should.push_back(scaled(
                    Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(national),
                                  Xapian::Query(international)),
                    WEIGHT_PHONE));
        }
        if (*p != '\0')
            p++;
    }
}

/* The Xapian query for @text and the filters of @q; fills
 * @b.corrections. */
Xapian::Query
build_query(builder &b, const char *text, const ks_query_t *q)
{
    ksi_parsed_query_t pq;
    std::vector<Xapian::Query> should, must, must_not, all_words, near_words;
    std::vector<Xapian::Query> filters[KS_FACET_COUNT];
    std::vector<size_t> plain; // SHOULD words and hyphenated runs, for synonyms
    size_t stop = 0;

    ksi_query_parse(text, std::strlen(text), &pq);
    for (size_t i = 0; i < pq.clause_count; i++) {
        const ksi_clause_t &c = pq.clauses[i];

        if ((c.kind == KSI_CLAUSE_WORD || c.kind == KSI_CLAUSE_HYPHENATED)
            && c.occur == KSI_SHOULD && !c.title) {
            plain.push_back(i);
            stop += c.kind == KSI_CLAUSE_WORD
                    && is_stopword(b.idx, std::string(pq.words[c.first].word,
                                                      pq.words[c.first].len));
        }
    }
    for (size_t i = 0; i < pq.clause_count; i++) {
        const ksi_clause_t &c = pq.clauses[i];
        std::string first(pq.words[c.first].word, pq.words[c.first].len);

        if (c.kind == KSI_CLAUSE_FILTER) {
            filters[c.facet].push_back(clause_query(b, pq, c));
            continue;
        }
        /* Stop words count for nothing, unless the query is all stop
         * words; inside a phrase they stay (phrase_query). */
        if (c.kind == KSI_CLAUSE_WORD && c.occur == KSI_SHOULD && !c.prefix
            && stop < plain.size() && is_stopword(b.idx, first))
            continue;
        Xapian::Query cq = clause_query(b, pq, c);
        switch (c.occur) {
        case KSI_SHOULD:
            should.push_back(cq);
            all_words.push_back(cq);
            if (c.kind == KSI_CLAUSE_WORD && !starts_with_digit(first))
                near_words.push_back(
                    Xapian::Query(stem_term(b.idx, "", first)));
            break;
        case KSI_MUST:
            must.push_back(cq);
            break;
        case KSI_MUST_NOT:
            must_not.push_back(cq);
            break;
        }
    }
    add_synonyms(b, pq, plain, should);
    add_phone_numbers(text, should);

    Xapian::Query query;
    if (!must.empty()) {
        query = Xapian::Query(Xapian::Query::OP_AND, must.begin(), must.end());
        if (!should.empty())
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                                  any_of(should));
    } else {
        query = any_of(should);
    }
    /* Documents with every word, and with the words close together, rank
     * above those with only some: what a search box user expects. */
    if (all_words.size() >= 2 && !query.empty())
        b.all_words = scaled(Xapian::Query(Xapian::Query::OP_AND,
                                           all_words.begin(), all_words.end()),
                             WEIGHT_ALL_WORDS);
    if (near_words.size() >= 2 && !query.empty())
        b.near = scaled(
            Xapian::Query(
                Xapian::Query::OP_NEAR, near_words.begin(), near_words.end(),
                static_cast<Xapian::termcount>(near_words.size() + 2)),
            WEIGHT_NEAR);
    if (!must_not.empty() && !query.empty())
        query =
            Xapian::Query(Xapian::Query::OP_AND_NOT, query, any_of(must_not));
    /* Filters: alternatives within a facet, all facets together. */
    std::vector<Xapian::Query> all_filters;
    for (size_t i = 0; i < q->filter_count; i++)
        filters[q->filters[i].facet].push_back(Xapian::Query(filter_term(
            b.idx->analysis, q->filters[i].facet, q->filters[i].value)));
    for (auto &alternatives : filters) {
        if (!alternatives.empty())
            all_filters.push_back(any_of(alternatives));
    }
    if (q->date_from != nullptr)
        all_filters.push_back(
            Xapian::Query(Xapian::Query::OP_VALUE_GE, SLOT_DATE, q->date_from));
    if (q->date_to != nullptr)
        /* "2021" reaches to the end of 2021: "2021-12-31" < "2021~". */
        all_filters.push_back(Xapian::Query(Xapian::Query::OP_VALUE_LE,
                                            SLOT_DATE,
                                            std::string(q->date_to) + "~"));
    if (query.empty() && pq.clause_count == 0
        && (q->flags & KS_QUERY_MATCH_ALL))
        query = Xapian::Query::MatchAll;
    if (all_filters.empty())
        return query;
    /* No words but filters: every document they let in. */
    if (query.empty()
        && pq.clause_count
               == static_cast<size_t>(
                   std::count_if(pq.clauses, pq.clauses + pq.clause_count,
                                 [](const ksi_clause_t &c) {
                                     return c.kind == KSI_CLAUSE_FILTER;
                                 })))
        query = Xapian::Query::MatchAll;
    return Xapian::Query(Xapian::Query::OP_FILTER, query,
                         Xapian::Query(Xapian::Query::OP_AND,
                                       all_filters.begin(), all_filters.end()));
}

/* The query as typed, with each corrected word replaced. */
std::string
corrected_text(const char *text,
               const std::vector<std::pair<std::string, std::string>> &fixes)
{
    ksi_parsed_query_t pq;
    std::string out;
    const char *p = text;

    ksi_query_parse(text, std::strlen(text), &pq);
    for (size_t i = 0; i < pq.word_count; i++) {
        const ksi_query_word_t &w = pq.words[i];

        for (const auto &fix : fixes) {
            if (fix.first.size() == w.len
                && fix.first.compare(0, w.len, w.word) == 0) {
                const unsigned char *typed =
                    reinterpret_cast<const unsigned char *>(w.start);
                std::string word = fix.second;

                /* Keep the capital the user typed ("Grifbereit" ->
                 * "Griffbereit", "Ubersetzng" -> "Übersetzung"); ä, ö,
                 * ü become Ä, Ö, Ü. */
                bool capital = (typed[0] >= 'A' && typed[0] <= 'Z')
                               || (typed[0] == 0xC3 && typed[1] >= 0x80
                                   && typed[1] <= 0x9E);
                unsigned char second =
                    word.size() > 1 ? static_cast<unsigned char>(word[1]) : 0;

                if (capital && word[0] >= 'a' && word[0] <= 'z')
                    word[0] = static_cast<char>(word[0] - 'a' + 'A');
                else if (capital && static_cast<unsigned char>(word[0]) == 0xC3
                         && second >= 0xA0 && second <= 0xBE && second != 0xB7)
                    word[1] = static_cast<char>(second - 0x20);
                out.append(p, w.start);
                out += word;
                p = w.start + w.span;
                break;
            }
        }
    }
    out += p;
    return out;
}

/* @s (@len bytes) lower-cased where it matters for finding words: ASCII
 * and Ä Ö Ü. The same length, so offsets carry over. */
std::string
lowered(const char *s, size_t len)
{
    std::string out(s, len);
    char *o = &out[0];

    for (size_t i = 0; i < len; i++) {
        unsigned char c = static_cast<unsigned char>(o[i]);

        if (static_cast<unsigned char>(c - 'A') < 26) {
            o[i] = static_cast<char>(c + ('a' - 'A'));
        } else if (c == 0xC3 && i + 1 < len) {
            unsigned char d = static_cast<unsigned char>(o[i + 1]);

            if (d == 0x84 || d == 0x96 || d == 0x9C) {
                o[i + 1] = static_cast<char>(d + 0x20);
                i++;
            }
        }
    }
    return out;
}

/* What of @query a snippet marks, as it begins a word of lower-cased
 * text: the words searched for and their stems; not filters, not
 * title-only terms, not pieces shorter than three bytes. */
std::vector<std::string>
snippet_needles(const std::vector<std::string> &terms)
{
    std::vector<std::string> needles;

    for (std::string t : terms) {
        if (t.empty())
            continue;
        if (t[0] >= 'A' && t[0] <= 'Z') {
            bool stem = t[0] == PREFIX_STEM[0] && t.size() > 1
                        && t[1] != PREFIX_TITLE[0];

            /* A snippet marks words and stems only: a window
             * around a compound's part might hold no mark. */
            if (!stem)
                continue;
            t.erase(0, 1);
        }
        if (t.size() >= 3)
            needles.push_back(t);
    }
    /* Where "ver" begins a word, so may "verwenden": a needle that
     * begins with another finds nothing earlier (the completions of a
     * word being typed are many). */
    std::sort(needles.begin(), needles.end());
    size_t kept = 0;
    for (size_t i = 0; i < needles.size(); i++) {
        if (kept == 0
            || needles[i].compare(0, needles[kept - 1].size(),
                                  needles[kept - 1])
                   != 0)
            needles[kept++] = needles[i];
    }
    needles.resize(kept);
    return needles;
}

/* Whether @at in @text starts a word (not inside one). Before it may
 * stand ASCII that is no letter or digit, or punctuation beyond ASCII:
 * „ “ – (lead byte E2) and « » or a no-break space (C2). */
bool
word_starts(const char *text, size_t at)
{
    size_t lead = at;
    unsigned char c;

    if (at == 0)
        return true;
    c = static_cast<unsigned char>(text[at - 1]);
    if (c < 0x80)
        return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                 || (c >= '0' && c <= '9'));
    do
        lead--;
    while (lead > 0 && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80);
    c = static_cast<unsigned char>(text[lead]);
    return c == 0xC2 || c == 0xE2;
}

/* Whether @text at @at reads @needle (lower case), its ASCII letters and
 * Ä Ö Ü in either case; @needle must fit before @end. */
bool
reads_at(const char *text, size_t at, size_t end, const std::string &needle)
{
    if (needle.size() > end - at)
        return false;
    for (size_t i = 0; i < needle.size(); i++) {
        unsigned char c = static_cast<unsigned char>(text[at + i]);
        unsigned char n = static_cast<unsigned char>(needle[i]);

        if (c == n)
            continue;
        if (static_cast<unsigned char>(c - 'A') < 26 && c + ('a' - 'A') == n)
            continue;
        /* Ä Ö Ü (C3 84, 96, 9C) for ä ö ü (C3 A4, B6, BC). */
        if (i > 0 && static_cast<unsigned char>(text[at + i - 1]) == 0xC3
            && (c == 0x84 || c == 0x96 || c == 0x9C) && c + 0x20 == n)
            continue;
        return false;
    }
    return true;
}

/* Where byte @c next stands in @text from @from on, before @end, or
 * std::string::npos. */
size_t
next_byte(const char *text, size_t from, size_t end, unsigned char c)
{
    const void *p =
        from < end ? std::memchr(text + from, c, end - from) : nullptr;

    return p != nullptr
               ? static_cast<size_t>(static_cast<const char *>(p) - text)
               : std::string::npos;
}

/* Where @needle (lower case, not empty) first begins a word of @text
 * before @end (see reads_at()), or std::string::npos. */
size_t
first_word_reading(const char *text, size_t end, const std::string &needle)
{
    const size_t npos = std::string::npos;
    const unsigned char lower = static_cast<unsigned char>(needle[0]);
    const unsigned char upper = static_cast<unsigned char>(lower - 'a') < 26
                                    ? lower - ('a' - 'A')
                                    : lower;
    /* The next place of the first letter in each case; only the one
     * looked at moves on. */
    size_t at_lower = next_byte(text, 0, end, lower);
    size_t at_upper = upper != lower ? next_byte(text, 0, end, upper) : npos;

    for (;;) {
        size_t at = std::min(at_lower, at_upper);

        if (at == npos)
            return npos;
        if (reads_at(text, at, end, needle) && word_starts(text, at))
            return at;
        if (at == at_lower)
            at_lower = next_byte(text, at + 1, end, lower);
        else
            at_upper = next_byte(text, at + 1, end, upper);
    }
}

/* The part of @text (@len bytes) that a snippet of about @bytes is cut
 * from: from a little before the first word a needle begins, about three
 * times @bytes long, cut at spaces. ksi_snippet() reads and stems every
 * word it is given, so a long page costs per hit what its length costs;
 * the window bounds that. The whole text when it is not much longer;
 * *@head_cut and *@tail_cut say where text was left out.
 *
 * @text may be only the beginning of a longer text (@whole false): then
 * the window is what it is of the whole text, or, where the whole text
 * could give another (no needle in @text, or the window reaching its
 * end), *@more is set and "" returned. */
std::string
snippet_window(const char *text, size_t len, bool whole,
               const std::vector<std::string> &needles, size_t bytes,
               bool *head_cut, bool *tail_cut, bool *more)
{
    const size_t span = 3 * bytes, npos = std::string::npos;
    size_t first = npos, start = 0, end;

    *head_cut = *tail_cut = *more = false;
    if (len <= span + bytes) {
        *more = !whole;
        return whole ? std::string(text, len) : std::string();
    }
    /* The first needle that begins a word, in either case, as far as
     * SCAN_MAX (one that begins before it may end after it). */
    size_t longest = 0;
    for (const std::string &n : needles)
        longest = std::max(longest, n.size());
    const size_t scan_end = std::min(len, SCAN_MAX + longest);
    for (const std::string &n : needles) {
        size_t at = first_word_reading(
            text,
            first == npos ? scan_end : std::min(scan_end, first + n.size()), n);

        if (at < first)
            first = at;
    }
    if (first != npos && first > bytes) {
        start = first - bytes;
        const void *space = std::memchr(text + start, ' ', first - start);

        start =
            space != nullptr
                ? static_cast<size_t>(static_cast<const char *>(space) - text)
                      + 1
                : first;
    }
    /* No match found: the page's beginning, no longer than the
     * snippet, so that the snippet reads as the page starts. */
    if (!whole && first == npos && len < SCAN_MAX) {
        *more = true;
        return std::string();
    }
    end = std::min(len, start + (first == npos ? bytes : span));
    if (end < len) {
        size_t space = end;

        while (space > start + bytes / 2 && text[space] != ' ')
            space--;
        end = space > start + bytes / 2 ? space : end;
    }
    /* Whole UTF-8 characters only. */
    while (start < len
           && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
        start++;
    while (end < len && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        end++;
    /* Only bytes well before its end read: the same as of the whole. */
    if (!whole && end + 4 >= len) {
        *more = true;
        return std::string();
    }
    *head_cut = start > 0;
    *tail_cut = end < len;
    return std::string(text + start, end - start);
}

/* Index list @list of @doc: a filter term per entry and the names in
 * @slot for facets. */
void
add_list(Xapian::Document &xdoc, const ks_analysis_t *analysis,
         const ks_doc_t *doc, ks_list_t list, ks_facet_t facet,
         Xapian::valueno slot)
{
    std::string joined;

    for (size_t i = 0; i < ks_doc_list_count(doc, list); i++) {
        const char *name = ks_doc_list_get(doc, list, i);

        xdoc.add_boolean_term(filter_term(analysis, facet, name));
        if (!joined.empty())
            joined += LIST_SEP;
        joined += name;
    }
    if (!joined.empty())
        xdoc.add_value(slot, joined);
}

/* What load_doc() does with a document's body: the largest part of most
 * documents, and only a snippet needs it of a hit. */
enum class body_mode {
    in_doc, // stored in the document, as ks_index_get() returns it
    lead,   // its lead read into a string of its own (see cut_body()),
            // left out of the document
    none,   // not read at all
};

/* Whether @lead, a body's first value, may have more in SLOT_BODY_REST. */
bool
cut_body(const std::string &lead)
{
    return lead.size() + 3 >= BODY_LEAD_BYTES;
}

/* The stored document of @xdoc, or an error status; its body as @mode
 * says (into *@body for body_mode::lead, else @body may be null). A
 * document written before the body had a slot of its own has it in the
 * document whatever @mode says, and *@body stays empty. A reader takes the
 * head from @idx's head cache when it holds it, and keeps it there. */
ks_status_t
load_doc(ks_index *idx, const Xapian::Document &xdoc, body_mode mode,
         ks_doc_t **out, std::string *body, ks_error_t *err)
{
    std::string own;
    std::string &text = mode == body_mode::lead ? *body : own;

    if (mode != body_mode::none)
        text = xdoc.get_value(SLOT_BODY);
    if (mode == body_mode::in_doc && cut_body(text))
        text += xdoc.get_value(SLOT_BODY_REST);
    /* Written since the body has a slot of its own; before, it is in the
     * data and the slot is empty: such heads are not kept. Without the
     * body read, which of the two is not known: a head is only looked
     * up then. */
    const bool look = !idx->writable;
    const bool keep = look && mode != body_mode::none && !text.empty();
    const Xapian::docid id = xdoc.get_docid();
    const ks_doc_t *known = look ? idx->heads.find(id) : nullptr;
    ks_status_t st;

    if (known != nullptr) {
        *out = ksi_doc_clone(known);
        st = *out != nullptr ? KS_OK
                             : ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    } else {
        std::string data = xdoc.get_data();

        st = ksi_doc_deserialize(data.data(), data.size(), out, err);
        if (st == KS_OK && keep) {
            ks_doc_t *copy = ksi_doc_clone(*out);

            if (copy != nullptr)
                idx->heads.put(id, copy);
        }
    }
    if (st == KS_OK && mode == body_mode::in_doc && !text.empty())
        st = ksi_doc_set_stored(*out, KS_FIELD_BODY, text.data(), text.size(),
                                err);
    if (st != KS_OK) {
        ks_doc_free(*out);
        *out = nullptr;
    }
    return st;
}

} // namespace

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
        } else {
            idx->db = Xapian::Database(path);
        }
        *out = idx.release();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_open_writer(const char *path, unsigned timeout_seconds,
                     void (*waiting)(void *user), void *user, ks_index_t **out,
                     ks_error_t *err)
{
    auto deadline = std::chrono::steady_clock::now()
                    + std::chrono::seconds(timeout_seconds);
    ks_status_t st;

    while ((st = ks_index_open(path, KS_INDEX_WRITE, out, err))
           == KS_ERR_LOCKED) {
        if (std::chrono::steady_clock::now() >= deadline)
            return ks_error_set(err, KS_ERR_LOCKED,
                                "still locked by another writer after %u s; "
                                "try again later or raise [index] "
                                "lock_timeout_seconds",
                                timeout_seconds);
        if (waiting != nullptr) {
            waiting(user);
            waiting = nullptr;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return st;
}

extern "C" void
ks_index_set_analysis(ks_index_t *idx, const ks_analysis_t *analysis)
{
    idx->analysis = analysis;
    idx->own.analysis = analysis;
}

extern "C" void
ks_index_close(ks_index_t *idx)
{
    if (idx == nullptr)
        return;
    try {
        /* An open batch is dropped: it was never committed. */
        if (idx->batch) {
            idx->wdb.cancel_transaction();
        } else if (idx->writable) {
            idx->wdb.commit();
        }
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

        if (moved) {
            idx->completions.clear();
            idx->corrections.clear();
            idx->heads.clear();
        }

        if (changed != nullptr)
            *changed = moved;
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

/* Metadata key of the generation: rebuilds count up. */
static const char GENERATION_KEY[] = "kisearch:generation";

static uint64_t
generation_of(const Xapian::Database &db)
{
    std::string value = db.get_metadata(GENERATION_KEY);

    return value.empty() ? 0 : std::strtoull(value.c_str(), nullptr, 10);
}

extern "C" ks_status_t
ks_index_stats(ks_index_t *idx, uint64_t *doc_count, uint64_t *revision,
               ks_error_t *err)
{
    try {
        if (doc_count != nullptr)
            *doc_count = idx->db.get_doccount();
        /* The generation in the high half: a rebuilt index, which starts
         * again at Xapian revision 1, still counts above the old one. */
        if (revision != nullptr)
            *revision = (generation_of(idx->db) << 32) + idx->db.get_revision();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_generation(ks_index_t *idx, uint64_t *generation, ks_error_t *err)
{
    try {
        *generation = generation_of(idx->db);
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_set_generation(ks_index_t *idx, uint64_t generation, ks_error_t *err)
{
    if (!idx->writable)
        return ks_error_set(err, KS_ERR_INVALID,
                            "the index was opened for reading");
    try {
        idx->wdb.set_metadata(GENERATION_KEY, std::to_string(generation));
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

/* Index a phone number as people type it: "02151 862562", "02151/862562"
 * and "+49 2151 862562" all become the terms "02151862562" and
 * "492151862562". */
static void
add_phone_terms(Xapian::Document &xdoc, const ks_doc_t *doc)
{
    for (size_t i = 0; i < ks_doc_contact_count(doc); i++) {
        ks_contact_kind_t kind;
        const char *value, *person;
        char national[32], international[32];

        ks_doc_contact_get(doc, i, &kind, &value, &person);
        if ((kind == KS_CONTACT_PHONE || kind == KS_CONTACT_FAX)
            && ksi_phone_digits(value, std::strlen(value), national,
                                international, sizeof national)) {
            xdoc.add_term(national);
            xdoc.add_term(international);
        }
    }
}

/* Index @doc, enriched already. */
static ks_status_t prepare(ks_analyser *an, const ks_doc_t *given,
                           const char *source, const char *signature,
                           ks_prepared **out, ks_error_t *err);
static ks_status_t put_prepared(ks_index_t *idx, const ks_prepared &p,
                                bool *replaced, ks_error_t *err);

/* The term of a source. Long paths are hashed: a term holds at most 245
 * bytes. */
static std::string
source_term(const char *source)
{
    size_t len = std::strlen(source);
    char hashed[24];

    if (len <= 200)
        return PREFIX_SOURCE + std::string(source, len);
    snprintf(hashed, sizeof hashed, "#%016llx",
             static_cast<unsigned long long>(ksi_hash(source, len)));
    return PREFIX_SOURCE + std::string(source, 180) + hashed;
}

extern "C" ks_status_t
ks_index_put(ks_index_t *idx, const ks_doc_t *given, bool *replaced,
             ks_error_t *err)
{
    return ks_index_put_source(idx, given, nullptr, nullptr, replaced, err);
}

extern "C" ks_status_t
ks_index_put_source(ks_index_t *idx, const ks_doc_t *given, const char *source,
                    const char *signature, bool *replaced, ks_error_t *err)
{
    ks_prepared *p = nullptr;
    ks_status_t st;

    if (!idx->writable)
        return ks_error_set(err, KS_ERR_INVALID,
                            "the index was opened for reading");
    st = prepare(&idx->own, given, source, signature, &p, err);
    if (st == KS_OK)
        st = put_prepared(idx, *p, replaced, err);
    delete p;
    return st;
}

extern "C" ks_status_t
ks_analyser_new(const ks_analysis_t *analysis, ks_analyser_t **out,
                ks_error_t *err)
{
    *out = nullptr;
    try {
        ks_analyser *an = new ks_analyser;

        an->analysis = analysis;
        *out = an;
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" void
ks_analyser_free(ks_analyser_t *an)
{
    delete an;
}

extern "C" ks_status_t
ks_analyser_prepare(ks_analyser_t *an, const ks_doc_t *doc, const char *source,
                    const char *signature, ks_prepared_t **out, ks_error_t *err)
{
    return prepare(an, doc, source, signature, out, err);
}

extern "C" const char *
ks_prepared_id(const ks_prepared_t *p)
{
    return p->id.c_str();
}

extern "C" void
ks_prepared_free(ks_prepared_t *p)
{
    delete p;
}

extern "C" ks_status_t
ks_index_put_prepared(ks_index_t *idx, const ks_prepared_t *p, bool *replaced,
                      ks_error_t *err)
{
    return put_prepared(idx, *p, replaced, err);
}

/* Turn the enriched @doc into @p: its terms, values and stored form. */
static ks_status_t
prepare_enriched(ks_analyser *an, const ks_doc_t *doc, const char *source,
                 const char *signature, ks_prepared &p, ks_error_t *err)
{
    const char *id = ks_doc_get(doc, KS_FIELD_ID);
    const char *title = ks_doc_get(doc, KS_FIELD_TITLE);
    const char *body = ks_doc_get(doc, KS_FIELD_BODY);
    const char *type = ks_doc_get(doc, KS_FIELD_TYPE);
    const char *date = ks_doc_get(doc, KS_FIELD_DATE);
    const char *lang = ks_doc_get(doc, KS_FIELD_LANG);
    std::vector<const std::string *> changed;
    Xapian::Document &xdoc = p.xdoc;
    Xapian::termpos pos = 1;
    size_t data_len = 0;
    char *data;

    /* The cache starts over between documents, never inside one. */
    if (an->words.size() >= WORD_CACHE_MAX)
        an->words.clear();
    p.id = id;
    p.id_term = std::string(PREFIX_ID) + id;
    if (title != nullptr)
        pos = index_field(an, changed, xdoc, title, pos, TITLE_WDF, true)
              + FIELD_GAP;
    if (body != nullptr)
        index_field(an, changed, xdoc, body, pos, 1, false);
    xdoc.add_boolean_term(p.id_term);
    if (type != nullptr) {
        xdoc.add_boolean_term(std::string(PREFIX_TYPE) + type);
        xdoc.add_value(SLOT_TYPE, type);
    }
    if (date != nullptr) {
        xdoc.add_value(SLOT_DATE, date);
        xdoc.add_value(SLOT_YEAR, std::string(date, 4));
        xdoc.add_boolean_term(PREFIX_YEAR + std::string(date, 4));
    }
    if (lang != nullptr)
        xdoc.add_boolean_term(std::string(PREFIX_LANG) + lang);
    add_list(xdoc, an->analysis, doc, KS_LIST_CENTRES, KS_FACET_CENTRE,
             SLOT_CENTRES);
    add_list(xdoc, an->analysis, doc, KS_LIST_PROJECTS, KS_FACET_PROJECT,
             SLOT_PROJECTS);
    add_phone_terms(xdoc, doc);
    if (source != nullptr) {
        xdoc.add_boolean_term(source_term(source));
        if (signature != nullptr)
            xdoc.add_value(SLOT_SIGNATURE, signature);
    }
    data = ksi_doc_serialize(doc, &data_len);
    if (data == nullptr)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    /* The head (every field but the body) is the document's data, the
     * body a value of its own: Xapian compresses document data, and
     * inflating a long body for every hit shown cost more than the
     * search. Values are stored as they are. */
    const char *newline =
        static_cast<const char *>(std::memchr(data, '\n', data_len));
    if (newline == nullptr) {
        xdoc.set_data(std::string(data, data_len));
    } else {
        size_t head_len = static_cast<size_t>(newline - data);

        xdoc.set_data(std::string(data, head_len));
        if (data_len > head_len + 1) {
            const char *body = newline + 1;
            size_t body_len = data_len - head_len - 1, lead = body_len;

            /* A long body in two, between whole characters. */
            if (body_len > BODY_LEAD_BYTES) {
                lead = BODY_LEAD_BYTES;
                while ((static_cast<unsigned char>(body[lead]) & 0xC0) == 0x80)
                    lead--;
                xdoc.add_value(SLOT_BODY_REST,
                               std::string(body + lead, body_len - lead));
            }
            xdoc.add_value(SLOT_BODY, std::string(body, lead));
        }
    }
    std::free(data);
    /* Written forms this analyser has not handed on yet. */
    for (const std::string *word : changed) {
        word_analysis &a = an->words.at(*word);
        const std::string &form = written_form(*word, a);

        if (form != a.recorded) {
            p.forms.emplace_back(written_key(*word, a), form);
            a.recorded = form;
        }
        a.pending = false;
    }
    return KS_OK;
}

/* Write @p into @idx (no commit). */
static ks_status_t
put_prepared(ks_index_t *idx, const ks_prepared &p, bool *replaced,
             ks_error_t *err)
{
    if (!idx->writable)
        return ks_error_set(err, KS_ERR_INVALID,
                            "the index was opened for reading");
    try {
        for (const auto &form : p.forms)
            idx->wdb.set_metadata(form.first, form.second);
        if (replaced != nullptr)
            *replaced = idx->wdb.term_exists(p.id_term);
        idx->wdb.replace_document(p.id_term, p.xdoc);
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

/* Check @given, and enrich a copy of it and prepare that into *@out (new,
 * delete it). The caller's document stays as given. */
static ks_status_t
prepare(ks_analyser *an, const ks_doc_t *given, const char *source,
        const char *signature, ks_prepared **out, ks_error_t *err)
{
    ks_doc_t *doc;
    ks_status_t st;

    *out = nullptr;
    if (source != nullptr && source[0] == '\0')
        return ks_error_set(err, KS_ERR_INVALID, "empty source");
    if (ks_doc_get(given, KS_FIELD_ID) == nullptr)
        return ks_error_set(err, KS_ERR_INVALID, "the document has no id");
    /* What the document does not say is read from its text. */
    doc = ksi_doc_clone(given);
    if (doc == nullptr)
        return ks_error_set(err, KS_ERR_NOMEM, "out of memory");
    st = ksi_enrich(doc, an->analysis, err);
    if (st == KS_OK) {
        try {
            std::unique_ptr<ks_prepared> p(new ks_prepared);

            st = prepare_enriched(an, doc, source, signature, *p, err);
            if (st == KS_OK)
                *out = p.release();
        } catch (...) {
            st = status_from_exception(err);
        }
    }
    ks_doc_free(doc);
    return st;
}

extern "C" ks_status_t
ks_index_source_signature(ks_index_t *idx, const char *source, char *out,
                          size_t size, bool *found, ks_error_t *err)
{
    try {
        std::string term = source_term(source);
        Xapian::PostingIterator it = idx->db.postlist_begin(term);

        *found = it != idx->db.postlist_end(term);
        if (size > 0)
            snprintf(out, size, "%s",
                     *found ? idx->db.get_document(*it)
                                  .get_value(SLOT_SIGNATURE)
                                  .c_str()
                            : "");
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_prune_source(ks_index_t *idx, const char *source,
                      const char *const *keep, size_t keep_count,
                      size_t *removed, ks_error_t *err)
{
    if (!idx->writable)
        return ks_error_set(err, KS_ERR_INVALID,
                            "the index was opened for reading");
    try {
        std::string term = source_term(source);
        std::vector<std::string> kept;
        std::vector<Xapian::docid> gone;

        for (size_t i = 0; i < keep_count; i++)
            kept.push_back(std::string(PREFIX_ID) + keep[i]);
        std::sort(kept.begin(), kept.end());
        for (auto it = idx->wdb.postlist_begin(term);
             it != idx->wdb.postlist_end(term); ++it) {
            Xapian::Document xdoc = idx->wdb.get_document(*it);
            auto t = xdoc.termlist_begin();

            /* Its id term: the one "Q" term. */
            t.skip_to(PREFIX_ID);
            if (t == xdoc.termlist_end() || (*t).rfind(PREFIX_ID, 0) != 0
                || !std::binary_search(kept.begin(), kept.end(), *t))
                gone.push_back(*it);
        }
        for (Xapian::docid id : gone)
            idx->wdb.delete_document(id);
        if (removed != nullptr)
            *removed = gone.size();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_each_source(ks_index_t *idx, bool (*cb)(void *, const char *),
                     void *user, ks_error_t *err)
{
    try {
        for (auto t = idx->db.allterms_begin(PREFIX_SOURCE);
             t != idx->db.allterms_end(PREFIX_SOURCE); ++t) {
            std::string source = (*t).substr(std::strlen(PREFIX_SOURCE));

            if (!cb(user, source.c_str()))
                break;
        }
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
        if (idx->batch) {
            idx->batch = false;
            idx->wdb.commit_transaction();
        } else {
            idx->wdb.commit();
        }
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_begin(ks_index_t *idx, ks_error_t *err)
{
    if (!idx->writable || idx->batch)
        return ks_error_set(err, KS_ERR_INVALID,
                            idx->batch ? "a batch is open already"
                                       : "the index was opened for reading");
    try {
        idx->wdb.begin_transaction(true);
        idx->batch = true;
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_cancel(ks_index_t *idx, ks_error_t *err)
{
    if (!idx->batch)
        return KS_OK;
    try {
        /* The written forms handed on in the batch are gone with it: the
         * analyser must hand them on again. */
        idx->own.words.clear();
        idx->batch = false;
        idx->wdb.cancel_transaction();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_delete(ks_index_t *idx, const char *id, bool *found, ks_error_t *err)
{
    if (!idx->writable)
        return ks_error_set(err, KS_ERR_INVALID,
                            "the index was opened for reading");
    try {
        std::string id_term = std::string(PREFIX_ID) + id;
        bool exists = idx->wdb.term_exists(id_term);

        if (exists)
            idx->wdb.delete_document(id_term);
        if (found != nullptr)
            *found = exists;
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
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
        return load_doc(idx, idx->db.get_document(*it), body_mode::in_doc, out,
                        nullptr, err);
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" ks_status_t
ks_index_search(ks_index_t *idx, const ks_query_t *query, ks_results_t **out,
                ks_error_t *err)
{
    const char *typed = query->text != nullptr ? query->text : "";

    *out = nullptr;
    if (!ks_utf8_valid(typed, std::strlen(typed)))
        return ks_error_set(err, KS_ERR_INVALID,
                            "the query is not valid UTF-8 text");
    if ((query->date_from != nullptr && !ks_date_valid(query->date_from))
        || (query->date_to != nullptr && !ks_date_valid(query->date_to)))
        return ks_error_set(err, KS_ERR_INVALID,
                            "dates must be YYYY, YYYY-MM or YYYY-MM-DD");
    for (size_t i = 0; i < query->filter_count; i++) {
        if (static_cast<int>(query->filters[i].facet) < 0
            || query->filters[i].facet >= KS_FACET_COUNT
            || query->filters[i].value == nullptr)
            return ks_error_set(err, KS_ERR_INVALID, "bad filter %zu", i);
    }
    try {
        std::unique_ptr<ks_results> res(new ks_results);
        std::vector<std::unique_ptr<FacetSpy>> spies(KS_FACET_COUNT);
        Xapian::Enquire enquire(idx->db);
        Xapian::MSet mset;
        Xapian::doccount check = CHECK_AT_LEAST;
        builder b{idx, query->flags, {}, Xapian::Query(), Xapian::Query()};
        char *normal = nullptr;
        size_t normal_len = 0;

        /* The query is normalised as the documents were (NFC, no soft
         * hyphens), then parsed and expanded. */
        if (ksi_normalize(typed, std::strlen(typed), &normal, &normal_len, err)
            != KS_OK)
            return err != nullptr ? err->code : KS_ERR_INVALID;
        std::string text(normal, normal_len);
        std::free(normal);
        enquire.set_query(build_query(b, text.c_str(), query));
        if (query->sort == KS_SORT_DATE)
            enquire.set_sort_by_value_then_relevance(SLOT_DATE, true);
        /* Facets count over every match, not just the page shown. */
        for (int f = 0; f < KS_FACET_COUNT; f++) {
            if (!(query->facets & (1u << f))
                || facet_slots[f] == Xapian::BAD_VALUENO)
                continue;
            spies[f].reset(new FacetSpy(facet_slots[f]));
            enquire.add_matchspy(spies[f].get());
            check = std::max(check, idx->db.get_doccount());
        }
        if (!b.corrections.empty())
            res->suggestion = corrected_text(text.c_str(), b.corrections);
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
        /* Ranked by date, the bonuses only break ties: every word
         * counts, nearness is left out. */
        if (query->sort == KS_SORT_DATE && !b.all_words.empty())
            enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                                            enquire.get_query(), b.all_words));
        if (query->sort == KS_SORT_DATE || query->limit == 0)
            b.near = b.all_words = Xapian::Query();
        const bool rerank = !b.near.empty() || !b.all_words.empty();
        const Xapian::doccount offset =
            static_cast<Xapian::doccount>(query->offset);
        const Xapian::doccount limit =
            static_cast<Xapian::doccount>(query->limit);
        /* The best matches without the bonuses; with them, from the
         * first and at least the BONUS_WINDOW best. */
        mset = !rerank ? enquire.get_mset(offset, limit, check)
                       : enquire.get_mset(
                           0, std::max(BONUS_WINDOW, offset + limit), check);
        res->total = mset.get_matches_estimated();
        res->exact =
            mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        for (int f = 0; f < KS_FACET_COUNT; f++) {
            if (spies[f])
                res->facets[f] = spies[f]->sorted();
        }
        /* The hits of the page with their scores. */
        std::vector<std::pair<Xapian::MSetIterator, double>> page;
        if (!rerank) {
            for (auto it = mset.begin(); it != mset.end(); ++it)
                page.emplace_back(it, it.get_weight());
        } else {
            /* The BONUS_WINDOW best again, with the bonuses added to
             * their weights: Xapian weighs a term alone as it does within
             * a larger query, so they rank as one query of both ranks
             * them (on the 100k bench index the same top ten for 452 of
             * 453 queries), while only the bonuses are worked out again,
             * not the whole query. Below them the order stays, and so
             * every page continues the one before. */
            Xapian::doccount in_window = std::min(BONUS_WINDOW, mset.size());

            if (offset < in_window) {
                std::vector<Xapian::docid> ids;
                std::vector<Xapian::Query> bonuses;
                std::unordered_map<Xapian::docid, double> bonus;
                std::vector<std::pair<Xapian::MSetIterator, double>> best;

                for (Xapian::doccount i = 0; i < in_window; i++)
                    ids.push_back(*mset[i]);
                DocSet window(std::move(ids));
                for (const Xapian::Query *q : {&b.all_words, &b.near}) {
                    if (!q->empty())
                        bonuses.push_back(*q);
                }
                Xapian::Enquire again(idx->db);
                again.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                              any_of(bonuses),
                                              Xapian::Query(&window)));
                Xapian::MSet extra = again.get_mset(0, in_window);
                for (auto it = extra.begin(); it != extra.end(); ++it)
                    bonus[*it] = it.get_weight();
                for (Xapian::doccount i = 0; i < in_window; i++) {
                    Xapian::MSetIterator it = mset[i];
                    auto found = bonus.find(*it);

                    best.emplace_back(
                        it, it.get_weight()
                                + (found != bonus.end() ? found->second : 0.0));
                }
                /* Stable: equal scores keep the order of the first pass,
                 * as Xapian orders them (by document id). */
                std::stable_sort(
                    best.begin(), best.end(),
                    [](const std::pair<Xapian::MSetIterator, double> &x,
                       const std::pair<Xapian::MSetIterator, double> &y) {
                        return x.second > y.second;
                    });
                for (Xapian::doccount i = offset;
                     i < in_window && i < offset + limit; i++)
                    page.push_back(best[i]);
            }
            for (Xapian::doccount i = std::max(offset, in_window);
                 i < mset.size() && i < offset + limit; i++)
                page.emplace_back(mset[i], mset[i].get_weight());
        }
        res->hits.reserve(page.size());
        std::vector<std::string> needles;
        /* Snippets stem only what may match; anything else stems as
         * always once the hits are done, however they end. */
        struct stem_all_after {
            memo_stem *stems;
            ~stem_all_after()
            {
                stems->all_initials();
            }
        } stem_all_after{idx->stems};
        ksi_snippet_terms snippet_terms;
        if (query->snippet_bytes > 0) {
            /* The query's terms, once: Xapian sorts them out of the
             * whole query tree every time it is asked. */
            const Xapian::Query q = enquire.get_query();
            const std::vector<std::string> terms(q.get_unique_terms_begin(),
                                                 q.get_unique_terms_end());

            needles = snippet_needles(terms);
            idx->stems->only_initials(terms);
            ksi_snippet_terms_of(terms, mset, idx->db, &snippet_terms);
        }
        for (auto &hit : page) {
            const Xapian::MSetIterator &it = hit.first;

            res->hits.push_back({nullptr, hit.second, std::string()});
            ks_results::hit &h = res->hits.back();
            const Xapian::Document xdoc = it.get_document();
            std::string body;
            ks_status_t st = load_doc(
                idx, xdoc,
                query->snippet_bytes > 0 ? body_mode::lead : body_mode::none,
                &h.doc, &body, err);

            if (st != KS_OK)
                return st;
            if (query->snippet_bytes > 0) {
                const char *snippet_text = body.c_str();
                size_t snippet_len = body.size();
                bool whole = !cut_body(body);

                /* The body's lead, else (an older index) the body in the
                 * document, else the title. */
                if (body.empty()) {
                    snippet_text = ks_doc_get(h.doc, KS_FIELD_BODY);
                    if (snippet_text == nullptr)
                        snippet_text = ks_doc_get(h.doc, KS_FIELD_TITLE);
                    snippet_len =
                        snippet_text != nullptr ? std::strlen(snippet_text) : 0;
                }
                if (snippet_text != nullptr) {
                    bool head_cut, tail_cut, more;
                    std::string text = snippet_window(
                        snippet_text, snippet_len, whole, needles,
                        query->snippet_bytes, &head_cut, &tail_cut, &more);

                    /* The lead was not enough: the whole body. */
                    if (more) {
                        body += xdoc.get_value(SLOT_BODY_REST);
                        text = snippet_window(body.data(), body.size(), true,
                                              needles, query->snippet_bytes,
                                              &head_cut, &tail_cut, &more);
                    }
                    h.snippet = ksi_snippet(text.data(), text.size(),
                                            query->snippet_bytes, snippet_terms,
                                            idx->stem, head_cut, tail_cut);
                }
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

extern "C" const char *
ks_results_suggestion(const ks_results_t *res)
{
    return res->suggestion.empty() ? nullptr : res->suggestion.c_str();
}

extern "C" size_t
ks_results_facet_size(const ks_results_t *res, ks_facet_t facet)
{
    if (static_cast<int>(facet) < 0 || facet >= KS_FACET_COUNT)
        return 0;
    return res->facets[facet].size();
}

extern "C" void
ks_results_facet_get(const ks_results_t *res, ks_facet_t facet, size_t i,
                     const char **value, uint64_t *count)
{
    *value = res->facets[facet][i].first.c_str();
    *count = res->facets[facet][i].second;
}

extern "C" ks_status_t
ks_index_count(ks_index_t *idx, ks_facet_t facet, const char *value,
               uint64_t *count, ks_error_t *err)
{
    if (static_cast<int>(facet) < 0 || facet >= KS_FACET_COUNT)
        return ks_error_set(err, KS_ERR_INVALID, "unknown facet");
    try {
        *count = idx->db.get_termfreq(filter_term(idx->analysis, facet, value));
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

/* ---- Completions ------------------------------------------------------
 *
 * Three sources, ranked in this order: names of projects and centres
 * (from the analysis tables), the typed text with its last word completed
 * (from the written forms the writer records as metadata, most frequent
 * word first), and titles of documents holding the typed words (a small
 * search over title terms).
 */

struct ks_suggestions {
    struct entry {
        std::string text;
        ks_suggest_kind_t kind;
        std::string key; // slug or document id; empty for words
        std::string url; // titles only
        uint64_t count;
    };
    std::vector<entry> entries;
};

namespace {

/* Keys read for one completion at most: bounds the work for a short,
 * common prefix on a large index. */
const unsigned SUGGEST_SCAN_MAX = 4000;

/* The typed text, read once for every source. */
struct typed_text {
    std::vector<std::string> words;  // lower-cased
    std::vector<std::string> folded; // each folded as search folds
    std::string head;                // the text before the last word, as typed
    bool last_open;         // the last word may still grow (no space after)
    bool corrected = false; // the last word is a spelling correction
};

bool
on_suggest_token(void *user, const ksi_token_t *tok)
{
    auto *pair = static_cast<std::pair<typed_text *, const char *> *>(user);
    typed_text &t = *pair->first;
    char folded[2 * KSI_WORD_MAX];

    t.words.emplace_back(tok->word, tok->word_len);
    t.folded.emplace_back(folded, ksi_fold(tok->word, tok->word_len, folded));
    t.head.assign(pair->second, static_cast<size_t>(tok->start - pair->second));
    return t.words.size() < KSI_QUERY_WORDS_MAX;
}

/* Fold @text's words as search does: "Güler-Str." -> {"guler", "str"}. */
std::vector<std::string>
folded_words(const char *text)
{
    typed_text t;
    std::pair<typed_text *, const char *> user(&t, text);

    ksi_tokenize(text, std::strlen(text), on_suggest_token, &user);
    return t.folded;
}

bool
starts_with(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

/* Whether every typed word begins a word of @name: "griff" and "rucksack
 * ki" name "Griffbereit" and "Rucksack KiTa". */
bool
name_matches(const typed_text &t, const char *name)
{
    std::vector<std::string> words = folded_words(name);

    for (const std::string &typed : t.folded) {
        bool found = false;

        for (const std::string &w : words)
            found = found || starts_with(w, typed);
        if (!found)
            return false;
    }
    return true;
}

/* Names of projects and centres that the typed words begin, the ones
 * with the most documents first. */
void
suggest_names(ks_index *idx, const typed_text &t, const char *centre,
              std::vector<ks_suggestions::entry> &out)
{
    static const struct {
        ks_list_t list;
        ks_suggest_kind_t kind;
        const char *prefix;
    } lists[] = {{KS_LIST_PROJECTS, KS_SUGGEST_PROJECT, PREFIX_PROJECT},
                 {KS_LIST_CENTRES, KS_SUGGEST_CENTRE, PREFIX_CENTRE}};
    std::vector<ks_suggestions::entry> found;

    for (const auto &l : lists) {
        for (size_t i = 0; i < ks_analysis_entry_count(idx->analysis, l.list);
             i++) {
            const char *name, *slug;
            uint64_t count;

            ks_analysis_entry(idx->analysis, l.list, i, &name, &slug, nullptr);
            if (l.kind == KS_SUGGEST_CENTRE && centre != nullptr
                && std::strcmp(slug, centre) != 0)
                continue;
            if (!name_matches(t, name))
                continue;
            /* A name nothing in the index mentions finds nothing. */
            count = idx->db.get_termfreq(l.prefix + std::string(slug));
            if (count > 0)
                found.push_back({name, l.kind, slug, "", count});
        }
    }
    std::stable_sort(
        found.begin(), found.end(),
        [](const ks_suggestions::entry &a, const ks_suggestions::entry &b) {
            return a.count > b.count;
        });
    out.insert(out.end(), found.begin(), found.end());
}

/* @word written out without umlauts: "güler" -> "gueler". */
std::string
umlauts_spelt_out(const std::string &word)
{
    std::string out;

    for (size_t i = 0; i < word.size(); i++) {
        unsigned char c = static_cast<unsigned char>(word[i]);
        unsigned char d =
            i + 1 < word.size() ? static_cast<unsigned char>(word[i + 1]) : 0;

        if (c == 0xC3 && (d == 0xA4 || d == 0xB6 || d == 0xBC || d == 0x9F)) {
            out += d == 0xA4   ? "ae"
                   : d == 0xB6 ? "oe"
                   : d == 0xBC ? "ue"
                               : "ss";
            i++;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

/* The typed text with its last word completed to words of the index. A
 * word that begins as typed (with umlauts or spelt out) ranks above one
 * that only folds to it ("gue": Güler before gut); then the more
 * documents have it, the higher. */
void
suggest_words(ks_index *idx, const typed_text &t,
              std::vector<ks_suggestions::entry> &out, size_t want)
{
    struct candidate {
        std::string form;
        uint64_t count;
        bool literal;
    };
    std::vector<candidate> found;
    const std::string &typed = t.words.back();
    std::string key = WRITTEN_KEY + t.folded.back();
    unsigned scanned = 0;

    if (!(t.last_open || t.corrected) || letters(typed) < 2)
        return;
    for (auto it = idx->db.metadata_keys_begin(key);
         it != idx->db.metadata_keys_end(key) && scanned < SUGGEST_SCAN_MAX;
         ++it, scanned++) {
        const std::string &k = *it;
        size_t sep = k.find(LIST_SEP);
        std::string word;
        uint64_t count;

        if (sep == std::string::npos)
            continue;
        word = k.substr(sep + 1);
        /* The word as typed is no completion; as corrected it is. */
        if ((word == typed && !t.corrected) || is_stopword(idx, word))
            continue;
        count = idx->db.get_termfreq(word);
        if (count == 0) // every document with it was deleted
            continue;
        found.push_back({idx->db.get_metadata(k), count,
                         starts_with(word, typed)
                             || starts_with(umlauts_spelt_out(word), typed)});
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const candidate &a, const candidate &b) {
                         if (a.literal != b.literal)
                             return a.literal;
                         if (a.count != b.count)
                             return a.count > b.count;
                         /* "Gütersloh" before "guetersloh": the form
                          * with umlauts or a capital reads better. */
                         return a.form < b.form;
                     });
    /* One form per folded word: "Gütersloh", not also "guetersloh". */
    std::set<std::string> seen;
    for (size_t i = 0; i < found.size() && out.size() < want; i++) {
        std::vector<std::string> key = folded_words(found[i].form.c_str());

        if (key.size() == 1 && !seen.insert(key[0]).second)
            continue;
        out.push_back(
            {t.head + found[i].form, KS_SUGGEST_WORD, "", "", found[i].count});
    }
}

/* Titles that hold the typed words, the last one maybe begun. */
ks_status_t
suggest_titles(ks_index *idx, const typed_text &t, const char *centre,
               std::vector<ks_suggestions::entry> &out, size_t want,
               ks_error_t *err)
{
    std::vector<Xapian::Query> all;
    Xapian::Enquire enquire(idx->db);
    Xapian::Query query;

    for (size_t i = 0; i < t.words.size(); i++) {
        const std::string &w = t.words[i];
        std::vector<Xapian::Query> any;

        if (is_stopword(idx, w) && i + 1 < t.words.size())
            continue;
        any.emplace_back(PREFIX_TITLE + w);
        if (!starts_with_digit(w))
            any.emplace_back(PREFIX_STEM + std::string(PREFIX_TITLE)
                             + idx->stem(w));
        if (i + 1 == t.words.size() && t.last_open && letters(w) >= 2) {
            std::string prefix = PREFIX_TITLE + w;
            unsigned n = 0;

            for (auto it = idx->db.allterms_begin(prefix);
                 it != idx->db.allterms_end(prefix) && n < PREFIX_EXPANSIONS;
                 ++it, n++)
                any.emplace_back(*it);
        }
        all.push_back(any_of(any));
    }
    if (all.empty())
        return KS_OK;
    query = Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
    if (centre != nullptr)
        query =
            Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(PREFIX_CENTRE + std::string(centre)));
    enquire.set_query(query);
    Xapian::MSet mset =
        enquire.get_mset(0, static_cast<Xapian::doccount>(want));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        ks_doc_t *doc = nullptr;
        ks_status_t st = load_doc(idx, it.get_document(), body_mode::none, &doc,
                                  nullptr, err);
        const char *title, *id, *url;

        if (st != KS_OK)
            return st;
        title = ks_doc_get(doc, KS_FIELD_TITLE);
        id = ks_doc_get(doc, KS_FIELD_ID);
        url = ks_doc_get(doc, KS_FIELD_URL);
        if (title != nullptr)
            out.push_back(
                {title, KS_SUGGEST_TITLE, id ? id : "", url ? url : "", 0});
        ks_doc_free(doc);
    }
    return KS_OK;
}

} // namespace

extern "C" ks_status_t
ks_index_suggest(ks_index_t *idx, const char *text, const char *centre,
                 unsigned limit, ks_suggestions_t **out, ks_error_t *err)
{
    *out = nullptr;
    if (text == nullptr || !ks_utf8_valid(text, std::strlen(text)))
        return ks_error_set(err, KS_ERR_INVALID, "the text is not UTF-8");
    if (limit < 1 || limit > KS_SUGGEST_MAX)
        return ks_error_set(err, KS_ERR_INVALID, "limit must be from 1 to %d",
                            KS_SUGGEST_MAX);
    try {
        std::unique_ptr<ks_suggestions> res(new ks_suggestions);
        std::vector<ks_suggestions::entry> names, words, titles;
        std::set<std::string> seen;
        char *normal = nullptr;
        size_t normal_len = 0;
        typed_text t;

        if (ksi_normalize(text, std::strlen(text), &normal, &normal_len, err)
            != KS_OK)
            return err != nullptr ? err->code : KS_ERR_INVALID;
        std::string s(normal, normal_len);
        std::free(normal);
        std::pair<typed_text *, const char *> user(&t, s.c_str());
        ksi_tokenize(s.c_str(), s.size(), on_suggest_token, &user);
        if (t.words.empty()) {
            *out = res.release();
            return KS_OK;
        }
        t.last_open =
            !s.empty()
            && !std::isspace(static_cast<unsigned char>(s[s.size() - 1]));
        suggest_names(idx, t, centre, names);
        suggest_words(idx, t, words, limit);
        /* Nothing begins so: maybe a typo ("Grifbereit"). Complete the
         * corrected word instead. */
        if (names.empty() && words.empty()
            && letters(t.words.back()) >= TYPO_MIN_LETTERS) {
            std::string fixed = corrected(
                idx, t.words.back(),
                letters(t.words.back()) >= TYPO_TWO_EDITS_LETTERS ? 2 : 1);
            char folded[2 * KSI_WORD_MAX];

            if (!fixed.empty() && fixed.size() < KSI_WORD_MAX) {
                t.words.back() = fixed;
                t.folded.back().assign(
                    folded, ksi_fold(fixed.data(), fixed.size(), folded));
                suggest_names(idx, t, centre, names);
                t.corrected = true;
                suggest_words(idx, t, words, limit);
            }
        }
        ks_status_t st = suggest_titles(idx, t, centre, titles, 3, err);
        if (st != KS_OK)
            return st;
        /* Names first (at most 3), titles last (at most 2 while words
         * fill the rest), words between. */
        if (names.size() > 3)
            names.resize(3);
        size_t title_room = std::min<size_t>(titles.size(), 2);
        for (auto *list : {&names, &words, &titles}) {
            for (auto &e : *list) {
                size_t room = limit - res->entries.size();

                if (room == 0)
                    break;
                if (list == &words && room <= title_room)
                    break;
                if (!seen.insert(lowered(e.text.data(), e.text.size())).second)
                    continue;
                res->entries.push_back(std::move(e));
            }
        }
        *out = res.release();
        return KS_OK;
    } catch (...) {
        return status_from_exception(err);
    }
}

extern "C" void
ks_suggestions_free(ks_suggestions_t *s)
{
    delete s;
}

extern "C" size_t
ks_suggestions_count(const ks_suggestions_t *s)
{
    return s->entries.size();
}

extern "C" void
ks_suggestions_get(const ks_suggestions_t *s, size_t i, const char **text,
                   ks_suggest_kind_t *kind, const char **key, uint64_t *count)
{
    const ks_suggestions::entry &e = s->entries[i];

    *text = e.text.c_str();
    *kind = e.kind;
    *key = e.key.empty() ? nullptr : e.key.c_str();
    *count = e.count;
}

extern "C" const char *
ks_suggestions_url(const ks_suggestions_t *s, size_t i)
{
    return s->entries[i].url.empty() ? nullptr : s->entries[i].url.c_str();
}
