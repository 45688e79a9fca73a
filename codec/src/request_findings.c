/*
 * Every finding of a captured request target or URL (hssc_request_decode_all).
 *
 * The rules and offsets are hssc_request_decode's (request.c); this file
 * applies them one by one and goes on after each, so that every parameter
 * is checked on its own. It is kept apart from request.c so that the
 * single-error decoder stays a straight path that stops at the first error.
 * What still ends a target: its length, too many '/', and uriparser's
 * grammar (without a parse there are no parts to check).
 *
 * Floor 4: field_check.c (3), addr.c (2), arena_uri.c (1), percent.c and
 * the field table (0), uriparser.
 */
#include <string.h>

#include <uriparser/Uri.h>

#include "hssc_internal.h"

#define MAX_SLASHES 8u /* as request.c: keeps uriparser's segment list small */
#define PARSE_ARENA 4096u

typedef struct collector {
    const char *in;
    size_t len;
    unsigned flags;
    char *scratch;
    size_t cap;
    size_t used;
    hssc_request *out;
    hssc_findings *fs;
    int path_read;                           /* project_id's segment was found */
    unsigned char broken[HSSC_FIELD_COUNT_]; /* given, but not decodable */
    size_t raw_at[HSSC_FIELD_COUNT_];
    size_t raw_len[HSSC_FIELD_COUNT_];
} collector;

static size_t at_of(const collector *c, const char *p)
{
    return (size_t)(p - c->in);
}

static void add(collector *c, hssc_code code, hssc_field f, size_t offset)
{
    hssc_findings_add(c->fs, code, f, offset, 0, 0);
}

/* Decodes the raw value of field f into scratch, checking its escapes as
 * it goes; a bad escape is a finding and leaves the field broken (given,
 * but without a value to check). */
static void take_value(collector *c, hssc_field f, const char *p, size_t n, int plus)
{
    c->raw_at[f] = at_of(c, p);
    c->raw_len[f] = n;
    size_t bad = n;
    if (c->cap - c->used < n) {
        bad = hssc_pct_first_bad(p, n);
        add(c, bad < n ? HSSC_E_ESCAPE : HSSC_E_BUFFER_TOO_SMALL, f,
            at_of(c, p) + (bad < n ? bad : 0));
        c->broken[f] = 1;
        return;
    }
    char *dst = c->scratch + c->used;
    size_t m = 0;
    bad = hssc_pct_decode_strict(p, n, plus, dst, &m);
    if (bad < n) {
        hssc_wipe(dst, m); /* the part decoded before the bad escape */
        add(c, HSSC_E_ESCAPE, f, at_of(c, p) + bad);
        c->broken[f] = 1;
        return;
    }
    hssc_wipe(dst + m, n - m); /* raw leftovers past the decoded value */
    c->used += m;
    hssc_str *v = hssc_request_field(c->out, f);
    v->ptr = dst;
    v->len = m;
}

/* ---- scheme, host, path ---- */

static size_t span_len(const UriTextRangeA *t)
{
    return (size_t)(t->afterLast - t->first);
}

static int segment_is(const UriPathSegmentA *s, const char *lit)
{
    size_t n = strlen(lit);
    return s != NULL && span_len(&s->text) == n && memcmp(s->text.first, lit, n) == 0;
}

/* The '/' that starts the path: 0 in origin form, else the first '/', '?'
 * or '#' after "scheme://". */
static size_t path_at(const collector *c, const UriUriA *u)
{
    if (u->scheme.first == NULL) {
        return 0;
    }
    size_t i = at_of(c, u->scheme.afterLast) + 3;
    while (i < c->len && c->in[i] != '/' && c->in[i] != '?' && c->in[i] != '#') {
        i++;
    }
    return i;
}

/* Scheme, host, port and user information of an absolute URL; the origin
 * form's own shape. Returns 1 when the path is worth reading: in origin
 * form, or after "scheme://host" (path_at needs the "//" and a host). */
static int check_origin(collector *c, const UriUriA *u)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    if (u->scheme.first == NULL) {
        if (u->hostText.first == NULL && u->absolutePath) {
            return 1;
        }
        add(c, HSSC_E_PATH, T, 0);
        return 0;
    }
    size_t n = span_len(&u->scheme);
    int has_host = u->hostText.afterLast > u->hostText.first;
    if (!((n == 5 && hssc_has_prefix_ci(u->scheme.first, n, "https")) ||
          (n == 4 && hssc_has_prefix_ci(u->scheme.first, n, "http")))) {
        add(c, HSSC_E_SCHEME, T, 0);
        return has_host; /* the host's rules need a known scheme; the path does not */
    }
    size_t host_at = at_of(c, u->scheme.afterLast) + 1;
    if (c->len - host_at >= 2 && c->in[host_at] == '/' && c->in[host_at + 1] == '/') {
        host_at += 2;
    }
    hssc_error e;
    if (!has_host) {
        add(c, HSSC_E_ADDR_HOST, T, host_at);
        return 0;
    }
    if (u->userInfo.first != NULL) {
        add(c, HSSC_E_ADDR_USERINFO, T, at_of(c, u->userInfo.first));
    } else if (hssc_authority_check(c->in, path_at(c, u),
                                    HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ALLOW_HTTP, T,
                                    &e) != HSSC_OK) {
        add(c, e.code, e.field, e.offset);
    }
    return 1;
}

