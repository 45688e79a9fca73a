/*
 * codec/src/percent.c: percent-encoding and decoding (the codec's own; the
 * expected results are uriparser's and the WHATWG parser's), with uriparser's escape/unescape
 * vectors (tests/data/url/uriparser/, LGPL-2.1-or-later data) and the WHATWG
 * application/x-www-form-urlencoded parser cases (tests/data/url/, 3-Clause
 * BSD), the latter through hssc_request_decode.
 */
#include "check_util.h"
#include "hssc_internal.h"
#include "json_util.h"

static int unreserved(unsigned b)
{
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' ||
           b == '.' || b == '_' || b == '~';
}

/* Decodes (s, len) with the output buffer placed flush against a guard
 * page: hssc_pct_decode promises to need no more than len bytes. */
static size_t decode_guarded(const char *s, size_t len, int plus, char *result)
{
    static const char zeros[4096];
    ck_assert_uint_le(len, sizeof(zeros));
    char *in = guard_copy(s, len);
    char *out = guard_copy(zeros, len);
    size_t n = hssc_pct_decode(in, len, plus, out);
    ck_assert_uint_le(n, len);
    memcpy(result, out, n);
    guard_free(in, len);
    guard_free(out, len);
    return n;
}

/* Every byte, NUL included: the encoder is the codec's own and has no
 * terminator (uriparser's uriEscapeExA, which it replaced, stopped at the
 * first NUL). */
START_TEST(encode_every_byte)
{
    for (unsigned b = 0; b < 256; b++) {
        char in = (char)b;
        char *g = guard_copy(&in, 1);
        char out[4] = {0};
        size_t n = hssc_pct_encode(g, 1, out);
        ck_assert_uint_eq(n, hssc_pct_encoded_len(g, 1));
        if (unreserved(b)) {
            ck_assert_uint_eq(n, 1);
            ck_assert_int_eq((unsigned char)out[0], b);
        } else {
            char want[4];
            snprintf(want, sizeof(want), "%%%02X", b); /* upper-case hex */
            ck_assert_uint_eq(n, 3);
            ck_assert_int_eq(memcmp(out, want, 3), 0);
        }
        guard_free(g, 1);
    }
    /* Space is %20, never '+'; '+' itself is escaped. */
    char out[8];
    ck_assert_uint_eq(hssc_pct_encode(" +", 2, out), 6);
    ck_assert_int_eq(memcmp(out, "%20%2B", 6), 0);
    ck_assert_uint_eq(hssc_pct_encode("", 0, out), 0);
    ck_assert_uint_eq(hssc_pct_encoded_len("", 0), 0);
}
END_TEST

START_TEST(roundtrip_every_byte)
{
    for (unsigned b = 0; b < 256; b++) {
        char in = (char)b;
        char enc[4];
        size_t n = hssc_pct_encode(&in, 1, enc);
        ck_assert_uint_eq(hssc_pct_first_bad(enc, n), n);
        for (int plus = 0; plus < 2; plus++) {
            char dec[4];
            size_t m = decode_guarded(enc, n, plus, dec);
            ck_assert_uint_eq(m, 1);
            ck_assert_int_eq((unsigned char)dec[0], b);
        }
    }
}
END_TEST

START_TEST(roundtrip_all_bytes_string)
{
    /* 1..255, then the same repeated past the encoder's 256-byte chunk. */
    static char in[1000];
    for (size_t i = 0; i < sizeof(in); i++) {
        in[i] = (char)(1 + i % 255);
    }
    const size_t lens[] = {255, 256, 257, 511, 512, 513, 1000};
    for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
        size_t len = lens[k];
        static char enc[3000];
        static char dec[3000];
        size_t n = hssc_pct_encode(in, len, enc);
        ck_assert_uint_eq(n, hssc_pct_encoded_len(in, len));
        /* Output is only unreserved bytes and %XX. */
        for (size_t i = 0; i < n; i++) {
            ck_assert(unreserved((unsigned char)enc[i]) || enc[i] == '%');
        }
        ck_assert_uint_eq(hssc_pct_first_bad(enc, n), n);
        size_t m = decode_guarded(enc, n, 1, dec);
        ck_assert_uint_eq(m, len);
        ck_assert_int_eq(memcmp(dec, in, len), 0);
    }
}
END_TEST

