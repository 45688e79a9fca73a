/*
 * cli/redact.c: the CLI's one redaction routine (cli/redact.h). Every form
 * DESIGN.md lists, overlapping and self-overlapping matches, very short
 * secrets, the exact split of the text into pieces, and the bound on the
 * output.
 */
#include "check_util.h"
#include "redact.h"

typedef struct collect {
    char out[8192];
    size_t len;
    char joined[8192]; /* the pieces as given, to check they rebuild the text */
    size_t joined_len;
    int last; /* -1 none yet, else the kind of the previous piece */
    size_t pieces;
    size_t redacted;
} collect;

static void on_piece(void *ctx, const char *p, size_t n, int redacted)
{
    collect *c = ctx;
    ck_assert_uint_gt(n, 0);
    ck_assert_msg(c->last != redacted, "two pieces of the same kind in a row");
    c->last = redacted;
    c->pieces++;
    c->redacted += redacted != 0;
    ck_assert_uint_lt(c->joined_len + n, sizeof(c->joined));
    memcpy(c->joined + c->joined_len, p, n);
    c->joined_len += n;
    const char *w = redacted ? "***" : p;
    size_t wn = redacted ? 3 : n;
    ck_assert_uint_lt(c->len + wn, sizeof(c->out));
    memcpy(c->out + c->len, w, wn);
    c->len += wn;
    c->out[c->len] = '\0';
}

/* Redacts text (at a guard page) with the given secrets; returns the
 * output in a static buffer. */
static const char *redact_str(const char *text, const char *const *secrets, size_t n)
{
    static collect c;
    memset(&c, 0, sizeof(c));
    c.last = -1;
    redact_set r;
    redact_init(&r);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(redact_add(&r, secrets[i], strlen(secrets[i])), 0);
    }
    size_t len = strlen(text);
    char *g = guard_copy(text, len);
    size_t spans = redact_scan(&r, g, len, on_piece, &c);
    guard_free(g, len);
    redact_free(&r);
    ck_assert_uint_eq(c.joined_len, len);
    ck_assert_msg(memcmp(c.joined, text, len) == 0, "the pieces do not rebuild the text");
    ck_assert_uint_le(c.len, 3 * len);
    ck_assert_uint_eq(spans, c.redacted);
    return c.out;
}

static const char *redact1(const char *text, const char *secret)
{
    const char *s[] = {secret};
    return redact_str(text, s, 1);
}

#define ck_redacts(text, secret, want) ck_assert_str_eq(redact1(text, secret), want)

/* A text, one secret, and what the text must become. */
typedef struct redaction {
    const char *text;
    const char *secret;
    const char *want;
} redaction;

#define ALL_REDACTED(rows) all_redacted(#rows, (rows), HSSC_NELEM(rows))
static void all_redacted(const char *table, const redaction *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = redact1(rows[i].text, rows[i].secret);
        ck_assert_msg(strcmp(got, rows[i].want) == 0, "%s[%zu]: \"%s\" became \"%s\", not \"%s\"",
                      table, i, rows[i].text, got, rows[i].want);
    }
}

#define PW "p@ss w/rd&=+%\xe4\xb8\xad"

static const redaction raw_forms[] = {
    {"pw=hunter2!", "hunter2", "pw=***!"},
    {"hunter2", "hunter2", "***"},
    {"no secret here", "hunter2", "no secret here"},
    {"hunter", "hunter2", "hunter"}, /* a prefix is not the secret */
    {"", "hunter2", ""},
};

START_TEST(raw_and_unchanged)
{
    ALL_REDACTED(raw_forms);
    /* No set at all: the text as is. */
    collect c;
    memset(&c, 0, sizeof(c));
    c.last = -1;
    ck_assert_uint_eq(redact_scan(NULL, "abc", 3, on_piece, &c), 0);
    ck_assert_str_eq(c.out, "abc");
}
END_TEST

