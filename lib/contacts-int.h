/*
 * What index-time extraction reads out of a page's plain text: contacts
 * (phone, fax, e-mail, postal address, and the person beside them), the
 * date the text supports, the document type, and labels glued to their
 * values by a careless HTML-to-text step. Inside lib/ only.
 *
 * Every function here reads UTF-8 plain text with lines, as the
 * extractors produce it, never allocates unless it says so, keeps no
 * state between calls and is safe to call from any thread.
 */
#ifndef KISEARCH_CONTACTS_INT_H
#define KISEARCH_CONTACTS_INT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    KSI_CONTACT_PHONE,
    KSI_CONTACT_FAX,
    KSI_CONTACT_EMAIL,
    KSI_CONTACT_ADDRESS
} ksi_contact_kind_t;

/* Longest value and person kept, in bytes with the NUL; longer ones are
 * not contacts but prose caught by accident, and are dropped. */
#define KSI_CONTACT_VALUE_MAX  160
#define KSI_CONTACT_PERSON_MAX 96

typedef struct ksi_contact {
    ksi_contact_kind_t kind;
    /* Phone and fax: the number in national form with one space after
     * the area code, "02151 862562" (+49 2151 ... gives 02151 ...).
     * E-mail: the real address, "s.safarpour@krefeld.de", also where the
     * page wrote "s.safarpour [at] krefeld.de"; the domain is lower-cased.
     * Address: "Konrad-Adenauer-Platz 17, 47803 Krefeld", street and
     * number, postcode and town, without floors or rooms between them. */
    char value[KSI_CONTACT_VALUE_MAX];
    /* "Frau Safarpour-Malekabad", or "" when no person is named on the
     * same line before the value or in the contact block it belongs to
     * (a "Kontakt"/"Ansprechpartner(in)" line or a short line naming
     * Frau/Herr just before, with no blank line between). */
    char person[KSI_CONTACT_PERSON_MAX];
} ksi_contact_t;

/*
 * Find the contacts in @p text (@p len bytes). Writes at most @p max
 * distinct contacts (by kind and value) to @p out in the order they
 * appear and returns how many it wrote. A repeated contact keeps its
 * first place and takes the person of a later mention when it had none.
 *
 * Phone numbers are taken after a label (Telefon, Tel., Fon, Mobil,
 * Handy, Fax, Telefax, also glued: "Telefon0 21 51 / 86 25 62"), or
 * without one when they start with an area code of three or more digits
 * or +49; the nearest label before a number decides phone or fax. Only
 * German numbers are kept. E-mail addresses are taken in their real form
 * and as "name [at] host", "name(at)host", "name {at} host" (also with
 * "ät" and "[dot]"/"(punkt)" for the dots); a bare "name at host" is not
 * taken, since "at" is too common in running text. Addresses need a
 * street that looks like one (a street word such as -straße, -weg,
 * -platz, or a preposition such as "Am", "An der"), a house number, a
 * postcode and a town, on one line or on two consecutive lines.
 */
size_t ksi_find_contacts(const char *text, size_t len, ksi_contact_t *out,
                         size_t max);

/*
 * The forms a phone number is searched by. For @p text ("02151 862562",
 * "02151/862562", "+49 (0)2151 862562", "0049 2151 86 25 62") writes the
 * digits in national form to @p national ("02151862562") and in
 * international form without '+' to @p international ("492151862562"),
 * each buffer @p size bytes.
 *
 * Returns false, and writes nothing useful, when @p text is not a
 * plausible German phone number: characters other than digits, spaces
 * and / - ( ) +; not starting with 0, +49 or 0049; fewer than 6 or more
 * than 15 digits in national form; a foreign number ("0031 ..."); a date
 * written with dashes ("01-07-2018"); or a buffer too small. Prices
 * ("365.000"), dates with dots, postcodes and years fail these rules.
 */
bool ksi_phone_digits(const char *text, size_t len, char *national,
                      char *international, size_t size);

