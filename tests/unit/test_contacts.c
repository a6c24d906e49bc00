/*
 * Unit tests for lib/contacts.c: contacts, phone search forms, glued
 * labels, dates and document types, on snippets written the way the
 * pages of the Kommunale Integrationszentren write them, and on the seed
 * pages in $KS_SEEDS_DIR when it is set.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "contacts-int.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof *(a))

static const char *const kind_names[] = {"phone", "fax", "email", "address"};

/* The contacts of @text, for the messages of failed checks. */
static void
print_contacts(const char *text, const ksi_contact_t *c, size_t n)
{
    print_message("in: %s\n", text);
    for (size_t i = 0; i < n; i++)
        print_message("  %s \"%s\" person \"%s\"\n", kind_names[c[i].kind],
                      c[i].value, c[i].person);
}

/* Check that @text has a contact of @kind with @value and, unless
 * @person is NULL, that person. */
static void
expect_contact(const char *text, ksi_contact_kind_t kind, const char *value,
               const char *person)
{
    ksi_contact_t c[16];
    size_t n = ksi_find_contacts(text, strlen(text), c, ARRAY_LEN(c));

    for (size_t i = 0; i < n; i++) {
        if (c[i].kind != kind || strcmp(c[i].value, value) != 0)
            continue;
        if (person != NULL && strcmp(c[i].person, person) != 0) {
            print_contacts(text, c, n);
            fail_msg("%s \"%s\": person \"%s\", want \"%s\"", kind_names[kind],
                     value, c[i].person, person);
        }
        return;
    }
    print_contacts(text, c, n);
    fail_msg("no %s \"%s\"", kind_names[kind], value);
}

/* Check that @text has no contact at all. */
static void
expect_no_contacts(const char *text)
{
    ksi_contact_t c[16];
    size_t n = ksi_find_contacts(text, strlen(text), c, ARRAY_LEN(c));

    if (n != 0) {
        print_contacts(text, c, n);
        fail_msg("%zu contacts, want none", n);
    }
}

/* Check that @text has no contact of @kind. */
static void
expect_no_kind(const char *text, ksi_contact_kind_t kind)
{
    ksi_contact_t c[16];
    size_t n = ksi_find_contacts(text, strlen(text), c, ARRAY_LEN(c));

    for (size_t i = 0; i < n; i++) {
        if (c[i].kind == kind) {
            print_contacts(text, c, n);
            fail_msg("unexpected %s \"%s\"", kind_names[kind], c[i].value);
        }
    }
}

struct expected {
    const char *text;
    ksi_contact_kind_t kind;
    const char *value;
    const char *person;
};

static void
expect_all(const struct expected *e, size_t count)
{
    for (size_t i = 0; i < count; i++)
        expect_contact(e[i].text, e[i].kind, e[i].value, e[i].person);
}

/* ---- ksi_find_contacts: phones --------------------------------------- */

static void
test_contacts_read_phones_in_every_german_writing(void **state)
{
    static const struct expected cases[] = {
        {"Telefon: 0211 837-2417", KSI_CONTACT_PHONE, "0211 8372417", ""},
        {"Tel.: 02151/86 25 62", KSI_CONTACT_PHONE, "02151 862562", ""},
        {"Telefon0 21 51 / 86 25 62", KSI_CONTACT_PHONE, "02151 862562", ""},
        {"Tel. +49 (0)2151 862562", KSI_CONTACT_PHONE, "02151 862562", ""},
        {"Telefon: | 0211 837-2417 |", KSI_CONTACT_PHONE, "0211 8372417", ""},
        {"Mobil: 0151 12345678", KSI_CONTACT_PHONE, "0151 12345678", ""},
        {"Fon 0 28 21 / 5 94-0", KSI_CONTACT_PHONE, "02821 5940", ""},
        {"Telefon: 0049 2151 86 25 62", KSI_CONTACT_PHONE, "02151 862562", ""},
        {"Telefon (02151) 86 25 62", KSI_CONTACT_PHONE, "02151 862562", ""},
        {"Tel.0211 1234567", KSI_CONTACT_PHONE, "0211 1234567", ""},
        {"Telefon 02151862562", KSI_CONTACT_PHONE, "02151 862562", ""},
        {"Telefon 0221123456", KSI_CONTACT_PHONE, "0221 123456", ""},
        {"Telefon: 0211 837-02", KSI_CONTACT_PHONE, "0211 83702", ""},
        {"Telefon 02064 4337–10", KSI_CONTACT_PHONE, "02064 433710", ""},
        {"Telefon: | 02191 / 0 04 50 29 |", KSI_CONTACT_PHONE, "02191 0045029",
         ""},
    };

    (void)state;
    expect_all(cases, ARRAY_LEN(cases));
}

static void
test_contacts_read_unlabelled_phones_with_area_code(void **state)
{
    static const struct expected cases[] = {
        {"Rufen Sie uns an: 0203 283-4567.", KSI_CONTACT_PHONE, "0203 2834567",
         ""},
        {"Die Hotline +49 211 8372417 ist montags besetzt.", KSI_CONTACT_PHONE,
         "0211 8372417", ""},
        {"Beratung unter 02841 202-1234 oder persönlich", KSI_CONTACT_PHONE,
         "02841 2021234", ""},
    };

    (void)state;
    expect_all(cases, ARRAY_LEN(cases));
}

static void
test_contacts_label_fax_as_fax(void **state)
{
    static const struct expected cases[] = {
        {"Fax0 21 51 / 86 25 74", KSI_CONTACT_FAX, "02151 862574", ""},
        {"Telefax: 0221 221-23456", KSI_CONTACT_FAX, "0221 22123456", ""},
        {"Fax:\n0231 50-12346", KSI_CONTACT_FAX, "0231 5012346", ""},
    };

    (void)state;
    expect_all(cases, ARRAY_LEN(cases));
}