/* The path: the first segment that is not the API's is a finding (and ends
 * the path); project_id is taken when its segment is there. */
static void read_path(collector *c, const UriUriA *u)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    static const char *const fixed[] = {"v5", NULL, "image", "registries", "image-upload-command"};
    const UriPathSegmentA *s = u->pathHead;
    size_t at = path_at(c, u) + 1; /* where segment s starts */
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        if (s == NULL) {
            add(c, HSSC_E_PATH, T, i == 0 ? c->len : at - 1);
            return;
        }
        if (fixed[i] == NULL) {
            take_value(c, HSSC_FIELD_PROJECT_ID, c->in + at, span_len(&s->text), 0);
            c->path_read = 1;
        } else if (!segment_is(s, fixed[i])) {
            add(c, HSSC_E_PATH, T, at);
            return;
        }
        at += span_len(&s->text) + 1;
        s = s->next;
    }
    if (s != NULL) {
        add(c, HSSC_E_PATH, T, at - 1);
    }
}

/* ---- the query ---- */

/* The query field a raw name denotes (HSSC_FIELD_NONE: unknown); the name's
 * escapes are well-formed. */
static hssc_field query_field(const char *p, size_t n)
{
    char name[64];
    if (n >= sizeof(name)) {
        return HSSC_FIELD_NONE; /* names are at most 21 bytes, 63 escaped */
    }
    size_t m = hssc_pct_decode(p, n, 1, name);
    hssc_field f = hssc_field_lookup(name, m);
    return hssc_field_get(f)->location == HSSC_LOC_QUERY ? f : HSSC_FIELD_NONE;
}

static void read_param(collector *c, const char *p, size_t n)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    const char *eq = memchr(p, '=', n);
    size_t name_len = eq != NULL ? (size_t)(eq - p) : n;
    /* As in request.c: the name's escapes, then the value's. */
    size_t bad = hssc_pct_first_bad(p, name_len);
    if (bad < name_len) {
        add(c, HSSC_E_ESCAPE, T, at_of(c, p) + bad);
        return;
    }
    size_t value_at = eq != NULL ? name_len + 1 : n;
    hssc_field f = query_field(p, name_len);
    if (f == HSSC_FIELD_NONE) {
        if ((c->flags & HSSC_ALLOW_UNKNOWN) == 0) {
            hssc_findings_add(c->fs, HSSC_E_UNKNOWN, T, at_of(c, p), at_of(c, p), name_len);
        } else if ((bad = hssc_pct_first_bad(p + value_at, n - value_at)) < n - value_at) {
            add(c, HSSC_E_ESCAPE, T, at_of(c, p) + value_at + bad);
        }
        return;
    }
    if (hssc_request_field(c->out, f)->ptr != NULL || c->broken[f]) {
        hssc_findings_add(c->fs, HSSC_E_DUPLICATE, f, at_of(c, p), at_of(c, p), name_len);
        return;
    }
    take_value(c, f, p + value_at, n - value_at, 1);
}

static void read_query(collector *c, const UriUriA *u)
{
    const char *p = u->query.first;
    const char *end = u->query.afterLast;
    while (p != NULL && p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *piece_end = amp != NULL ? amp : end;
        if (piece_end > p) {
            read_param(c, p, (size_t)(piece_end - p));
        }
        p = piece_end + (amp != NULL ? 1 : 0);
    }
}

/* ---- the values, in hssc_request_validate's order ---- */

static void check_value(collector *c, hssc_field f)
{
    const hssc_str *v = hssc_request_field_const(c->out, f);
    if (v->ptr == NULL) {
        int known_absent = f == HSSC_FIELD_PROJECT_ID ? c->path_read : 1;
        if (known_absent && !c->broken[f] && hssc_field_get(f)->required) {
            add(c, HSSC_E_MISSING, f, c->len);
        }
        return;
    }
    hssc_error e;
    if (hssc_field_check(f, v->ptr, v->len, &e) != HSSC_OK) {
        const char *raw = c->in + c->raw_at[f];
        add(c, e.code, f, c->raw_at[f] + hssc_pct_raw_offset(raw, c->raw_len[f], e.offset));
    }
}

/* ---- names that hold the password ---- */

