/*
 * codec/src/addr.c: registry_addr (and the host/port rules it shares with
 * endpoints), through hssc_registry_addr_check, plus uriparser's IPv4/IPv6
 * conformance vectors (tests/data/url/uriparser/, LGPL-2.1-or-later data:
 * see the SOURCE.md there).
 */
#include "check_util.h"
#include "hssc_internal.h"
#include "json_util.h"

static const hssc_field F = HSSC_FIELD_REGISTRY_ADDR;

/* Checks (s, strlen(s)) placed flush against a guard page. */
static hssc_code check(const char *s, hssc_error *e)
{
    size_t len = strlen(s);
    char *g = guard_copy(s, len);
    *e = (hssc_error){HSSC_OK, HSSC_FIELD_NONE, 999999};
    hssc_code rc = hssc_registry_addr_check(g, len, e);
    /* The generic entry point must say the same. */
    hssc_error e2 = {HSSC_OK, HSSC_FIELD_NONE, 999999};
    ck_assert_int_eq(hssc_field_check(F, g, len, &e2), rc);
    if (rc != HSSC_OK) {
        ck_assert_int_eq(e2.code, e->code);
        ck_assert_uint_eq(e2.offset, e->offset);
    }
    guard_free(g, len);
    return rc;
}

#define ASSERT_OK(s)                                                                               \
    do {                                                                                           \
        hssc_error e_;                                                                             \
        hssc_code rc_ = check((s), &e_);                                                           \
        ck_assert_msg(rc_ == HSSC_OK, "'%s': %s at %zu", (s), hssc_code_name(rc_), e_.offset);     \
    } while (0)

#define ASSERT_REJECT(s, want, off)                                                                \
    do {                                                                                           \
        hssc_error e_;                                                                             \
        hssc_code rc_ = check((s), &e_);                                                           \
        ck_assert_msg(rc_ == (want) && e_.code == (want) && e_.field == F &&                       \
                          e_.offset == (size_t)(off),                                              \
                      "'%s': want %s at %zu, got %s field %d at %zu", (s), hssc_code_name(want),   \
                      (size_t)(off), hssc_code_name(rc_), (int)e_.field, e_.offset);               \
    } while (0)

/* ---- accepted forms ---- */

static const char *const hosts[] = {"hub.docker.com",
                                    "registry-1.example.org",
                                    "localhost",
                                    "xn--bcher-kva.example",
                                    "a",
                                    "HUB.Docker.COM",
                                    "hub.docker.com.",
                                    "10.0.0.1",
                                    "255.255.255.255",
                                    "0.0.0.0",
                                    "[2001:db8::1]",
                                    "[::1]",
                                    "[::ffff:192.0.2.1]",
                                    "[::]",
                                    "[2001:DB8:0:0:8:800:200C:417A]"};
static const char *const ports[] = {"", ":1", ":443", ":5000", ":65535"};
static const char *const schemes[] = {"", "http://", "https://", "HTTP://", "Https://"};
static const char *const tails[] = {"", "/"};

START_TEST(accepted_forms)
{
    /* Every host x port x scheme x trailing '/' combination. */
    size_t n = 0;
    for (size_t h = 0; h < sizeof(hosts) / sizeof(hosts[0]); h++) {
        for (size_t p = 0; p < sizeof(ports) / sizeof(ports[0]); p++) {
            for (size_t s = 0; s < sizeof(schemes) / sizeof(schemes[0]); s++) {
                for (size_t t = 0; t < 2; t++) {
                    char buf[128];
                    snprintf(buf, sizeof(buf), "%s%s%s%s", schemes[s], hosts[h], ports[p],
                             tails[t]);
                    ASSERT_OK(buf);
                    n++;
                }
            }
        }
    }
    ck_assert_uint_eq(n, 15 * 5 * 5 * 2);
}
END_TEST

/* ---- rejected forms: each bare, behind http:// and behind https:// ---- */

typedef struct reject_case {
    const char *core;
    hssc_code code;
    size_t off; /* into core */
} reject_case;

