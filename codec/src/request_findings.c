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
 * Floor 4: target.c (3: the target's parts, read as request.c reads them),
 * field_check.c (3), percent.c and the field table (0).
 */
#include <stdint.h>
#include <string.h>

#include "target.h"

typedef struct collector {
    hssc_target_values v;
    hssc_findings *fs;
    int path_read;                           /* project_id's segment was found */
    unsigned char broken[HSSC_FIELD_COUNT_]; /* given, but not decodable */
} collector;

static size_t at_of(const collector *c, const char *p)
{
    return (size_t)(p - c->v.in);
}

static void add(collector *c, hssc_code code, hssc_field f, size_t offset)
{
    hssc_findings_add(c->fs, code, f, offset, 0, 0);
}

static void add_error(collector *c, const hssc_error *e)
{
    add(c, e->code, e->field, e->offset);
}

/* Decodes the raw value of field f into scratch; a bad escape is a finding
 * and leaves the field broken (given, but without a value to check). */
static void take_value(collector *c, hssc_field f, const char *p, size_t n, int plus)
{
    size_t at = 0;
    hssc_code rc = hssc_target_take(&c->v, f, p, n, plus, hssc_request_field(c->v.out, f), &at);
    if (rc != HSSC_OK) {
        add(c, rc, f, at);
        c->broken[f] = 1;
    }
}

/* ---- origin, path, query ---- */

/* The origin's first finding; the path, whose first wrong segment is a
 * finding (project_id is taken whenever its segment is there). */
static void read_origin_and_path(collector *c, const hssc_target *t)
{
    hssc_error e;
    hssc_code origin = hssc_target_origin(t, &e);
    if (origin != HSSC_OK) {
        add_error(c, &e);
    }
    if (!hssc_target_path_readable(t, origin)) {
        return;
    }
    size_t pid_at = 0;
    size_t pid_len = 0;
    hssc_code path = hssc_target_path(t, &pid_at, &pid_len, &e);
    if (pid_at != SIZE_MAX) {
        take_value(c, HSSC_FIELD_PROJECT_ID, c->v.in + pid_at, pid_len, 0);
        c->path_read = 1;
    }
    if (path != HSSC_OK) {
        add_error(c, &e);
    }
}

static void read_param(collector *c, const char *p, size_t n)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    hssc_target_param q;
    hssc_target_param_read(p, n, &q);
    if (q.name_bad < q.name_len) {
        add(c, HSSC_E_ESCAPE, T, at_of(c, p) + q.name_bad);
        return;
    }
    if (q.field == HSSC_FIELD_NONE) {
        size_t bad = n;
        if ((c->v.flags & HSSC_ALLOW_UNKNOWN) == 0) {
            hssc_findings_add(c->fs, HSSC_E_UNKNOWN, T, at_of(c, p), at_of(c, p), q.name_len);
        } else if ((bad = hssc_target_value_bad(p, n, &q)) < n) {
            add(c, HSSC_E_ESCAPE, T, at_of(c, p) + bad);
        }
        return;
    }
    if (hssc_request_field(c->v.out, q.field)->ptr != NULL || c->broken[q.field]) {
        hssc_findings_add(c->fs, HSSC_E_DUPLICATE, q.field, at_of(c, p), at_of(c, p), q.name_len);
        return;
    }
    take_value(c, q.field, p + q.value_at, n - q.value_at, 1);
}

/* ---- the values, in hssc_request_validate's order ---- */

static void check_value(collector *c, hssc_field f)
{
    const hssc_str *v = hssc_request_field_const(c->v.out, f);
    if (v->ptr == NULL) {
        int known_absent = f == HSSC_FIELD_PROJECT_ID ? c->path_read : 1;
        if (known_absent && !c->broken[f] && hssc_field_get(f)->required) {
            add(c, HSSC_E_MISSING, f, c->v.len);
        }
        return;
    }
    hssc_error e;
    if (hssc_field_check(f, v->ptr, v->len, &e) != HSSC_OK) {
        add(c, e.code, f, hssc_target_raw_offset(&c->v, f, e.offset));
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
    const hssc_str *pw = hssc_request_field_const(c->v.out, P);
    int given = pw->ptr != NULL || c->broken[P];
    if (!given) {
        return;
    }
    const char *raw_pw = c->v.in + c->v.raw_at[P];
    for (size_t i = 0; i < c->fs->count; i++) {
        hssc_finding *f = &c->fs->items[i];
        if (f->name_len == 0) {
            continue;
        }
        const char *name = c->v.in + f->name_at;
        int hide = holds(name, f->name_len, raw_pw, c->v.raw_len[P]);
        if (!hide && pw->ptr != NULL) {
            if (c->v.cap - c->v.used < f->name_len) {
                hide = 1;
            } else {
                char *tmp = c->v.scratch + c->v.used;
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
    c.v.in = target;
    c.v.len = len;
    c.v.flags = flags;
    c.v.scratch = scratch;
    c.v.cap = scratch_cap;
    c.v.out = out;
    c.fs = fs;

    hssc_target t;
    hssc_error e;
    /* What ends a target before its parts can be read: its length, too many
     * '/', and uriparser's grammar (without a parse there are no parts). */
    if (hssc_target_parse(&t, target, len, &e) != HSSC_OK) {
        add_error(&c, &e);
    } else {
        read_origin_and_path(&c, &t);
        hssc_query_iter it = hssc_target_query(&t);
        const char *p = NULL;
        size_t n = 0;
        while (hssc_target_next_param(&it, &p, &n)) {
            read_param(&c, p, n);
        }
        if (t.u.fragment.first != NULL) {
            add(&c, HSSC_E_FRAGMENT, T, at_of(&c, t.u.fragment.first) - 1);
        }
        check_value(&c, HSSC_FIELD_PROJECT_ID);
        for (size_t i = 0; i < hssc_query_fields_count; i++) {
            check_value(&c, hssc_query_fields[i]);
        }
        hide_password_names(&c);
        hssc_target_free(&t);
    }
    hssc_code rc = hssc_findings_result(fs, err);
    if (rc != HSSC_OK) {
        memset(out, 0, sizeof(*out));
        hssc_wipe(scratch, c.v.used);
    }
    return rc;
}