static int holds(const char *hay, size_t n, const char *needle, size_t m)
{
    for (size_t i = 0; m > 0 && i + m <= n; i++) {
        if (memcmp(hay + i, needle, m) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A name is left out of a finding when it holds the password, as written
 * or decoded (a name that cannot be decoded into the scratch left is left
 * out too). */
static void hide_password_names(collector *c)
{
    const hssc_field P = HSSC_FIELD_PASSWORD;
    const hssc_str *pw = hssc_request_field_const(c->out, P);
    int given = pw->ptr != NULL || c->broken[P];
    if (!given) {
        return;
    }
    const char *raw_pw = c->in + c->raw_at[P];
    for (size_t i = 0; i < c->fs->count; i++) {
        hssc_finding *f = &c->fs->items[i];
        if (f->name_len == 0) {
            continue;
        }
        const char *name = c->in + f->name_at;
        int hide = holds(name, f->name_len, raw_pw, c->raw_len[P]);
        if (!hide && pw->ptr != NULL) {
            if (c->cap - c->used < f->name_len) {
                hide = 1;
            } else {
                char *tmp = c->scratch + c->used;
                size_t m = hssc_pct_decode(name, f->name_len, 1, tmp);
                hide = holds(tmp, m, pw->ptr, pw->len);
                hssc_wipe(tmp, f->name_len);
            }
        }
        if (hide) {
            f->name_at = 0;
            f->name_len = 0;
        }
    }
}

/* ---- the entry point ---- */

/* What ends a target before its parts can be read; 1 when it is ended. */
static int ended_early(collector *c, UriUriA *u, hssc_arena *arena, void *mem, UriMemoryManager *mm)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    if (c->len > HSSC_TARGET_MAX) {
        add(c, HSSC_E_TARGET_TOO_LONG, T, HSSC_TARGET_MAX);
        return 1;
    }
    if (c->len == 0) {
        add(c, HSSC_E_SYNTAX, T, 0);
        return 1;
    }
    size_t slashes = 0;
    for (size_t i = 0; i < c->len && c->in[i] != '?' && c->in[i] != '#'; i++) {
        if (c->in[i] == '/' && ++slashes > MAX_SLASHES) {
            add(c, HSSC_E_PATH, T, i);
            return 1;
        }
    }
    const char *errpos = NULL;
    int urc = hssc_uri_parse(u, c->in, c->len, &errpos, arena, mem, PARSE_ARENA, mm);
    if (urc == URI_SUCCESS) {
        return 0;
    }
    size_t at = errpos != NULL ? at_of(c, errpos) : 0;
    size_t bad = hssc_pct_first_bad_upto(c->in, c->len, at);
    if (urc == URI_ERROR_SYNTAX && bad < c->len && at >= bad && at <= bad + 2) {
        add(c, HSSC_E_ESCAPE, T, bad);
    } else {
        add(c, urc == URI_ERROR_SYNTAX ? HSSC_E_SYNTAX : HSSC_E_WORKSPACE, T, at);
    }
    return 1;
}

hssc_code hssc_request_decode_all(const char *target, size_t len, unsigned flags, char *scratch,
                                  size_t scratch_cap, hssc_request *out, hssc_findings *fs,
                                  hssc_error *err)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    if (out != NULL) {
        memset(out, 0, sizeof(*out));
    }
    HSSC_ENSURE(out != NULL && fs != NULL && (fs->items != NULL || fs->cap == 0) &&
                    (target != NULL || len == 0) && (scratch != NULL || scratch_cap == 0),
                err, HSSC_E_ARGUMENT, T, 0);
    fs->count = 0;
    fs->dropped = 0;
    collector c;
    memset(&c, 0, sizeof(c));
    c.in = target;
    c.len = len;
    c.flags = flags;
    c.scratch = scratch;
    c.cap = scratch_cap;
    c.out = out;
    c.fs = fs;

    unsigned char mem[PARSE_ARENA];
    hssc_arena arena;
    UriMemoryManager mm;
    UriUriA u;
    if (!ended_early(&c, &u, &arena, mem, &mm)) {
        if (check_origin(&c, &u)) {
            read_path(&c, &u);
        }
        read_query(&c, &u);
        if (u.fragment.first != NULL) {
            add(&c, HSSC_E_FRAGMENT, T, at_of(&c, u.fragment.first) - 1);
        }
        check_value(&c, HSSC_FIELD_PROJECT_ID);
        for (size_t i = 0; i < hssc_query_fields_count; i++) {
            check_value(&c, hssc_query_fields[i]);
        }
        hide_password_names(&c);
        uriFreeUriMembersMmA(&u, &mm);
    }
    hssc_code rc = hssc_findings_result(fs, err);
    if (rc != HSSC_OK) {
        memset(out, 0, sizeof(*out));
        hssc_wipe(scratch, c.used);
    }
    return rc;
}