START_TEST(first_bad)
{
    static const struct {
        const char *s;
        size_t want;
    } cases[] = {
        {"", 0},      {"abc", 3},   {"%zz", 0},    {"%4", 0},     {"a%4", 1},
        {"ab%", 2},   {"%", 0},     {"%00", 3},    {"%4g", 0},    {"%g4", 0},
        {"%%41", 0},  {"%41%", 3},  {"%aF%Af", 6}, {"x%41%4", 4}, {"%41%zz%4", 3},
        {"+%2B+", 5}, {"%2520", 5}, {"%0", 0},     {"%G0", 0},    {"%0g", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len = strlen(cases[i].s);
        char *g = guard_copy(cases[i].s, len);
        ck_assert_msg(hssc_pct_first_bad(g, len) == cases[i].want, "'%s'", cases[i].s);
        guard_free(g, len);
    }
}
END_TEST

START_TEST(decode_cases)
{
    static const struct {
        const char *in;
        int plus;
        const char *out;
        size_t out_len;
    } cases[] = {
        {"a+b", 1, "a b", 3},
        {"a+b", 0, "a+b", 3},
        {"a%20b", 0, "a b", 3},
        {"a%20b", 1, "a b", 3},
        {"a%2Bb", 1, "a+b", 3},
        {"a%2bb", 0, "a+b", 3},
        {"%00", 0, "\0", 1},
        {"a%00b", 1, "a\0b", 3},
        {"%00%00", 0, "\0\0", 2},
        {"%41", 0, "A", 1},
        {"x%41", 0, "xA", 2},
        {"%41x", 0, "Ax", 2},
        {"%e2%82%AC", 0, "\xE2\x82\xAC", 3},
        {"%2520", 0, "%20", 3}, /* one pass only */
        {"+", 1, " ", 1},
        {"+", 0, "+", 1},
        {"++%2B", 1, "  +", 3},
        {"%0D%0A", 0, "\r\n", 2}, /* no line-break conversion */
        {"%0a%0d%0a", 1, "\n\r\n", 3},
        {"%0d", 1, "\r", 1},
        {"", 0, "", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char dec[32];
        size_t len = strlen(cases[i].in);
        size_t n = decode_guarded(cases[i].in, len, cases[i].plus, dec);
        ck_assert_msg(n == cases[i].out_len && memcmp(dec, cases[i].out, n) == 0, "case %zu '%s'",
                      i, cases[i].in);
    }
}
END_TEST

/* The decoder and the signer's recoder against a plain reference written
 * here (a '%' not followed by two hex digits stays itself), on every
 * string of up to 4 bytes over an alphabet of escape material and on
 * pseudo-random strings up to 40 bytes long (the walk's eight-byte runs,
 * its four-byte units and its exact last three bytes), inputs and outputs
 * flush against guard pages: decoding writes at most len bytes, recoding
 * 3 * len. */
static int ref_hex(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static size_t ref_decode(const char *s, size_t len, int plus, unsigned char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && len - i >= 3 && ref_hex(s[i + 1]) >= 0 && ref_hex(s[i + 2]) >= 0) {
            out[n++] = (unsigned char)(ref_hex(s[i + 1]) * 16 + ref_hex(s[i + 2]));
            i += 2;
        } else {
            out[n++] = (unsigned char)(plus && s[i] == '+' ? ' ' : s[i]);
        }
    }
    return n;
}

static size_t ref_recode(const char *s, size_t len, int plus, int slash, char *out)
{
    unsigned char dec[64];
    size_t m = ref_decode(s, len, plus, dec);
    size_t n = 0;
    for (size_t i = 0; i < m; i++) {
        if (unreserved(dec[i]) || (slash && dec[i] == '/')) {
            out[n++] = (char)dec[i];
        } else {
            out[n++] = '%';
            out[n++] = "0123456789ABCDEF"[dec[i] >> 4];
            out[n++] = "0123456789ABCDEF"[dec[i] & 15];
        }
    }
    return n;
}

static void check_walks(const char *s, size_t len)
{
    static const char zeros[3 * 64];
    char want[3 * 64 + 1];
    char *in = guard_copy(s, len);
    char *dec_out = guard_copy(zeros, len);
    char *enc_out = guard_copy(zeros, 3 * len);
    for (int plus = 0; plus < 2; plus++) {
        unsigned char dec[64];
        size_t m = ref_decode(s, len, plus, dec);
        ck_assert_uint_eq(hssc_pct_decode(in, len, plus, dec_out), m);
        ck_assert_msg(memcmp(dec_out, dec, m) == 0, "decode '%.*s' plus %d", (int)len, s, plus);
        for (int slash = 0; slash < 2; slash++) {
            size_t n = ref_recode(s, len, plus, slash, want);
            ck_assert_uint_eq(hssc_pct_recode(in, len, plus, slash, enc_out), n);
            ck_assert_msg(memcmp(enc_out, want, n) == 0, "recode '%.*s' plus %d slash %d", (int)len,
                          s, plus, slash);
        }
    }
    guard_free(in, len);
    guard_free(dec_out, len);
    guard_free(enc_out, 3 * len);
}

START_TEST(decode_recode_walks)
{
    static const char abc[] = "%2fF+a/}g0";
    const size_t k = sizeof(abc) - 1;
    char s[64];
    for (size_t len = 0; len <= 4; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++) {
            total *= k;
        }
        for (size_t v = 0; v < total; v++) {
            size_t x = v;
            for (size_t i = 0; i < len; i++, x /= k) {
                s[i] = abc[x % k];
            }
            check_walks(s, len);
        }
    }
    /* Runs of unreserved bytes, escapes (either case, of kept and escaped
     * bytes) and other bytes, mixed. */
    static const char *const atoms[] = {"a",   "Z9",   "-._~",     "%41", "%7e",   "%7E", "%2F",
                                        "%2f", "%25",  "%",        "%4",  "+",     "/",   "}",
                                        " ",   "\xff", "abcdefgh", "%00", "%C3%A9"};
    uint32_t seed = 12345;
    for (int round = 0; round < 5000; round++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        size_t want = (seed >> 16) % 41;
        while (len < want) {
            seed = seed * 1103515245u + 12345u;
            const char *a = atoms[(seed >> 16) % HSSC_NELEM(atoms)];
            size_t n = strlen(a);
            if (len + n > want) {
                n = want - len;
            }
            memcpy(s + len, a, n);
            len += n;
        }
        check_walks(s, len);
    }
}
END_TEST