static void
test_contacts_nearest_label_decides_phone_or_fax(void **state)
{
    const char *text = "Tel. 02064 4337-10, Fax 02064 4337-99";

    (void)state;
    expect_contact(text, KSI_CONTACT_PHONE, "02064 433710", "");
    expect_contact(text, KSI_CONTACT_FAX, "02064 433799", "");
    expect_no_kind("Fax 02064 4337-99", KSI_CONTACT_PHONE);
}

static void
test_contacts_take_no_phone_from_prices_dates_or_counts(void **state)
{
    static const char *const texts[] = {
        "eine jährliche Förderung von 365.000 Euro",
        "315.000 Euro für Personal und 50.000 Euro für Sachkosten",
        "Der Vertrag gilt ab 01.08.2018.",
        "eine Organisation mit 1.500 Mitgliedern",
        "2012 hatte der Landtag das Gesetz beschlossen",
        "Sprechzeiten: Di 09-12 Uhr und Do 014-16",
        "Der Anteil stieg um 0,5 Prozent.",
        "180718_staatssekretärin-Güler-IZ02_Klein2",
        "Kinder 6-13 Jahre, Jugendliche 13-17 Jahre",
        "Postleitzahl 47803",
        "Die Projektnummer lautet 0 1 2 3.",
        "Termin: 01-07-2018",
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(texts); i++)
        expect_no_contacts(texts[i]);
}

static void
test_contacts_split_two_numbers_in_a_row(void **state)
{
    const char *text = "Telefon: 0211 123456 / 0211 654321";

    (void)state;
    expect_contact(text, KSI_CONTACT_PHONE, "0211 123456", "");
    expect_contact(text, KSI_CONTACT_PHONE, "0211 654321", "");
}

static void
test_contacts_leave_foreign_numbers_out(void **state)
{
    (void)state;
    expect_no_contacts("Telefon: +31 24 1234567");
    expect_no_contacts("Telefon: 0031 24 1234567");
}

/* ---- ksi_find_contacts: e-mail --------------------------------------- */

static void
test_contacts_read_real_and_obfuscated_email(void **state)
{
    static const struct expected cases[] = {
        {"E-Mail: | presse [at] mkffi.nrw.de |", KSI_CONTACT_EMAIL,
         "presse@mkffi.nrw.de", ""},
        {"E-Mails.safarpour@krefeld.de", KSI_CONTACT_EMAIL,
         "s.safarpour@krefeld.de", ""},
        {"Mail: integration(at)kreis-kleve.de", KSI_CONTACT_EMAIL,
         "integration@kreis-kleve.de", ""},
        {"E-Mail: ki [ät] stadt-dinslaken.de", KSI_CONTACT_EMAIL,
         "ki@stadt-dinslaken.de", ""},
        {"info [at] ki-krefeld [dot] de", KSI_CONTACT_EMAIL,
         "info@ki-krefeld.de", ""},
        {"Schreiben Sie an Integration@Kreis-Wesel.DE.", KSI_CONTACT_EMAIL,
         "Integration@kreis-wesel.de", ""},
        {"E-Mail: nrwdirekt {at} nrw.de", KSI_CONTACT_EMAIL, "nrwdirekt@nrw.de",
         ""},
        {"E-Mail-Adresse: ki-kontakt@stadt.duisburg.de", KSI_CONTACT_EMAIL,
         "ki-kontakt@stadt.duisburg.de", ""},
    };

    (void)state;
    expect_all(cases, ARRAY_LEN(cases));
}

static void
test_contacts_take_no_email_from_bare_at_or_handles(void **state)
{
    (void)state;
    expect_no_contacts("Treffpunkt ist das Café at home in Kleve.");
    expect_no_contacts("Folgen Sie @KI_Duisburg auf Instagram");
    expect_no_contacts("Anmeldung [at] der Infotheke");
    expect_no_contacts("E-Mail: info@localhost");
}

/* ---- ksi_find_contacts: addresses ------------------------------------ */

static void
test_contacts_read_postal_addresses(void **state)
{
    static const struct expected cases[] = {
        {"AnschriftKonrad-Adenauer-Platz 17, 2. Etage, 47803 Krefeld",
         KSI_CONTACT_ADDRESS, "Konrad-Adenauer-Platz 17, 47803 Krefeld", ""},
        {"Musterstraße 12a, 46483 Wesel", KSI_CONTACT_ADDRESS,
         "Musterstraße 12a, 46483 Wesel", ""},
        {"Am Markt 1, 46535 Dinslaken", KSI_CONTACT_ADDRESS,
         "Am Markt 1, 46535 Dinslaken", ""},
        {"Neusser Straße 3\n47798 Krefeld", KSI_CONTACT_ADDRESS,
         "Neusser Straße 3, 47798 Krefeld", ""},
        {"Adresse: Friedrich-Ebert-Str. 12-14, Raum 204, 45127 Essen",
         KSI_CONTACT_ADDRESS, "Friedrich-Ebert-Str. 12-14, 45127 Essen", ""},
        {"Das Büro liegt in der Goethestraße 8, 51465 Bergisch Gladbach.",
         KSI_CONTACT_ADDRESS, "Goethestraße 8, 51465 Bergisch Gladbach", ""},
        {"An der Lay 4, 46535 Dinslaken", KSI_CONTACT_ADDRESS,
         "An der Lay 4, 46535 Dinslaken", ""},
        {"Am Alten Markt 2 | 45468 Mülheim an der Ruhr", KSI_CONTACT_ADDRESS,
         "Am Alten Markt 2, 45468 Mülheim an der Ruhr", ""},
        {"Kreishaus, Nassauerallee 15-23, 47533 Kleve", KSI_CONTACT_ADDRESS,
         "Nassauerallee 15-23, 47533 Kleve", ""},
    };

    (void)state;
    expect_all(cases, ARRAY_LEN(cases));
}