static const reject_case rejects[] = {
    /* user information (would leak a password) */
    {"user@host", HSSC_E_ADDR_USERINFO, 0},
    {"user:pw@host:5000", HSSC_E_ADDR_USERINFO, 0},
    {"@host", HSSC_E_ADDR_USERINFO, 0},
    {"u:p@[::1]", HSSC_E_ADDR_USERINFO, 0},
    /* paths beyond one '/' */
    {"host/a", HSSC_E_ADDR_PATH, 5},
    {"host//", HSSC_E_ADDR_PATH, 5},
    {"host/v2/", HSSC_E_ADDR_PATH, 5},
    {"host:5000/v2/", HSSC_E_ADDR_PATH, 10},
    {"10.0.0.1/x", HSSC_E_ADDR_PATH, 9},
    {"[::1]/x", HSSC_E_ADDR_PATH, 6},
    {"[::1]:80//", HSSC_E_ADDR_PATH, 9},
    /* query, fragment (also empty ones) */
    {"host?x=1", HSSC_E_ADDR_QUERY, 4},
    {"host?", HSSC_E_ADDR_QUERY, 4},
    {"host/?x", HSSC_E_ADDR_QUERY, 5},
    {"host:80?", HSSC_E_ADDR_QUERY, 7},
    {"host#f", HSSC_E_ADDR_FRAGMENT, 4},
    {"host#", HSSC_E_ADDR_FRAGMENT, 4},
    {"host/#f", HSSC_E_ADDR_FRAGMENT, 5},
    /* empty host */
    {":80", HSSC_E_ADDR_HOST, 0},
    {":", HSSC_E_ADDR_HOST, 0},
    /* whitespace (uriparser's error position) */
    {" host", HSSC_E_ADDR_SYNTAX, 0},
    {"host ", HSSC_E_ADDR_SYNTAX, 4},
    {"ho st", HSSC_E_ADDR_SYNTAX, 2},
    {"host\t", HSSC_E_CONTROL, 4},
    {"host\n", HSSC_E_CONTROL, 4},
    {"host\xC2\xA0", HSSC_E_ADDR_SYNTAX, 4}, /* U+00A0 NO-BREAK SPACE */
    /* ports */
    {"host:0", HSSC_E_ADDR_PORT, 5},
    {"host:00", HSSC_E_ADDR_PORT, 5},
    {"host:65536", HSSC_E_ADDR_PORT, 5},
    {"host:99999", HSSC_E_ADDR_PORT, 5},
    {"host:100000", HSSC_E_ADDR_PORT, 5},
    {"host:", HSSC_E_ADDR_PORT, 5},
    {"host:01", HSSC_E_ADDR_PORT, 5},
    {"host:080", HSSC_E_ADDR_PORT, 5},
    {"10.0.0.1:0", HSSC_E_ADDR_PORT, 9},
    {"10.0.0.1:", HSSC_E_ADDR_PORT, 9},
    {"[::1]:0", HSSC_E_ADDR_PORT, 6},
    {"[::1]:", HSSC_E_ADDR_PORT, 6},
    {"[::1]:65536", HSSC_E_ADDR_PORT, 6},
    /* A sign is not a port character: uriparser then reads "host:+1" as
     * possible user information and gives up at the end, looking for '@'.
     * The position is uriparser's errorPos. */
    {"host:+1", HSSC_E_ADDR_SYNTAX, 7},
    {"host:-1", HSSC_E_ADDR_SYNTAX, 7},
    {"host:1+", HSSC_E_ADDR_SYNTAX, 7},
    {"host:80:90", HSSC_E_ADDR_SYNTAX, 10},
    /* host names */
    {"-host.com", HSSC_E_ADDR_HOST, 0},
    {"host-.com", HSSC_E_ADDR_HOST, 4},
    {"a.-b.com", HSSC_E_ADDR_HOST, 2},
    {"a.b-", HSSC_E_ADDR_HOST, 3},
    {"a.b-:80", HSSC_E_ADDR_HOST, 3},
    {"-", HSSC_E_ADDR_HOST, 0},
    {"a..b", HSSC_E_ADDR_HOST, 2},
    {".a", HSSC_E_ADDR_HOST, 0},
    {"a..", HSSC_E_ADDR_HOST, 2},
    {"a_b.com", HSSC_E_ADDR_HOST, 1},
    {"h%41st", HSSC_E_ADDR_HOST, 1}, /* a reg-name may be percent-encoded; a host name not */
    {"a!b", HSSC_E_ADDR_HOST, 1},
    {"host$", HSSC_E_ADDR_HOST, 4},
    {"256.1.1.1", HSSC_E_ADDR_HOST, 8}, /* all-numeric top label: not IPv4, not a name */
    {"1.2.3.04", HSSC_E_ADDR_HOST, 6},
    {"1.2.3.4.", HSSC_E_ADDR_HOST, 6},
    {"example.123", HSSC_E_ADDR_HOST, 8},
    {"123", HSSC_E_ADDR_HOST, 0},
    {"1.2.3", HSSC_E_ADDR_HOST, 4},
    {"[v1.fe]", HSSC_E_ADDR_HOST, 1}, /* IPvFuture */
    {"[::1", HSSC_E_ADDR_SYNTAX, 4},
    {"::1", HSSC_E_ADDR_SYNTAX, 3},
    {"[::1]x", HSSC_E_ADDR_SYNTAX, 5},
    {"[fe80::1%25eth0]", HSSC_E_ADDR_SYNTAX, 8}, /* zone IDs are not RFC 3986 */
    {"h\xC3\xA9st", HSSC_E_ADDR_SYNTAX, 1},      /* IDN: only the xn-- form */
};