/* A chunk of checked escaped text is cut back to whole units: the escape
 * its last one or two bytes start is left out. */
START_TEST(whole_units)
{
    static const struct {
        const char *s;
        size_t n, want;
    } cases[] = {
        {"", 0, 0},       {"a", 1, 1},      {"%41", 1, 0},    {"%41", 2, 0},  {"%41", 3, 3},
        {"a%41", 2, 1},   {"a%41", 3, 1},   {"a%41b", 4, 4},  {"ab%2", 3, 2}, {"+%2B", 1, 1},
        {"%41%42", 4, 3}, {"%41%42", 5, 3}, {"%41%42", 6, 6}, {"xyz", 2, 2},
    };
    for (size_t i = 0; i < HSSC_NELEM(cases); i++) {
        ck_assert_msg(hssc_pct_whole_units(cases[i].s, cases[i].n) == cases[i].want,
                      "case %zu: \"%s\" n %zu", i, cases[i].s, cases[i].n);
    }
}
END_TEST

START_TEST(raw_offsets)
{
    const char *s = "a%41b+c%E2%82%AC";
    size_t len = strlen(s);
    /* decoded: a A b + c E2 82 AC */
    const size_t want[] = {0, 1, 4, 5, 6, 7, 10, 13, 16, 16};
    for (size_t nth = 0; nth < sizeof(want) / sizeof(want[0]); nth++) {
        ck_assert_uint_eq(hssc_pct_raw_offset(s, len, nth), want[nth]);
    }
    ck_assert_uint_eq(hssc_pct_raw_offset("", 0, 0), 0);
    ck_assert_uint_eq(hssc_pct_raw_offset("%00", 3, 0), 0);
    ck_assert_uint_eq(hssc_pct_raw_offset("%00", 3, 1), 3);
}
END_TEST

/* ---- uriparser's vectors ---- */

static yajl_val member(yajl_val obj, const char *key, yajl_type type)
{
    const char *path[] = {key, NULL};
    return yajl_tree_get(obj, path, type);
}