static void
test_contacts_take_no_address_without_a_street(void **state)
{
    (void)state;
    expect_no_kind("Die Förderung beträgt 10000 Euro im Jahr.",
                   KSI_CONTACT_ADDRESS);
    expect_no_kind("Im Jahr 2015 kamen 12345 Menschen nach Köln.",
                   KSI_CONTACT_ADDRESS);
    expect_no_kind("Postfach 10 12 34, 47803 Krefeld", KSI_CONTACT_ADDRESS);
}

/* ---- ksi_find_contacts: persons -------------------------------------- */

static void
test_contacts_name_the_person_of_their_block(void **state)
{
    static const struct expected cases[] = {
        {"KontaktFrau Safarpour-Malekabad\nTelefon0 21 51 / 86 25 62",
         KSI_CONTACT_PHONE, "02151 862562", "Frau Safarpour-Malekabad"},
        {"Ansprechpartnerin: Frau Dr. Muster\nTel.: 0211 123456",
         KSI_CONTACT_PHONE, "0211 123456", "Frau Dr. Muster"},
        {"Herr Beispiel, Telefon 02841 202-1234", KSI_CONTACT_PHONE,
         "02841 2021234", "Herr Beispiel"},
        {"Ansprechpartner: Mehmet Yilmaz\nE-Mail: m.yilmaz@kreis-wesel.de",
         KSI_CONTACT_EMAIL, "m.yilmaz@kreis-wesel.de", "Mehmet Yilmaz"},
        {"Bei Fragen wenden Sie sich bitte an Herrn Dr. Schmitz.\n"
         "Telefon: 0201 88-12345",
         KSI_CONTACT_PHONE, "0201 8812345", "Herr Dr. Schmitz"},
        {"Frau Özdemir (Sprachlotsen): Telefon 02151 86-3000, "
         "Herr Kaya (Rucksack): Telefon 02151 86-3001",
         KSI_CONTACT_PHONE, "02151 863001", "Herr Kaya"},
        {"Kontakt\nFrau Şahin\nMail: a.sahin@kreis-viersen.de",
         KSI_CONTACT_EMAIL, "a.sahin@kreis-viersen.de", "Frau Şahin"},
    };

    (void)state;
    expect_all(cases, ARRAY_LEN(cases));
}

static void
test_contacts_person_ends_at_blank_line_or_new_block(void **state)
{
    static const struct expected cases[] = {
        {"Kontakt: Frau Muster\n\nTelefon 0211 123456", KSI_CONTACT_PHONE,
         "0211 123456", ""},
        {"Ansprechpartnerin: Frau Muster\nPressekontakt\n"
         "Telefon: | 0211 837-2417 |",
         KSI_CONTACT_PHONE, "0211 8372417", ""},
        {"Kontakt\nKommunales Integrationszentrum\nTelefon: 0211 123456",
         KSI_CONTACT_PHONE, "0211 123456", ""},
    };

    (void)state;
    expect_all(cases, ARRAY_LEN(cases));
}

static void
test_contacts_address_before_person_has_no_person(void **state)
{
    (void)state;
    expect_contact("Anschrift: Am Markt 1, 46535 Dinslaken\nKontakt: Herr Test"
                   "\nTelefon: 02064 66-0",
                   KSI_CONTACT_ADDRESS, "Am Markt 1, 46535 Dinslaken", "");
}

static void
test_contacts_come_in_text_order_without_duplicates(void **state)
{
    const char *text = "E-Mail: ki@kreis-kleve.de, Telefon 02821 594-0\n"
                       "Telefon: 02821 5940\n"
                       "Musterweg 3, 47533 Kleve";
    ksi_contact_t c[8];
    size_t n;

    (void)state;
    n = ksi_find_contacts(text, strlen(text), c, ARRAY_LEN(c));
    assert_int_equal(n, 3);
    assert_int_equal(c[0].kind, KSI_CONTACT_EMAIL);
    assert_int_equal(c[1].kind, KSI_CONTACT_PHONE);
    assert_string_equal(c[1].value, "02821 5940");
    assert_int_equal(c[2].kind, KSI_CONTACT_ADDRESS);
}

static void
test_contacts_repeat_takes_person_of_later_mention(void **state)
{
    const char *text = "Telefon: 02821 5940\n\nKontakt: Frau Muster\n"
                       "Telefon: 02821 594-0";
    ksi_contact_t c[4];

    (void)state;
    assert_int_equal(ksi_find_contacts(text, strlen(text), c, 4), 1);
    assert_string_equal(c[0].person, "Frau Muster");
}

static void
test_contacts_stop_at_max(void **state)
{
    const char *text = "Tel. 0211 111111\nTel. 0211 222222\nTel. 0211 333333";
    ksi_contact_t c[2];

    (void)state;
    assert_int_equal(ksi_find_contacts(text, strlen(text), c, 2), 2);
    assert_string_equal(c[1].value, "0211 222222");
    assert_int_equal(ksi_find_contacts(text, strlen(text), c, 0), 0);
    assert_int_equal(ksi_find_contacts("", 0, c, 2), 0);
}