/* Every row of the table, as it is, is refused as it says. */
#define ALL_REJECTED(rows)                                                                         \
    do {                                                                                           \
        for (size_t i_ = 0; i_ < HSSC_NELEM(rows); i_++) {                                         \
            ASSERT_REJECT((rows)[i_].core, (rows)[i_].code, (rows)[i_].off);                       \
        }                                                                                          \
    } while (0)

START_TEST(rejected_forms)
{
    const reject_case *c = &rejects[_i];
    static const char *const pre[] = {"", "http://", "https://"};
    for (size_t p = 0; p < 3; p++) {
        char buf[128];
        snprintf(buf, sizeof(buf), "%s%s", pre[p], c->core);
        ASSERT_REJECT(buf, c->code, strlen(pre[p]) + c->off);
    }
}
END_TEST

static const reject_case bad_schemes[] = {
    {"ftp://host", HSSC_E_ADDR_SCHEME, 0},
    {"file://host/", HSSC_E_ADDR_SCHEME, 0},
    {"ws://host", HSSC_E_ADDR_SCHEME, 0},
    {"git+ssh://host", HSSC_E_ADDR_SCHEME, 0},
    {"httpss://host", HSSC_E_ADDR_SCHEME, 0},
    {"htt://host", HSSC_E_ADDR_SCHEME, 0},
    {"docker://hub.docker.com", HSSC_E_ADDR_SCHEME, 0},
    /* Without "//" there is no scheme: the text is host:port and the
     * "port" is not a number. */
    {"https:host", HSSC_E_ADDR_SYNTAX, 10},
    {"mailto:x", HSSC_E_ADDR_SYNTAX, 8},
    {"http:/host", HSSC_E_ADDR_PORT, 5},
    {"//host", HSSC_E_ADDR_HOST, 0}, /* empty host, then a path */
};

START_TEST(rejected_schemes)
{
    ALL_REJECTED(bad_schemes);
}
END_TEST

static const reject_case empty_hosts[] = {
    /* The position of an empty host is right after "://". */
    {"", HSSC_E_TOO_SHORT, 0},           {"http://", HSSC_E_ADDR_HOST, 7},
    {"https://", HSSC_E_ADDR_HOST, 8},   {"https:///", HSSC_E_ADDR_HOST, 8},
    {"http://?", HSSC_E_ADDR_HOST, 7},   {"http://#", HSSC_E_ADDR_HOST, 7},
    {"http://:80", HSSC_E_ADDR_HOST, 7}, {"/", HSSC_E_ADDR_HOST, 0},
};

START_TEST(empty_host_behind_scheme)
{
    ALL_REJECTED(empty_hosts);
}
END_TEST

/* ---- host name lengths ---- */

/* A name of n characters in labels of at most label characters. */
static void make_name(char *out, size_t n, size_t label)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = (i % (label + 1) == label) ? '.' : (char)('a' + i % 26);
    }
    out[n] = '\0';
}