static const redaction percent_cases[] = {
    /* RFC 3986 upper hex, %20 (what the CLI sends). */
    {"x=p%40ss%20w%2Frd%26%3D%2B%25%E4%B8%AD&y", PW, "x=***&y"},
    /* Lower hex, + for space (form encoding). */
    {"x=p%40ss+w%2frd%26%3d%2b%25%e4%b8%ad&y", PW, "x=***&y"},
    /* Mixed case within one escape, and an encoder that keeps '/' and '@'. */
    {"x=p@ss+w/rd%26%3d%2B%25%e4%B8%aD", PW, "x=***"},
    /* Every byte encoded, even unreserved ones. */
    {"[%70%40%73%73%20%77%2F%72%64%26%3D%2B%25%E4%B8%AD]", PW, "[***]"},
    /* Raw. */
    {"[p@ss w/rd&=+%\xe4\xb8\xad]", PW, "[***]"},
    /* A '+' in the text stands for a '+' or a space of the secret, nothing else. */
    {"a+b", "a b", "***"},
    {"a+b", "a+b", "***"},
    {"a+b", "a-b", "a+b"},
    /* A '%' of the secret, raw or as %25 (the text's "%25" read both ways). */
    {"[50%25off]", "50%25off", "[***]"},
    {"[50%2525off]", "50%25off", "[***]"},
    {"[50%off]", "50%off", "[***]"},
    {"[50%25off]", "50%off", "[***]"},
    /* Bad escapes are literal text. */
    {"%zz%4", "%zz%4", "***"},
};

START_TEST(percent_forms)
{
    ALL_REDACTED(percent_cases);
}
END_TEST

/* base64 of prefix + secret + suffix, standard or URL-safe, padded. */
static void b64(const char *data, size_t n, int url, char *out)
{
    const char *a = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)data[i] << 16;
        v |= i + 1 < n ? (unsigned)(unsigned char)data[i + 1] << 8 : 0;
        v |= i + 2 < n ? (unsigned char)data[i + 2] : 0;
        out[o++] = a[v >> 18 & 63];
        out[o++] = a[v >> 12 & 63];
        out[o++] = i + 1 < n ? a[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? a[v & 63] : '=';
    }
    out[o] = '\0';
}

START_TEST(base64_each_alignment)
{
    static const char *const secrets[] = {"MIItoken-7Hc4vQ2dZ0pLx9YwT3sR8mN1",
                                          "Pw-9f3Kq!x7_Zr2 \xc3\xa9", "\xfb\xff\xfe\xfb\xef\xbe"};
    for (size_t s = 0; s < 3; s++) {
        for (int url = 0; url < 2; url++) {
            for (size_t pre = 0; pre < 6; pre++) {
                for (size_t post = 0; post < 3; post++) {
                    char data[128];
                    size_t m = strlen(secrets[s]);
                    memcpy(data, "<<<<<<", pre);
                    memcpy(data + pre, secrets[s], m);
                    memcpy(data + pre + m, ">>>", post);
                    char enc[256];
                    b64(data, pre + m + post, url, enc);
                    char text[300];
                    snprintf(text, sizeof(text), "id=%s;", enc);
                    const char *out = redact1(text, secrets[s]);
                    ck_assert_msg(strstr(out, "***") != NULL, "not redacted: %s", text);
                    /* What is left encodes the bytes around the secret:
                     * their characters, one shared character at each end,
                     * and the padding. */
                    ck_assert_uint_le(strlen(out), strlen("id=;") + 3 + (8 * pre + 5) / 6 +
                                                       (8 * post + 5) / 6 + 2 + 2);
                }
            }
        }
    }
}
END_TEST

static const redaction self_overlaps[] = {
    {"xaaaax", "aa", "x***x"},
    {"abab-abab", "abab", "***-***"},
    {"ababab", "abab", "***"},
    /* Adjacent occurrences give one span, not "******". */
    {"hunter2hunter2", "hunter2", "***"},
};

