/*
 * A captured request target or URL read into its parts (target.c), for the
 * two request decoders: hssc_request_decode (request.c), which stops at the
 * first error, and hssc_request_decode_all (request_findings.c), which goes
 * on after each. What they share is here, so that both read a target by the
 * same rules and give the same offsets; what each does with an error stays
 * in its own file.
 */
#ifndef HSSCODEC_TARGET_H
#define HSSCODEC_TARGET_H

#include <uriparser/Uri.h>

#include "hssc_internal.h"

/* Enough for uriparser's segment list of a target with the most '/' that
 * hssc_target_parse lets through. */
#define HSSC_TARGET_ARENA 4096u

/* A target parsed by uriparser on a stack arena. Not to be copied or moved
 * while parsed: uriparser's memory manager points into it. */
typedef struct hssc_target {
    const char *in; /* the whole target; every offset is into it */
    size_t len;
    UriUriA u;
    hssc_arena arena;
    UriMemoryManager mm;
    unsigned char mem[HSSC_TARGET_ARENA];
} hssc_target;

/* Checks the length and the number of '/' of the path, then parses.
 * HSSC_OK: hssc_target_free() must follow. Else *err (field
 * HSSC_FIELD_TARGET) and nothing to free: HSSC_E_TARGET_TOO_LONG,
 * HSSC_E_SYNTAX (empty, or uriparser's grammar), HSSC_E_PATH (too many '/'),
 * HSSC_E_ESCAPE (a malformed escape where uriparser stopped),
 * HSSC_E_WORKSPACE. */
hssc_code hssc_target_parse(hssc_target *t, const char *in, size_t len, hssc_error *err);

void hssc_target_free(hssc_target *t);

/* The origin: an absolute URL's scheme (http or https), host (not empty,
 * no user information) and port by the endpoint's rules; origin form must
 * start with "/" and not "//". The first error in that order. */
hssc_code hssc_target_origin(const hssc_target *t, hssc_error *err);

/* Whether the path is worth reading after hssc_target_origin's answer:
 * in origin form only when that was HSSC_OK, in an absolute URL whenever a
 * host was found (the path's rules do not need the scheme's). */
int hssc_target_path_readable(const hssc_target *t, hssc_code origin);

/* The path, "/v5/{project_id}/image/registries/image-upload-command": its
 * first error (HSSC_E_PATH), or HSSC_OK. *pid_at and *pid_len are the raw
 * project_id segment whenever the path reaches it (also when a later
 * segment is wrong); *pid_at is SIZE_MAX when it does not. */
hssc_code hssc_target_path(const hssc_target *t, size_t *pid_at, size_t *pid_len, hssc_error *err);

/* The query's parameters, one after the other (hssc_target_query(), then
 * hssc_target_next_param() until it gives 0). */
typedef struct hssc_query_iter {
    const char *p; /* the next byte to read */
    const char *end;
} hssc_query_iter;

/* One query parameter [p, p + n), "name[=value]". */
typedef struct hssc_target_param {
    hssc_field field; /* the query field the name denotes, HSSC_FIELD_NONE */
    size_t name_len;
    size_t name_bad; /* first malformed escape of the name, or name_len */
    size_t value_at; /* where the value starts (n when there is no '=') */
} hssc_target_param;

/* hssc_target_param_read for a name that is not a known one as written. */
void hssc_target_param_other(const char *p, hssc_target_param *q);

/* What follows runs once per parameter or value: inline, so that the
 * decoders pay no call of their own for it. It calls the field table,
 * percent.c and wipe.c (floor 0), and target.c for a name that is not a
 * known one as written. */

static inline hssc_query_iter hssc_target_query(const hssc_target *t)
{
    hssc_query_iter it = {t->u.query.first, t->u.query.afterLast};
    if (it.p == NULL) {
        it.p = it.end = t->in + t->len; /* no query: nothing to read */
    }
    return it;
}

/* The next non-empty piece of the query between '&' (a trailing '&' and
 * "&&" give none; ';' is an ordinary byte): 1 with [*p, *p + *n), or 0 at
 * the end. */