START_TEST(label_lengths)
{
    char buf[300];
    char l63[64];
    make_name(l63, 63, 63);
    snprintf(buf, sizeof(buf), "%s.example.com", l63);
    ASSERT_OK(buf);
    snprintf(buf, sizeof(buf), "example.%s", l63);
    ASSERT_OK(buf);
    snprintf(buf, sizeof(buf), "https://%s:443/", l63);
    ASSERT_OK(buf);
    char l64[65];
    make_name(l64, 64, 64);
    snprintf(buf, sizeof(buf), "%s.example.com", l64);
    ASSERT_REJECT(buf, HSSC_E_ADDR_HOST, 63);
    snprintf(buf, sizeof(buf), "example.%s", l64);
    ASSERT_REJECT(buf, HSSC_E_ADDR_HOST, 8 + 63);
    snprintf(buf, sizeof(buf), "http://a.%s:80", l64);
    ASSERT_REJECT(buf, HSSC_E_ADDR_HOST, 7 + 2 + 63);
}
END_TEST

START_TEST(name_lengths)
{
    char name[300];
    char buf[320];
    make_name(name, 253, 63);
    ck_assert_uint_eq(strlen(name), 253);
    ck_assert_int_ne(name[252], '.');
    ASSERT_OK(name);
    snprintf(buf, sizeof(buf), "%s.", name); /* 253 + the root's dot */
    ASSERT_OK(buf);
    snprintf(buf, sizeof(buf), "%s/", name);
    ASSERT_OK(buf);
    make_name(name, 254, 63);
    ASSERT_REJECT(name, HSSC_E_ADDR_HOST, 253);
    snprintf(buf, sizeof(buf), "%s.", name);
    ASSERT_REJECT(buf, HSSC_E_ADDR_HOST, 253);
    snprintf(buf, sizeof(buf), "%s/", name);
    ASSERT_REJECT(buf, HSSC_E_ADDR_HOST, 253);
    /* 253 + ":5000" = 258 characters: over the field's 256 first. */
    make_name(name, 253, 63);
    snprintf(buf, sizeof(buf), "%s:5000", name);
    ASSERT_REJECT(buf, HSSC_E_TOO_LONG, 256);
    /* Two trailing dots are an empty label. */
    make_name(name, 10, 63);
    snprintf(buf, sizeof(buf), "%s..", name);
    ASSERT_REJECT(buf, HSSC_E_ADDR_HOST, 11); /* the second dot ends it */
}
END_TEST

/* ---- uriparser conformance vectors ---- */

static yajl_val vector_list(const char *group, const char *list)
{
    const char *path[] = {group, list, NULL};
    return json_get(vectors, path, yajl_t_array);
}

/* Each address of the list l, put between each pre[i] and post[i], is
 * accepted. */
static void all_accepted(yajl_val l, const char *const pre[], const char *const post[],
                         size_t forms)
{
    for (size_t i = 0; i < json_len(l); i++) {
        const char *ip = json_str(json_at(l, i));
        for (size_t f = 0; f < forms; f++) {
            char buf[96];
            snprintf(buf, sizeof(buf), "%s%s%s", pre[f], ip, post[f]);
            ASSERT_OK(buf);
        }
    }
}

START_TEST(conformance_ipv4_valid)
{
    /* RFC 3986 dec-octets: each is a valid registry_addr, as is, with a
     * port and behind https://. */
    yajl_val l = vector_list("ipv4_address", "valid");
    ck_assert_uint_eq(json_len(l), 6);
    static const char *const pre[] = {"", "", "https://"};
    static const char *const post[] = {"", ":5000", "/"};
    all_accepted(l, pre, post, 3);
}
END_TEST

/*
 * The invalid IPv4 list is invalid only as an IPv4address. For uriparser
 * (RFC 3986) such text is a valid reg-name, so uriparser itself accepts
 * "//01.0.0.0". Our contract is stricter: a host that is not an IPv4 literal
 * must be an RFC 1123 name whose top label is not all digits, so every one
 * of them is rejected here, as a host, at the position given below (the
 * start of the all-numeric top label, the empty label, or the hyphen).
 */