/*
 * Split labels glued to their value by a careless HTML-to-text step:
 * "AnschriftKonrad-Adenauer-Platz 17" becomes "Anschrift
 * Konrad-Adenauer-Platz 17", "Telefon0 21 51" becomes "Telefon 0 21 51",
 * "E-Mails.safarpour@krefeld.de" becomes "E-Mail s.safarpour@krefeld.de".
 *
 * Only a known label (Anschrift, Adresse, Kontakt, Ansprechpartner(in),
 * Telefon, Tel., Fax, Telefax, Mobil, E-Mail, Internet, Bereich,
 * Abteilung, Altersgruppe, Zielgruppe, Sprechzeiten, Öffnungszeiten,
 * Zuständigkeit, ...) at the start of a line is split, and only when it
 * is followed directly by an upper-case letter, a digit, '+' or '(' —
 * for the e-mail labels by a lower-case letter when the rest of the word
 * holds an '@', for Internet/Web/Homepage by "http" or "www." — so that
 * "Bereichsleitung", "Kontaktaufnahme", "Telefonnummer" and
 * "Internetseite" stay whole. Everything else is copied unchanged.
 *
 * Returns a new string (free it with free()), NUL-terminated, whose
 * length goes to @p out_len when that is not NULL; NULL when out of
 * memory.
 */
char *ksi_split_glued_labels(const char *text, size_t len, size_t *out_len);

/*
 * The first date @p text supports, as "YYYY-MM-DD" or "YYYY-MM" in
 * @p out (11 bytes with the NUL). Recognised, first in text order wins:
 * a leading "date 2021-08" line, "18. Juli 2018", "18.07.2018",
 * "2018-07-18", "Oktober 2018" (gives "2018-10"), and "18. Juli" or
 * "18.07." without a year. A date without a year takes @p context_year
 * when that is > 0, else the year of the first full date or month and
 * year elsewhere in the text; with neither it is skipped.
 *
 * Never taken: years alone ("2012 hatte der Landtag", "Seit 2015"),
 * prices ("365.000 Euro"), times ("18.30 Uhr"), phone numbers, ranges of
 * ages ("6-13 Jahre"), days that the month does not have, dates after
 * "seit" (history, not the page's date), and month navigation lines of
 * calendar widgets ("< Oktober 2018 >"), including as a source of years.
 *
 * Returns false, leaving @p out empty, when the text supports no date.
 */
bool ksi_find_date(const char *text, size_t len, int context_year,
                   char out[11]);

/*
 * The type of a document from its @p title (may be NULL) and @p text:
 * "centre", "event", "news" or "page". Static: never freed. @p has_date
 * says whether the document has a date from elsewhere (field, meta,
 * date line).
 *
 * The heuristic, in this order:
 *  - "centre": the text has a contact block of its own (a postal address
 *    and a phone number or e-mail address) and the title, or one of the
 *    first lines when there is no title, names an integration centre
 *    ("Integrationszentrum", "KI") in a short heading of at most twelve
 *    words.
 *  - "event": it announces something dated: at least two signals among
 *    a time ("18 Uhr", "18:30 Uhr") and announcing words (Veranstaltung,
 *    Anmeldung, findet ... statt, Eintritt, Einlass, Ort:, Workshop,
 *    Fachtag, ...), one of which fixes a time (a time of day, "findet
 *    ... statt", "Termin:", "Datum:", "Anmeldung bis"); a date
 *    (@p has_date or one in the text); and more of these signals than
 *    words of a report.
 *  - "news": @p has_date, a date in the first lines, or at least two
 *    words of a report (besuchte, erklärte, erklärt, betonte, begrüßte,
 *    teilgenommen, ...).
 *  - "page": anything else.
 *
 * Limits: it counts words and does not parse sentences, so a report on
 * a past event full of times and "Veranstaltung" may come out "event",
 * a centre's page whose heading is not a short name of the centre comes
 * out "page" or "news", and a news item that is only a heading and an
 * undated paragraph in present tense comes out "page".
 */
const char *ksi_infer_type(const char *title, const char *text, size_t len,
                           bool has_date);

#ifdef __cplusplus
}
#endif

#endif /* KISEARCH_CONTACTS_INT_H */