static void
test_contacts_read_only_len_bytes(void **state)
{
    const char *text = "Telefon 0211 123456 und mehr";
    ksi_contact_t c[2];

    (void)state;
    /* Cut inside the number: too few digits remain. */
    assert_int_equal(ksi_find_contacts(text, 13, c, 2), 0);
}

/* ---- ksi_phone_digits ------------------------------------------------- */

static void
test_phone_digits_every_writing_meets(void **state)
{
    static const char *const forms[] = {
        "02151 862562",       "02151/862562",           "+49 2151 862562",
        "+49 (0)2151 862562", "0049 2151 862562",       "0 21 51 / 86 25 62",
        "02151-862562",       "(02151) 862562",         "+49 2151 86 25 62",
        "02151 86 25 62",     "+492151862562",          "02151 / 86 25 62 ",
        " 02151 862562",      "0049 (0) 2151 86-25-62",
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(forms); i++) {
        char national[32], international[32];

        if (!ksi_phone_digits(forms[i], strlen(forms[i]), national,
                              international, sizeof national))
            fail_msg("rejected \"%s\"", forms[i]);
        assert_string_equal(national, "02151862562");
        assert_string_equal(international, "492151862562");
    }
}

static void
test_phone_digits_keep_extensions_and_mobiles(void **state)
{
    char national[32], international[32];

    (void)state;
    assert_true(ksi_phone_digits("0211 837-2417", 13, national, international,
                                 sizeof national));
    assert_string_equal(national, "02118372417");
    assert_string_equal(international, "492118372417");
    assert_true(ksi_phone_digits("0151 12345678", 13, national, international,
                                 sizeof national));
    assert_string_equal(international, "4915112345678");
}

static void
test_phone_digits_reject_prices_dates_postcodes_years(void **state)
{
    static const char *const texts[] = {
        "365.000 Euro",
        "365.000",
        "50.000 Euro",
        "18.07.2018",
        "47803",
        "1.500 Mitgliedern",
        "2012",
        "01-07-2018",
        "01.08.2018",
        "0211",
        "0 21 51",
        "0211 12345678901234",
        "",
        "+31 24 1234567",
        "0031 24 1234567",
        "Telefon 0211 123456",
        "0,50",
        "6-13",
        "0211 837.2417",
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        char national[32], international[32];

        if (ksi_phone_digits(texts[i], strlen(texts[i]), national,
                             international, sizeof national))
            fail_msg("accepted \"%s\" as %s", texts[i], national);
    }
}

static void
test_phone_digits_reject_too_small_buffer(void **state)
{
    char national[12], international[12];

    (void)state;
    /* 11 digits need 13 bytes in international form. */
    assert_false(ksi_phone_digits("02151 862562", 12, national, international,
                                  sizeof national));
}

/* ---- ksi_split_glued_labels ------------------------------------------ */

static void
expect_split(const char *in, const char *want)
{
    size_t len;
    char *got = ksi_split_glued_labels(in, strlen(in), &len);

    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("\"%s\" gave \"%s\", want \"%s\"", in, got, want);
    assert_int_equal(len, strlen(want));
    free(got);
}

static void
test_split_glued_labels_splits_known_labels(void **state)
{
    static const char *const cases[][2] = {
        {"AnschriftKonrad-Adenauer-Platz 17",
         "Anschrift Konrad-Adenauer-Platz 17"},
        {"Telefon0 21 51 / 86 25 62", "Telefon 0 21 51 / 86 25 62"},
        {"E-Mails.safarpour@krefeld.de", "E-Mail s.safarpour@krefeld.de"},
        {"KontaktFrau Safarpour-Malekabad", "Kontakt Frau Safarpour-Malekabad"},
        {"BereichMigration und Integration",
         "Bereich Migration und Integration"},
        {"AltersgruppeKinder 6-13 Jahre", "Altersgruppe Kinder 6-13 Jahre"},
        {"Fax0 21 51 / 86 25 74", "Fax 0 21 51 / 86 25 74"},
        {"Internethttps://www.krefeld.de", "Internet https://www.krefeld.de"},
        {"Tel.0211 123456", "Tel. 0211 123456"},
        {"AnsprechpartnerinFrau Dr. Muster",
         "Ansprechpartnerin Frau Dr. Muster"},
        {"ÖffnungszeitenMontag bis Freitag",
         "Öffnungszeiten Montag bis Freitag"},
        {"E-Mailpresse [at] mkffi.nrw.de", "E-Mail presse [at] mkffi.nrw.de"},
        {"ZielgruppeEltern mit Kleinkindern",
         "Zielgruppe Eltern mit Kleinkindern"},
        {"Mobil+49 151 12345678", "Mobil +49 151 12345678"},
        {"SprechzeitenDi 9-12 Uhr", "Sprechzeiten Di 9-12 Uhr"},
        {"Homepagewww.kreis-kleve.de", "Homepage www.kreis-kleve.de"},
        {"  ZuständigkeitStadtgebiet Süd", "  Zuständigkeit Stadtgebiet Süd"},
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        expect_split(cases[i][0], cases[i][1]);
}

static void
test_split_glued_labels_keeps_words_that_start_like_labels(void **state)
{
    static const char *const whole[] = {
        "Bereichsleitung Integration",
        "Kontaktaufnahme ist über das KI möglich",
        "Telefonnummer 0211 123456",
        "Internetseite des Kommunalen Integrationszentrums",
        "E-Mails an das KI werden beantwortet",
        "Abteilung Integration",
        "Telefonie und Beratung",
        "Mailand ist eine Partnerstadt",
        "Adressen der Beratungsstellen",
        "Die BereichMigration steht nicht am Zeilenanfang",
        "Webinar am Dienstag",
        "Fonds für Integration",
        "Kontakte und Ansprechpartner",
        "Ortsteil Uerdingen",
        "E-Mailverteiler des KI",
        "Webseiten",
        "",
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(whole); i++)
        expect_split(whole[i], whole[i]);
}

static void
test_split_glued_labels_works_line_by_line(void **state)
{
    (void)state;
    expect_split("Weitere Details\n\nBereichMigration\nAbteilung Integration\n"
                 "KontaktFrau Muster\nTelefon0 21 51 / 86 25 62\n",
                 "Weitere Details\n\nBereich Migration\nAbteilung Integration\n"
                 "Kontakt Frau Muster\nTelefon 0 21 51 / 86 25 62\n");
}

static void
test_split_glued_labels_reads_only_len_bytes(void **state)
{
    size_t len;
    char *got = ksi_split_glued_labels("FaxX", 3, &len);

    (void)state;
    assert_non_null(got);
    assert_string_equal(got, "Fax");
    assert_int_equal(len, 3);
    free(got);
}

/* ---- ksi_find_date ---------------------------------------------------- */

struct date_case {
    const char *text;
    int context_year;
    const char *want; /* NULL: no date */
};

static void
expect_dates(const struct date_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char out[11];
        bool found = ksi_find_date(cases[i].text, strlen(cases[i].text),
                                   cases[i].context_year, out);

        if (cases[i].want == NULL && found)
            fail_msg("\"%s\": date %s, want none", cases[i].text, out);
        if (cases[i].want != NULL && !found)
            fail_msg("\"%s\": no date, want %s", cases[i].text, cases[i].want);
        if (cases[i].want != NULL && strcmp(out, cases[i].want) != 0)
            fail_msg("\"%s\": %s, want %s", cases[i].text, out, cases[i].want);
        if (!found)
            assert_string_equal(out, "");
    }
}