static const struct {
    const char *in;
    size_t off;
} ipv4_invalid[] = {
    {"01.0.0.0", 7},  {"001.0.0.0", 8},  {"00.0.0.0", 7}, {"000.0.0.0", 8}, {"256.0.0.0", 8},
    {"300.0.0.0", 8}, {"1111.0.0.0", 9}, {"-1.0.0.0", 0}, {"0.0.0", 4},     {"0.0.0.", 4},
    {"0.0.0.0.", 6},  {"0.0.0.0.0", 8},  {"0.0..0", 4},   {".0.0.0", 0},
};

/* Calls one(i, address) for each address of the list, which holds n. */
static void each_vector(const char *group, const char *list, size_t n,
                        void (*one)(size_t i, const char *ip))
{
    yajl_val l = vector_list(group, list);
    ck_assert_uint_eq(json_len(l), n);
    for (size_t i = 0; i < n; i++) {
        one(i, json_str(json_at(l, i)));
    }
}

static void ipv4_refused(size_t i, const char *ip)
{
    ck_assert_str_eq(ip, ipv4_invalid[i].in);
    ASSERT_REJECT(ip, HSSC_E_ADDR_HOST, ipv4_invalid[i].off);
    char buf[64];
    snprintf(buf, sizeof(buf), "http://%s:80", ip);
    ASSERT_REJECT(buf, HSSC_E_ADDR_HOST, 7 + ipv4_invalid[i].off);
}

START_TEST(conformance_ipv4_invalid)
{
    each_vector("ipv4_address", "invalid", HSSC_NELEM(ipv4_invalid), ipv4_refused);
}
END_TEST

START_TEST(conformance_ipv6_valid)
{
    yajl_val l = vector_list("ipv6_address", "valid");
    ck_assert_uint_eq(json_len(l), 45);
    static const char *const pre[] = {"[", "https://["};
    static const char *const post[] = {"]", "]:65535/"};
    all_accepted(l, pre, post, 2);
}
END_TEST

/*
 * The invalid IPv6 list, as "[v6]": uriparser's grammar rejects each, and
 * so do we, as a syntax error at uriparser's errorPos (where its IPv6
 * parser gave up), shifted to our input. No case differs from uriparser.
 */
static const size_t ipv6_invalid_off[] = {
    7,  12, 3, 7,  12, 7,  2,  5,  27, 14, 14, 16, 16, 16, 15, 16, 8,
    18, 16, 8, 13, 13, 14, 13, 15, 1,  17, 1,  5,  1,  1,  16, 1,  15,
};

static void ipv6_refused(size_t i, const char *ip)
{
    char buf[96];
    snprintf(buf, sizeof(buf), "[%s]", ip);
    size_t off = ipv6_invalid_off[i];
    ck_assert_uint_ge(off, 1); /* inside the brackets */
    ck_assert_uint_le(off, strlen(buf) - 1);
    ASSERT_REJECT(buf, HSSC_E_ADDR_SYNTAX, off);
    snprintf(buf, sizeof(buf), "https://[%s]", ip);
    ASSERT_REJECT(buf, HSSC_E_ADDR_SYNTAX, 8 + off);
}

START_TEST(conformance_ipv6_invalid)
{
    each_vector("ipv6_address", "invalid", HSSC_NELEM(ipv6_invalid_off), ipv6_refused);
}
END_TEST

/*
 * Not used here: the vectors' parse_good_uri_references and
 * parse_bad_uri_references are whole URI references (paths, queries, other
 * schemes), not authorities, so nearly all of them are outside what a
 * registry_addr may be. The escape/unescape lists are used by
 * test_percent.c.
 */

static const hssc_row addr_rows[] = {
    HSSC_TCASE("forms", 0),
    HSSC_TEST(accepted_forms),
    HSSC_LOOP(rejected_forms, HSSC_NELEM(rejects)),
    HSSC_TEST(rejected_schemes),
    HSSC_TEST(empty_host_behind_scheme),
    HSSC_TEST(label_lengths),
    HSSC_TEST(name_lengths),
    HSSC_TCASE("conformance", 0),
    HSSC_FIXTURE(load_vectors, free_vectors),
    HSSC_TEST(conformance_ipv4_valid),
    HSSC_TEST(conformance_ipv4_invalid),
    HSSC_TEST(conformance_ipv6_valid),
    HSSC_TEST(conformance_ipv6_invalid),
};

HSSC_CHECK_MAIN("addr", addr_rows)