START_TEST(overlaps)
{
    const char *two[] = {"abcd", "cdef"};
    ck_assert_str_eq(redact_str("xabcdefx", two, 2), "x***x");
    const char *nested[] = {"bc", "abcd"};
    ck_assert_str_eq(redact_str("xabcdx", nested, 2), "x***x");
    /* A secret that overlaps itself: every occurrence covered. */
    ALL_REDACTED(self_overlaps);
}
END_TEST

static const redaction short_secrets[] = {
    {"banana", "a", "b***n***n***"},
    {"YES", "a", "***ES"},
    {"hat", "a", "***t"},
    {"xyz", "a", "xyz"},
    {"%61", "a", "***"},
};

START_TEST(very_short_secrets)
{
    /* Decision (docs/redaction.md): every form is redacted whatever the
     * length. A one-byte password 'a' (0x61 = 011000 01) redacts every 'a',
     * "%61", and its stable base64 characters: 'Y' (top six bits,
     * alignment 0) and 'h' (low six bits, alignment 2). */
    ALL_REDACTED(short_secrets);
}
END_TEST

START_TEST(several_secrets_longest_wins)
{
    const char *s[] = {"tok", "token-123"};
    ck_assert_str_eq(redact_str("[token-123]", s, 2), "[***]");
    ck_assert_str_eq(redact_str("[tok]", s, 2), "[***]");
}
END_TEST

START_TEST(branching_is_exact)
{
    /* The one ambiguous case ('%' of the secret against "%25" of the text)
     * on its worst cases: every reading is followed (no budget, no guess),
     * so a near miss stays unchanged and a hit is redacted. */
    char secret[64];
    char text[128];
    text[0] = '[';
    for (size_t i = 0; i < 13; i++) {
        memcpy(secret + 3 * i, "%25", 3);
        memcpy(text + 1 + 5 * i, "%2525", 5);
    }
    memcpy(secret + 39, "X", 2);
    text[1 + 65] = '\0';
    char miss[160];
    char hit[160];
    snprintf(miss, sizeof(miss), "%sY]", text);
    snprintf(hit, sizeof(hit), "%sX]", text);
    ck_redacts(miss, secret, miss);
    ck_redacts(hit, secret, "[***]");
    /* Many '%' against many "%25": the decoded reading matches. */
    char many[200];
    memset(many, '%', sizeof(many) - 1);
    many[sizeof(many) - 1] = '\0';
    char t2[1000];
    size_t k = 0;
    for (; k + 3 < sizeof(t2); k += 3) {
        memcpy(t2 + k, "%25", 3);
    }
    t2[k] = '\0';
    ck_assert_ptr_nonnull(strstr(redact1(t2, many), "***"));
}
END_TEST

START_TEST(set_limits)
{
    redact_set r;
    redact_init(&r);
    ck_assert_int_eq(redact_add(&r, NULL, 0), 0);
    ck_assert_int_eq(redact_add(&r, "x", 0), 0);
    ck_assert_uint_eq(r.n, 0);
    for (size_t i = 0; i < REDACT_MAX_SECRETS; i++) {
        ck_assert_int_eq(redact_add(&r, "secret", 6), 0);
    }
    ck_assert_int_eq(redact_add(&r, "one-more", 8), -1);
    redact_free(&r);
    ck_assert_uint_eq(r.n, 0);
}
END_TEST

static const hssc_row redact_rows[] = {
    HSSC_TCASE("cli", 0),
    HSSC_TEST(raw_and_unchanged),
    HSSC_TEST(percent_forms),
    HSSC_TEST(base64_each_alignment),
    HSSC_TEST(overlaps),
    HSSC_TEST(very_short_secrets),
    HSSC_TEST(several_secrets_longest_wins),
    HSSC_TEST(branching_is_exact),
    HSSC_TEST(set_limits),
};

HSSC_CHECK_MAIN("redact", redact_rows)