static void
test_date_from_full_dates(void **state)
{
    static const struct date_case cases[] = {
        {"Die Staatssekretärin besuchte am 18. Juli 2018 das KI.", 0,
         "2018-07-18"},
        {"Pressemitteilung vom 18.07.2018", 0, "2018-07-18"},
        {"Veröffentlicht: 2018-07-18", 0, "2018-07-18"},
        {"Stand: 3.5.2021", 0, "2021-05-03"},
        {"Am 1. März 2019 startete das Projekt.", 0, "2019-03-01"},
        {"Am 3. März 2019 und am 5. Mai 2018", 0, "2019-03-03"},
        {"Fachtag am 29. Februar 2020 in Kleve", 0, "2020-02-29"},
        {"(12.11.2019) Neue Sprachkurse", 0, "2019-11-12"},
        {"Am 18.Juli 2018 war Besuch.", 0, "2018-07-18"},
    };

    (void)state;
    expect_dates(cases, ARRAY_LEN(cases));
}

static void
test_date_from_month_and_year(void **state)
{
    static const struct date_case cases[] = {
        {"Newsletter Oktober 2018", 0, "2018-10"},
        {"Im Mai 2019 trafen sich die Sprachlotsen.", 0, "2019-05"},
        {"Ausgabe Okt. 2019", 0, "2019-10"},
        {"Bericht März 2020", 0, "2020-03"},
    };

    (void)state;
    expect_dates(cases, ARRAY_LEN(cases));
}

static void
test_date_without_year_takes_year_from_context(void **state)
{
    static const struct date_case cases[] = {
        {"besuchte am 18. Juli das KI", 2018, "2018-07-18"},
        {"besuchte am 18. Juli das KI", 0, NULL},
        {"am 18. Juli war Besuch. Pressemitteilung vom 20. Juli 2018", 0,
         "2018-07-18"},
        {"am 18. Juli war Besuch.\nNewsletter August 2018", 0, "2018-07-18"},
        {"Am 12.03. um 18 Uhr im Rathaus", 2019, "2019-03-12"},
        {"Am 12.03. um 18 Uhr im Rathaus", 0, NULL},
        {"im Mai kamen viele", 2019, NULL},
        {"Am 29. Februar war Fachtag", 2019, NULL},
    };

    (void)state;
    expect_dates(cases, ARRAY_LEN(cases));
}

static void
test_date_never_from_prices_times_phones_ages_or_years(void **state)
{
    static const struct date_case cases[] = {
        {"eine jährliche Förderung von 365.000 Euro", 0, NULL},
        {"Davon 315.000 Euro für Personal und 50.000 Euro für Sachkosten", 0,
         NULL},
        {"Seit 2015 unterstützen die Zentren Ehrenamtliche.", 0, NULL},
        {"2012 hatte der Landtag das Gesetz beschlossen.", 0, NULL},
        {"bis zum Ende der Legislaturperiode 2022 zu sichern", 0, NULL},
        {"Kinder 6-13 Jahre, Jugendliche 13-17 Jahre", 0, NULL},
        {"Beginn um 18.30 Uhr", 0, NULL},
        {"Telefon 0211 837-2417", 0, NULL},
        {"eine Organisation mit 1.500 Mitgliedern", 0, NULL},
        {"Sprechzeiten 9-12 Uhr", 0, NULL},
        {"Am 31. Februar 2019", 0, NULL},
        {"Foto: Güler (Mitte) mit Terzic (5.v.l.) und Krumpholz (7.v.r.)", 0,
         NULL},
        {"Konrad-Adenauer-Platz 17, 2. Etage, 47803 Krefeld", 0, NULL},
        {"seit dem 1. Januar 2020 gilt das Gesetz", 0, NULL},
        {"Seit Oktober 2018 berät das KI.", 0, NULL},
        {"180718_staatssekretärin-Güler-IZ02_Klein2", 0, NULL},
        {"Version 1.2.3", 0, NULL},
        {"", 0, NULL},
    };

    (void)state;
    expect_dates(cases, ARRAY_LEN(cases));
}