/* The cases of one group of uriparser's vectors. */
static yajl_val uriparser_cases(const char *group)
{
    const char *path[] = {group, "cases", NULL};
    yajl_val cases = yajl_tree_get(vectors, path, yajl_t_array);
    ck_assert_ptr_nonnull(cases);
    return cases;
}

/* A case's input or output, as bytes (out has room for them). */
static size_t case_bytes(yajl_val c, const char *key, char *out)
{
    return json_latin1_bytes(json_str(member(c, key, yajl_t_string)), out);
}

/*
 * Escape cases. Used: those whose settings match our encoder, i.e.
 * normalize_breaks false, and space_to_plus false or no space in the input
 * (then the flag changes nothing). Skipped, by design:
 *  - normalize_breaks true (12 cases): we never rewrite line breaks; CR and
 *    LF are control characters, rejected before anything is encoded;
 *  - space_to_plus true with a space (1 case): space is always %20 here,
 *    because the query we send is the canonical query AK/SK signing signs;
 *  - the "\u0000" input (1 case): NUL is outside the encoder's contract (see
 *    encode_every_byte), and yajl_tree's strings end at NUL anyway.
 */
START_TEST(uriparser_escape)
{
    yajl_val cases = uriparser_cases("escape");
    size_t used = 0;
    size_t skipped = 0;
    for (size_t i = 0; i < json_len(cases); i++) {
        yajl_val c = json_at(cases, i);
        char in[64];
        char want[64];
        size_t in_len = case_bytes(c, "input", in);
        size_t want_len = case_bytes(c, "output", want);
        int plus = YAJL_IS_TRUE(member(c, "space_to_plus", yajl_t_any));
        int breaks = YAJL_IS_TRUE(member(c, "normalize_breaks", yajl_t_any));
        if (breaks || (plus && memchr(in, ' ', in_len) != NULL) || in_len == 0) {
            skipped++;
            continue;
        }
        char out[200];
        size_t n = hssc_pct_encode(in, in_len, out);
        ck_assert_msg(n == want_len && memcmp(out, want, n) == 0, "escape case %zu", i);
        used++;
    }
    ck_assert_uint_eq(used, 15);
    ck_assert_uint_eq(skipped, 14);
}
END_TEST

/*
 * Unescape cases. Used: break_conversion URI_BR_DONT_TOUCH (our decoder
 * never converts line breaks: the 36 other cases are skipped), with '+' as
 * the case says. Cases with a malformed escape ("%0", "%0g", "%G0"), which
 * uriparser passes through literally, are errors in our contract (DESIGN.md:
 * not passed through): for them hssc_pct_first_bad must point at the '%'.
 */
START_TEST(uriparser_unescape)
{
    yajl_val cases = uriparser_cases("unescape");
    size_t used = 0;
    size_t rejected = 0;
    size_t skipped = 0;
    for (size_t i = 0; i < json_len(cases); i++) {
        yajl_val c = json_at(cases, i);
        const char *conv = json_str(member(c, "break_conversion", yajl_t_string));
        if (strcmp(conv, "URI_BR_DONT_TOUCH") != 0) {
            skipped++;
            continue;
        }
        char in[64];
        char want[64];
        size_t in_len = case_bytes(c, "input", in);
        size_t want_len = case_bytes(c, "output", want);
        int plus = YAJL_IS_TRUE(member(c, "plus_to_space", yajl_t_any));
        size_t bad = hssc_pct_first_bad(in, in_len);
        if (bad != in_len) {
            ck_assert_uint_eq(bad, 0);
            /* uriparser's answer is the input unchanged. */
            ck_assert(want_len == in_len && memcmp(want, in, in_len) == 0);
            rejected++;
            continue;
        }
        char out[64];
        size_t n = decode_guarded(in, in_len, plus, out);
        ck_assert_msg(n == want_len && memcmp(out, want, n) == 0, "unescape case %zu", i);
        used++;
    }
    ck_assert_uint_eq(used, 17);
    ck_assert_uint_eq(rejected, 3);
    ck_assert_uint_eq(skipped, 36);
}
END_TEST

/* ---- WHATWG urlencoded parser data, through hssc_request_decode ---- */

#define BASE "/v5/p/image/registries/image-upload-command?namespace=n&password=p&registry_addr=h"