static inline int hssc_target_next_param(hssc_query_iter *it, const char **p, size_t *n)
{
    while (it->p < it->end) {
        const char *start = it->p;
        const char *amp = memchr(start, '&', (size_t)(it->end - start));
        const char *piece_end = amp != NULL ? amp : it->end;
        it->p = amp != NULL ? amp + 1 : it->end;
        if (piece_end > start) {
            *p = start;
            *n = (size_t)(piece_end - start);
            return 1;
        }
    }
    return 0;
}

/* Reads the name of the parameter [p, p + n); a known field's value is
 * left to decode (and check) by the caller. */
static inline void hssc_target_param_read(const char *p, size_t n, hssc_target_param *q)
{
    const char *eq = memchr(p, '=', n);
    q->name_len = eq != NULL ? (size_t)(eq - p) : n;
    q->value_at = eq != NULL ? q->name_len + 1 : n;
    /* No known name holds '%' or '+': a raw name equal to one is that one
     * (every name a client sends) and well-formed. */
    q->name_bad = q->name_len;
    q->field = hssc_query_field_lookup(p, q->name_len);
    if (q->field == HSSC_FIELD_NONE) {
        hssc_target_param_other(p, q);
    }
}

/* The first malformed escape of an unknown parameter's value (an offset in
 * the parameter), or n: a parameter that is skipped must be well-formed. */
static inline size_t hssc_target_value_bad(const char *p, size_t n, const hssc_target_param *q)
{
    return q->value_at + hssc_pct_first_bad(p + q->value_at, n - q->value_at);
}

/* ---- the values ---- */

/* What a decoder has made of a target so far: the values decoded into the
 * caller's scratch, and where each came from in the target. */
typedef struct hssc_target_values {
    const char *in; /* the whole target */
    size_t len;
    unsigned flags;
    char *scratch;
    size_t cap;
    size_t used;
    hssc_request *out;
    /* Where each field's raw (encoded) value starts and how long it is, to
     * map an offset in a decoded value back to the target. */
    size_t raw_at[HSSC_FIELD_COUNT_];
    size_t raw_len[HSSC_FIELD_COUNT_];
} hssc_target_values;

/* Decodes the raw value [p, p + n) of field f into the scratch, checking
 * its escapes as it goes (one read of the value), and points *v at it:
 * HSSC_OK. Else *v is unchanged and nothing decoded is left in the
 * scratch: HSSC_E_ESCAPE with *at the offset of the malformed escape in the
 * target, or HSSC_E_BUFFER_TOO_SMALL with *at the offset of p (a bad escape
 * is said first, as when the value fits). */
static inline hssc_code hssc_target_take(hssc_target_values *tv, hssc_field f, const char *p,
                                         size_t n, int plus, hssc_str *v, size_t *at)
{
    size_t raw_at = (size_t)(p - tv->in);
    tv->raw_at[f] = raw_at;
    tv->raw_len[f] = n;
    if (tv->cap - tv->used < n) {
        size_t bad = hssc_pct_first_bad(p, n);
        *at = raw_at + (bad < n ? bad : 0);
        return bad < n ? HSSC_E_ESCAPE : HSSC_E_BUFFER_TOO_SMALL;
    }
    char *dst = tv->scratch + tv->used;
    size_t m = 0;
    size_t bad = hssc_pct_decode_strict(p, n, plus, dst, &m);
    if (bad < n) {
        hssc_wipe(dst, m); /* the part decoded before the bad escape */
        *at = raw_at + bad;
        return HSSC_E_ESCAPE;
    }
    tv->used += m;
    v->ptr = dst;
    v->len = m;
    return HSSC_OK;
}

/* The offset in the target of byte nth of field f's decoded value. */
static inline size_t hssc_target_raw_offset(const hssc_target_values *tv, hssc_field f, size_t nth)
{
    return tv->raw_at[f] + hssc_pct_raw_offset(tv->in + tv->raw_at[f], tv->raw_len[f], nth);
}

#endif /* HSSCODEC_TARGET_H */