static void
test_date_ignores_calendar_widget(void **state)
{
    static const struct date_case cases[] = {
        {"am 18. Juli das KI\n< Oktober 2018 >\nMo Di Mi Do Fr Sa So\n"
         "1 2 3 4 5 6 7",
         0, NULL},
        {"Besuch\n« Oktober 2018 »\n", 0, NULL},
        {"am 18. Juli das KI\n< Oktober 2018 >", 2018, "2018-07-18"},
    };

    (void)state;
    expect_dates(cases, ARRAY_LEN(cases));
}

static void
test_date_from_leading_date_line(void **state)
{
    static const struct date_case cases[] = {
        {"date 2021-08 Krefeld Ein Besuch am 3. Mai 2019", 0, "2021-08"},
        {"\ndate 2021-08-12\nText", 0, "2021-08-12"},
        {"date 2021-13 Krefeld", 0, NULL},
    };

    (void)state;
    expect_dates(cases, ARRAY_LEN(cases));
}

/* ---- ksi_infer_type --------------------------------------------------- */

struct type_case {
    const char *title;
    const char *text;
    bool has_date;
    const char *want;
};

static void
expect_types(const struct type_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const char *got =
            ksi_infer_type(cases[i].title, cases[i].text, strlen(cases[i].text),
                           cases[i].has_date);

        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: %s, want %s", i, got, cases[i].want);
    }
}

static void
test_type_centre_needs_heading_and_contact_block(void **state)
{
    static const struct type_case cases[] = {
        {NULL,
         "Kommunales Integrationszentrum Kreis Wesel\n\n"
         "Wir beraten Familien mit Einwanderungsgeschichte.\n"
         "Anschrift: Reeser Landstraße 31, 46483 Wesel\n"
         "Telefon: 0281 207-2400",
         false, "centre"},
        {"KI Kreis Kleve",
         "Das KI berät Schulen und Kitas.\nNassauerallee 15-23, 47533 Kleve\n"
         "E-Mail: ki@kreis-kleve.de",
         false, "centre"},
        {"Kommunales Integrationszentrum Kreis Wesel",
         "Wir beraten Familien mit Einwanderungsgeschichte.\n"
         "Telefon: 0281 207-2400",
         false, "page"},
        {"Sprachlotsen",
         "Ehrenamtliche dolmetschen bei Bedarf.\n"
         "Reeser Landstraße 31, 46483 Wesel\nTelefon: 0281 207-2400",
         false, "page"},
        {"Staatssekretärin besucht Kommunales Integrationszentrum",
         "Die Staatssekretärin besuchte das KI und erklärte ihre Pläne.\n"
         "Am Markt 1, 46535 Dinslaken\nTelefon 02064 66-0",
         false, "news"},
        {"",
         "Startseite\nKI Duisburg\nSchwerpunkte: Bildung und Teilhabe\n"
         "Kontakt: Frau Muster, Telefon 0203 283-4567\n"
         "Sonnenwall 77-79, 47051 Duisburg",
         false, "centre"},
        {"Kommunales Integrationszentrum Rhein-Kreis Neuss",
         "Wir sind für Sie da.\nOberstraße 91, 41460 Neuss\n"
         "E-Mail: ki [at] rhein-kreis-neuss.de",
         true, "centre"},
    };

    (void)state;
    expect_types(cases, ARRAY_LEN(cases));
}

static void
test_type_event_announces_a_dated_event(void **state)
{
    static const struct type_case cases[] = {
        {"Fachtag Mehrsprachigkeit",
         "Der Fachtag findet am 12. März 2019 von 10 bis 16 Uhr im Kreishaus "
         "statt. Anmeldung bis zum 1. März per E-Mail.",
         false, "event"},
        {"Interkulturelles Fest",
         "Termin: 5. Juni\nZeit: 15:00 Uhr\nOrt: Rathausplatz\nEintritt frei",
         false, "event"},
        {"Elterncafé",
         "Einladung zum Elterncafé am 5. Juni 2019 um 15 Uhr im "
         "Familienzentrum. Die Teilnahme ist kostenlos.",
         false, "event"},
        {"Workshop Antirassismus",
         "Der Workshop findet am 14.11.2019 statt. Anmeldung per E-Mail.", true,
         "event"},
        {"Rückblick Fachtag",
         "Die Veranstaltung fand am 12. März 2019 statt. Die Landrätin "
         "begrüßte die Gäste, die Referentin erklärte das Konzept, und die "
         "Teilnehmenden diskutierten lange.",
         false, "news"},
        {"Fachtag Sprachbildung",
         "Rund 150 Lehrkräfte haben am Fachtag des KI teilgenommen. In zwölf "
         "Workshops probierten sie Methoden aus. Frau Muster zeigte sich "
         "zufrieden.",
         true, "news"},
    };

    (void)state;
    expect_types(cases, ARRAY_LEN(cases));
}

static void
test_type_news_reports_or_is_dated(void **state)
{
    static const struct type_case cases[] = {
        {"Besuch im KI",
         "Die Staatssekretärin besuchte das KI. „Wir sind stolz“, erklärte "
         "die Leiterin.",
         false, "news"},
        {"Neue Sprachkurse", "Ab sofort gibt es neue Kurse für Eltern.", true,
         "news"},
        {NULL, "18.07.2018\nNeue Kurse für Eltern im Stadtteil.", false,
         "news"},
        {"Sprachlotsen ausgezeichnet",
         "Der Bürgermeister überreichte den Sprachlotsen ihre Urkunden und "
         "betonte ihren Einsatz.",
         false, "news"},
    };

    (void)state;
    expect_types(cases, ARRAY_LEN(cases));
}