typedef struct decoded {
    hssc_code rc;
    hssc_error e;
    hssc_request r;
    char scratch[512];
} decoded;

static void decode_target(const char *t, size_t len, unsigned flags, decoded *d)
{
    char *g = guard_copy(t, len);
    d->e = (hssc_error){HSSC_OK, HSSC_FIELD_NONE, 0};
    d->rc = hssc_request_decode(g, len, flags, d->scratch, sizeof(d->scratch), &d->r, &d->e);
    guard_free(g, len);
}

static size_t first_non_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            return i;
        }
    }
    return len;
}

/*
 * Each case's input is split the WHATWG way (at '&', empty pieces dropped,
 * each piece at its first '='), which must give as many pairs as the
 * expected output. Then, per pair:
 *  - the raw value goes in as username: it must decode to the expected value
 *    ('+' is space, %XX either case) unless our stricter contract rejects it:
 *    a malformed escape ("%", "%2s", "%%2a") is HSSC_E_ESCAPE at the '%',
 *    field "request target" (WHATWG keeps it literally); invalid UTF-8 after decoding ("%C2x") is
 *    HSSC_E_UTF8 at the escape (WHATWG substitutes U+FFFD); an empty value
 *    is HSSC_E_TOO_SHORT (username is 1..128 characters);
 *  - the raw piece goes in as a parameter of its own: none of the names is
 *    one of ours, so it is HSSC_E_UNKNOWN at the piece, or accepted with
 *    HSSC_ALLOW_UNKNOWN (WHATWG keeps unknown names; we allow them only when
 *    asked); a malformed escape anywhere in it is HSSC_E_ESCAPE either way.
 *  - raw non-ASCII (U+FEFF, U+2020 in the input, as a browser's form data
 *    would be before encoding) is not a URI character: uriparser rejects
 *    the target, HSSC_E_SYNTAX at that byte.
 */
START_TEST(whatwg_urlencoded)
{
    yajl_val all = json_load("url/urlencoded-parser-data.json");
    ck_assert(YAJL_IS_ARRAY(all));
    size_t ncases = json_len(all);
    ck_assert_uint_eq(ncases, 35);
    size_t decoded_ok = 0;
    size_t n_raw = 0;
    size_t n_escape = 0;
    size_t n_utf8 = 0;
    size_t n_empty = 0;
    for (size_t i = 0; i < ncases; i++) {
        yajl_val c = json_at(all, i);
        const char *input = json_str(member(c, "input", yajl_t_string));
        yajl_val pairs = member(c, "output", yajl_t_array);
        ck_assert_ptr_nonnull(input);
        ck_assert_ptr_nonnull(pairs);
        size_t npairs = 0;
        const char *p = input;
        const char *end = input + strlen(input);
        while (p <= end) {
            const char *amp = memchr(p, '&', (size_t)(end - p));
            const char *piece_end = amp != NULL ? amp : end;
            if (piece_end == p) {
                p = piece_end + 1;
                continue;
            }
            ck_assert_uint_lt(npairs, json_len(pairs));
            yajl_val pair = json_at(pairs, npairs);
            const char *want_value = json_str(json_at(pair, 1));
            npairs++;
            const char *eq = memchr(p, '=', (size_t)(piece_end - p));
            const char *name = p;
            size_t name_len = eq != NULL ? (size_t)(eq - p) : (size_t)(piece_end - p);
            const char *value = eq != NULL ? eq + 1 : piece_end;
            size_t value_len = (size_t)(piece_end - value);

            /* The value, as username. */
            char t[1024];
            int tl = snprintf(t, sizeof(t), "%s&username=%.*s", BASE, (int)value_len, value);
            size_t at = sizeof(BASE) - 1 + strlen("&username=");
            decoded d;
            decode_target(t, (size_t)tl, 0, &d);
            size_t raw = first_non_ascii(value, value_len);
            size_t bad = hssc_pct_first_bad(value, value_len);
            if (raw < value_len) {
                ck_assert_error(d.rc, d.e, HSSC_E_SYNTAX, HSSC_FIELD_TARGET, at + raw);
                n_raw++;
            } else if (bad < value_len) {
                ck_assert_error(d.rc, d.e, HSSC_E_ESCAPE, HSSC_FIELD_TARGET, at + bad);
                n_escape++;
            } else if (strstr(want_value, "\xEF\xBF\xBD") != NULL) {
                /* Only "%C2x" here: the escape makes a truncated sequence. */
                ck_assert_int_eq(memcmp(value, "%C2", 3), 0);
                ck_assert_error(d.rc, d.e, HSSC_E_UTF8, HSSC_FIELD_USERNAME, at);
                n_utf8++;
            } else if (want_value[0] == '\0') {
                ck_assert_error(d.rc, d.e, HSSC_E_TOO_SHORT, HSSC_FIELD_USERNAME, at);
                n_empty++;
            } else {
                ck_assert_msg(d.rc == HSSC_OK, "case %zu: %s at %zu", i, hssc_code_name(d.rc),
                              d.e.offset);
                ck_assert_uint_eq(d.r.username.len, strlen(want_value));
                ck_assert_int_eq(memcmp(d.r.username.ptr, want_value, d.r.username.len), 0);
                decoded_ok++;
            }

            /* The name, as a parameter of its own. */
            tl = snprintf(t, sizeof(t), "%s&username=u&%.*s", BASE, (int)(piece_end - p), p);
            at = sizeof(BASE) - 1 + strlen("&username=u&");
            size_t piece_len = (size_t)(piece_end - p);
            raw = first_non_ascii(p, piece_len);
            size_t name_bad = hssc_pct_first_bad(name, name_len);
            size_t piece_bad = hssc_pct_first_bad(p, piece_len);
            for (unsigned flags = 0; flags <= HSSC_ALLOW_UNKNOWN; flags += HSSC_ALLOW_UNKNOWN) {
                decode_target(t, (size_t)tl, flags, &d);
                if (raw < piece_len) {
                    ck_assert_error(d.rc, d.e, HSSC_E_SYNTAX, HSSC_FIELD_TARGET, at + raw);
                } else if (piece_bad < piece_len) {
                    /* Anywhere in the target, even in an unknown
                     * parameter's value: the target is not a URI. */
                    ck_assert(name_bad == name_len || name_bad == piece_bad);
                    ck_assert_error(d.rc, d.e, HSSC_E_ESCAPE, HSSC_FIELD_TARGET, at + piece_bad);
                } else if (flags == 0) {
                    ck_assert_error(d.rc, d.e, HSSC_E_UNKNOWN, HSSC_FIELD_TARGET, at);
                } else {
                    ck_assert_msg(d.rc == HSSC_OK, "case %zu name: %s", i, hssc_code_name(d.rc));
                    ck_assert_uint_eq(d.r.username.len, 1);
                }
            }
            if (amp == NULL) {
                break;
            }
            p = piece_end + 1;
        }
        ck_assert_msg(npairs == json_len(pairs), "case %zu: %zu pairs", i, npairs);
    }
    /* Counted so that a change in the data or the rules shows. */
    /* 44 pairs: 22 decode to WHATWG's value; 22 are rejected by our
     * stricter rules (16 empty values, 4 malformed escapes, 1 invalid UTF-8,
     * 1 raw non-ASCII). Counted so that a change in data or rules shows. */
    ck_assert_uint_eq(decoded_ok, 22);
    ck_assert_uint_eq(n_empty, 16);
    ck_assert_uint_eq(n_escape, 4);
    ck_assert_uint_eq(n_utf8, 1);
    ck_assert_uint_eq(n_raw, 1);
    yajl_tree_free(all);
}
END_TEST

static const hssc_row percent_rows[] = {
    HSSC_TCASE("codec", 0),
    HSSC_TEST(encode_every_byte),
    HSSC_TEST(roundtrip_every_byte),
    HSSC_TEST(roundtrip_all_bytes_string),
    HSSC_TEST(first_bad),
    HSSC_TEST(decode_cases),
    HSSC_TEST(raw_offsets),
    HSSC_TEST(whole_units),
    /* Some 16000 strings, each against guard pages (mmap): its own case
     * and time limit. */
    HSSC_TCASE("walks", 60),
    HSSC_TEST(decode_recode_walks),
    HSSC_TCASE("conformance", 0),
    HSSC_FIXTURE(load_vectors, free_vectors),
    HSSC_TEST(uriparser_escape),
    HSSC_TEST(uriparser_unescape),
    HSSC_TEST(whatwg_urlencoded),
};

HSSC_CHECK_MAIN("percent", percent_rows)