static void
test_type_page_otherwise(void **state)
{
    static const struct type_case cases[] = {
        {"Rucksack Kita",
         "Das Programm Rucksack Kita stärkt die Sprachbildung in der Familie. "
         "Eltern treffen sich wöchentlich in der Kita und lernen, wie sie "
         "ihre Kinder in der Erstsprache fördern.",
         false, "page"},
        {"Griffbereit",
         "Griffbereit richtet sich an Familien mit Kindern von ein bis drei "
         "Jahren.",
         false, "page"},
        {NULL, "", false, "page"},
        {"Sprechzeiten",
         "Öffnungszeiten: Montag bis Freitag 8 bis 12 Uhr. Termine nach "
         "Vereinbarung.",
         false, "page"},
        {"Integration durch Sport",
         "Sportvereine öffnen sich für Zugewanderte. Das KI vermittelt "
         "Kontakte zu Vereinen im Kreisgebiet.",
         false, "page"},
    };

    (void)state;
    expect_types(cases, ARRAY_LEN(cases));
}

/* ---- the seed pages --------------------------------------------------- */

/* The seed file whose name starts with @prefix, read whole (free()), or
 * NULL (then the test skips) when KS_SEEDS_DIR is unset or lacks it. */
static char *
read_seed(const char *prefix, size_t *len)
{
    const char *dir = getenv("KS_SEEDS_DIR");
    char path[4096];
    struct dirent *entry;
    DIR *d;
    FILE *file;
    char *data = NULL;
    long size;

    if (dir == NULL || (d = opendir(dir)) == NULL)
        return NULL;
    path[0] = '\0';
    while ((entry = readdir(d)) != NULL) {
        if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
            break;
        }
    }
    closedir(d);
    if (path[0] == '\0' || (file = fopen(path, "rb")) == NULL)
        return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0
        && fseek(file, 0, SEEK_SET) == 0
        && (data = malloc((size_t)size + 1)) != NULL) {
        *len = fread(data, 1, (size_t)size, file);
        data[*len] = '\0';
    }
    fclose(file);
    return data;
}

/* Drop the lines that start with @start, as extraction drops the month
 * navigation of a calendar widget. */
static void
drop_lines_starting(char *text, size_t *len, const char *start)
{
    char *p = text;

    while ((p = strstr(p, start)) != NULL) {
        char *nl = strchr(p, '\n');
        size_t cut = nl ? (size_t)(nl + 1 - p) : strlen(p);

        if (p != text && p[-1] != '\n') {
            p++;
            continue;
        }
        memmove(p, p + cut, strlen(p + cut) + 1);
        *len -= cut;
    }
}

static void
test_seed_003_centre_contacts(void **state)
{
    size_t len = 0;
    char *text = read_seed("003_", &len);

    (void)state;
    if (text == NULL)
        skip();
    expect_contact(text, KSI_CONTACT_PHONE, "02151 862562",
                   "Frau Safarpour-Malekabad");
    expect_contact(text, KSI_CONTACT_FAX, "02151 862574",
                   "Frau Safarpour-Malekabad");
    expect_contact(text, KSI_CONTACT_EMAIL, "s.safarpour@krefeld.de",
                   "Frau Safarpour-Malekabad");
    expect_contact(text, KSI_CONTACT_ADDRESS,
                   "Konrad-Adenauer-Platz 17, 47803 Krefeld", NULL);
    assert_string_equal(ksi_infer_type(NULL, text, len, false), "centre");
    free(text);
}

static void
test_seed_003_split_keeps_contacts_and_has_no_date(void **state)
{
    size_t len = 0, out_len;
    char *text = read_seed("003_", &len), *split, date[11];

    (void)state;
    if (text == NULL)
        skip();
    split = ksi_split_glued_labels(text, len, &out_len);
    assert_non_null(split);
    assert_non_null(strstr(split, "\nAnschrift Konrad-Adenauer-Platz 17"));
    assert_non_null(strstr(split, "\nBereich Migration"));
    assert_non_null(strstr(split, "\nAltersgruppe Kinder"));
    assert_non_null(strstr(split, "\nKontakt Frau Safarpour"));
    assert_non_null(strstr(split, "\nE-Mail s.safarpour@krefeld.de"));
    assert_non_null(strstr(split, "Kontaktaufnahme ist"));
    assert_false(ksi_find_date(text, len, 0, date));
    /* Indexing reads the split text: the same contacts come out. */
    expect_contact(split, KSI_CONTACT_PHONE, "02151 862562",
                   "Frau Safarpour-Malekabad");
    expect_contact(split, KSI_CONTACT_FAX, "02151 862574",
                   "Frau Safarpour-Malekabad");
    expect_contact(split, KSI_CONTACT_EMAIL, "s.safarpour@krefeld.de",
                   "Frau Safarpour-Malekabad");
    expect_contact(split, KSI_CONTACT_ADDRESS,
                   "Konrad-Adenauer-Platz 17, 47803 Krefeld", "");
    assert_string_equal(ksi_infer_type(NULL, split, out_len, false), "centre");
    free(split);
    free(text);
}

static void
test_seed_004_press_contacts(void **state)
{
    size_t len = 0;
    char *text = read_seed("004_", &len), date[11];

    (void)state;
    if (text == NULL)
        skip();
    expect_contact(text, KSI_CONTACT_EMAIL, "presse@mkffi.nrw.de", "");
    expect_contact(text, KSI_CONTACT_PHONE, "0211 8372417", "");
    expect_contact(text, KSI_CONTACT_EMAIL, "nrwdirekt@nrw.de", "");
    expect_no_kind(text, KSI_CONTACT_ADDRESS);
    assert_false(ksi_find_date(text, len, 0, date));
    assert_string_equal(ksi_infer_type(NULL, text, len, false), "news");
    free(text);
}

static void
test_seed_001_date_needs_context_year(void **state)
{
    size_t len = 0;
    char *text = read_seed("001_", &len), date[11];

    (void)state;
    if (text == NULL)
        skip();
    assert_false(ksi_find_date(text, len, 0, date));
    assert_true(ksi_find_date(text, len, 2018, date));
    assert_string_equal(date, "2018-07-18");
    drop_lines_starting(text, &len, "< ");
    assert_null(strstr(text, "Oktober 2018"));
    assert_false(ksi_find_date(text, len, 0, date));
    assert_true(ksi_find_date(text, len, 2018, date));
    assert_string_equal(date, "2018-07-18");
    free(text);
}

static void
test_seed_002_has_no_date_and_no_phone(void **state)
{
    size_t len = 0;
    char *text = read_seed("002_", &len), date[11];
    ksi_contact_t c[8];

    (void)state;
    if (text == NULL)
        skip();
    assert_false(ksi_find_date(text, len, 0, date));
    assert_int_equal(ksi_find_contacts(text, len, c, 8), 0);
    free(text);
}

static void
test_seed_news_pages_are_news(void **state)
{
    static const char *const seeds[] = {"000_", "001_", "002_", "004_"};

    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(seeds); i++) {
        size_t len = 0;
        char *text = read_seed(seeds[i], &len);

        if (text == NULL)
            skip();
        if (strcmp(ksi_infer_type(NULL, text, len, false), "news") != 0)
            fail_msg("seed %s is not news", seeds[i]);
        free(text);
    }
}

static void
test_seed_000_date_from_date_line(void **state)
{
    size_t len = 0;
    char *text = read_seed("000_", &len), date[11];

    (void)state;
    if (text == NULL)
        skip();
    assert_true(ksi_find_date(text, len, 0, date));
    assert_string_equal(date, "2021-08");
    free(text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contacts_read_phones_in_every_german_writing),
        cmocka_unit_test(test_contacts_read_unlabelled_phones_with_area_code),
        cmocka_unit_test(test_contacts_label_fax_as_fax),
        cmocka_unit_test(test_contacts_nearest_label_decides_phone_or_fax),
        cmocka_unit_test(
            test_contacts_take_no_phone_from_prices_dates_or_counts),
        cmocka_unit_test(test_contacts_split_two_numbers_in_a_row),
        cmocka_unit_test(test_contacts_leave_foreign_numbers_out),
        cmocka_unit_test(test_contacts_read_real_and_obfuscated_email),
        cmocka_unit_test(test_contacts_take_no_email_from_bare_at_or_handles),
        cmocka_unit_test(test_contacts_read_postal_addresses),
        cmocka_unit_test(test_contacts_take_no_address_without_a_street),
        cmocka_unit_test(test_contacts_name_the_person_of_their_block),
        cmocka_unit_test(test_contacts_person_ends_at_blank_line_or_new_block),
        cmocka_unit_test(test_contacts_address_before_person_has_no_person),
        cmocka_unit_test(test_contacts_come_in_text_order_without_duplicates),
        cmocka_unit_test(test_contacts_repeat_takes_person_of_later_mention),
        cmocka_unit_test(test_contacts_stop_at_max),
        cmocka_unit_test(test_contacts_read_only_len_bytes),
        cmocka_unit_test(test_phone_digits_every_writing_meets),
        cmocka_unit_test(test_phone_digits_keep_extensions_and_mobiles),
        cmocka_unit_test(test_phone_digits_reject_prices_dates_postcodes_years),
        cmocka_unit_test(test_phone_digits_reject_too_small_buffer),
        cmocka_unit_test(test_split_glued_labels_splits_known_labels),
        cmocka_unit_test(
            test_split_glued_labels_keeps_words_that_start_like_labels),
        cmocka_unit_test(test_split_glued_labels_works_line_by_line),
        cmocka_unit_test(test_split_glued_labels_reads_only_len_bytes),
        cmocka_unit_test(test_date_from_full_dates),
        cmocka_unit_test(test_date_from_month_and_year),
        cmocka_unit_test(test_date_without_year_takes_year_from_context),
        cmocka_unit_test(
            test_date_never_from_prices_times_phones_ages_or_years),
        cmocka_unit_test(test_date_ignores_calendar_widget),
        cmocka_unit_test(test_date_from_leading_date_line),
        cmocka_unit_test(test_type_centre_needs_heading_and_contact_block),
        cmocka_unit_test(test_type_event_announces_a_dated_event),
        cmocka_unit_test(test_type_news_reports_or_is_dated),
        cmocka_unit_test(test_type_page_otherwise),
        cmocka_unit_test(test_seed_003_centre_contacts),
        cmocka_unit_test(test_seed_003_split_keeps_contacts_and_has_no_date),
        cmocka_unit_test(test_seed_004_press_contacts),
        cmocka_unit_test(test_seed_001_date_needs_context_year),
        cmocka_unit_test(test_seed_002_has_no_date_and_no_phone),
        cmocka_unit_test(test_seed_news_pages_are_news),
        cmocka_unit_test(test_seed_000_date_from_date_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
