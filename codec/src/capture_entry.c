/*
 * Checks one HAR entry the reader has kept (capture_walk.c) and reports
 * its findings: DESIGN.md, "Captured traffic", rule by rule. What is read
 * of the entry's URL is capture_url.c's.
 */
#include <string.h>

#include "capture_internal.h"

/* ---- findings ---- */

typedef struct entry_report {
    hssc_capture *c;
    hssc_capture_finding f;
    har_passwords pw;
    int violations;
    int not_captured;
    int api_error;
} entry_report;

static void report(entry_report *r, hssc_side side, hssc_finding_kind kind, hssc_code code,
                   hssc_field field, size_t offset)
{
    hssc_capture_finding f = r->f;
    f.side = side;
    f.kind = kind;
    f.error.code = code;
    f.error.field = field;
    f.error.offset = offset;
    r->violations += kind == HSSC_FINDING_VIOLATION;
    r->not_captured += kind == HSSC_FINDING_NOT_CAPTURED;
    r->api_error += kind == HSSC_FINDING_API_ERROR;
    r->c->cb(r->c->cb_ctx, &f);
}

static void violation(entry_report *r, hssc_side side, const hssc_error *err)
{
    report(r, side, HSSC_FINDING_VIOLATION, err->code, err->field, err->offset);
}

/* An unknown or repeated parameter is named (at most 64 bytes as written),
 * unless the name holds the password or the token. */
static void request_violation(entry_report *r, const hssc_error *err)
{
    const har_entry *e = &r->c->e;
    if ((err->code == HSSC_E_UNKNOWN || err->code == HSSC_E_DUPLICATE) &&
        err->offset < e->url.len) {
        const char *s = e->url.ptr + err->offset;
        size_t n = 0;
        while (err->offset + n < e->url.len && s[n] != '=' && s[n] != '&' && s[n] != '#') {
            n++;
        }
        if (!hssc_har_holds_any(s, n, &r->pw)) {
            r->f.name.ptr = s;
            r->f.name.len = n > 64 ? 64 : n;
        }
    }
    violation(r, HSSC_SIDE_REQUEST, err);
    r->f.name.ptr = NULL;
    r->f.name.len = 0;
}

/* Does t hold the entry's password or token (raw or decoded)? */
static int holds_secret(const entry_report *r, const har_text *t)
{
    return hssc_har_holds_any(t->ptr, t->len, &r->pw);
}

/* ---- the request side ---- */

static void check_request(entry_report *r)
{
    hssc_capture *c = r->c;
    har_entry *e = &c->e;
    hssc_error err;
    if (e->url.notes != 0) {
        report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_HAR_STRING, HSSC_FIELD_TARGET,
               0);
    }
    if (!e->method.present) {
        report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_MISSING, HSSC_FIELD_METHOD, 0);
    } else if (e->method.len != 3 || memcmp(e->method.ptr, "GET", 3) != 0) {
        report(r, HSSC_SIDE_REQUEST, HSSC_FINDING_VIOLATION, HSSC_E_NOT_GET, HSSC_FIELD_METHOD, 0);
    }
    hssc_request req;
    if (hssc_request_decode(e->url.ptr, e->url.len, c->flags & HSSC_ALLOW_UNKNOWN, c->scratch,
                            c->scratch_cap, &req, &err) != HSSC_OK) {
        request_violation(r, &err);
    }
    hssc_wipe(c->scratch, e->url.len < c->scratch_cap ? e->url.len : c->scratch_cap);
    if (e->have_query && !hssc_har_query_agrees(e)) {
        report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_QUERY_MISMATCH,
               HSSC_FIELD_TARGET, 0);
    }
    /* the credentials: the token, or a signature and its date */
    const har_header *hs[3] = {&e->token, &e->authorization, &e->sdk_date};
    static const hssc_field hf[3] = {HSSC_FIELD_X_AUTH_TOKEN, HSSC_FIELD_AUTHORIZATION,
                                     HSSC_FIELD_X_SDK_DATE};
    for (size_t i = 0; i < 3; i++) {
        if (!hs[i]->v.present) {
            continue;
        }
        if (hs[i]->conflict) {
            report(r, HSSC_SIDE_REQUEST, HSSC_FINDING_VIOLATION, HSSC_E_DUPLICATE, hf[i], 0);
        }
        if (hs[i]->v.notes != 0) {
            report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_HAR_STRING, hf[i], 0);
        }
        if (hssc_field_check(hf[i], hs[i]->v.ptr, hs[i]->v.len, &err) != HSSC_OK) {
            violation(r, HSSC_SIDE_REQUEST, &err);
        }
    }
    if (!e->token.v.present && !e->authorization.v.present) {
        report(r, HSSC_SIDE_REQUEST, HSSC_FINDING_NOT_CAPTURED, HSSC_E_NOT_CAPTURED,
               HSSC_FIELD_X_AUTH_TOKEN, 0);
    } else if (e->authorization.v.present && !e->sdk_date.v.present) {
        report(r, HSSC_SIDE_REQUEST, HSSC_FINDING_NOT_CAPTURED, HSSC_E_NOT_CAPTURED,
               HSSC_FIELD_X_SDK_DATE, 0);
    }
}

/* ---- the response side ---- */

static void check_response(entry_report *r)
{
    hssc_capture *c = r->c;
    har_entry *e = &c->e;
    hssc_error err;
    if (!e->have_response || !e->have_status || e->status_bad || e->status == 0 ||
        !e->text.present) {
        if (!e->status_bad) {
            report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_NOT_CAPTURED, HSSC_E_NOT_CAPTURED,
                   HSSC_FIELD_BODY, 0);
        }
        return;
    }
    if (e->text.notes != 0) {
        report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_HAR_STRING, HSSC_FIELD_BODY, 0);
        return;
    }
    /* the body, decoded from base64 when so marked, at most max_body */
    char *body = e->text.ptr;
    size_t len = e->text.len;
    int too_large = e->text.clipped;
    if (e->encoding.present) {
        if (e->encoding.len != 6 || memcmp(e->encoding.ptr, "base64", 6) != 0) {
            report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_HAR_ENCODING,
                   HSSC_FIELD_BODY, 0);
            return;
        }
        size_t bad;
        if (!too_large && !hssc_base64_decode(body, len, &len, &bad)) {
            report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_BASE64, HSSC_FIELD_BODY,
                   bad);
            return;
        }
    }
    if (too_large || len > c->max_body) {
        report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_VIOLATION, HSSC_E_BODY_TOO_LARGE,
               HSSC_FIELD_BODY, c->max_body);
        return;
    }
    if (e->status == 200) {
        const har_text *ct = &e->content_type.v;
        if (e->resp_headers > 0 && (!ct->present || !hssc_content_type_is_json(ct->ptr, ct->len))) {
            report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_VIOLATION, HSSC_E_CONTENT_TYPE,
                   HSSC_FIELD_BODY, 0);
        }
        hssc_response resp;
        if (hssc_response_decode(body, len, c->flags & HSSC_ALLOW_UNKNOWN, c->max_body,
                                 c->decode_ws, c->decode_ws_cap, &resp, &err) != HSSC_OK) {
            violation(r, HSSC_SIDE_RESPONSE, &err);
        }
    } else if (e->status >= 400) {
        hssc_api_error ae;
        if (hssc_api_error_decode(body, len, c->flags & HSSC_ALLOW_UNKNOWN, c->max_body,
                                  c->decode_ws, c->decode_ws_cap, &ae, &err) != HSSC_OK) {
            violation(r, HSSC_SIDE_RESPONSE, &err);
        } else {
            r->f.api_code = ae.error_code;
            report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_API_ERROR, HSSC_OK, HSSC_FIELD_ERROR_CODE,
                   0);
            r->f.api_code.ptr = NULL;
            r->f.api_code.len = 0;
        }
    } else {
        report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_VIOLATION, HSSC_E_STATUS, HSSC_FIELD_BODY, 0);
    }
    /* the decoders' workspace held the body's strings */
    hssc_wipe(c->decode_ws,
              c->decode_ws_cap < 2 * len + 65536 ? c->decode_ws_cap : 2 * len + 65536);
}

void hssc_har_entry_check(hssc_capture *c)
{
    har_entry *e = &c->e;
    entry_report r;
    memset(&r, 0, sizeof(r));
    r.c = c;
    r.f.entry = c->sum.entries - 1;
    r.f.started.ptr = e->started.ptr;
    r.f.started.len = e->started.len;
    r.f.method.ptr = e->method.ptr;
    r.f.method.len = e->method.len;
    r.f.status = e->have_status && !e->status_bad ? (int)e->status : 0;
    if (!e->url.present) {
        /* Without request.url nobody can tell what the entry was: the
         * capture is broken. */
        r.f.url.ptr = "";
        report(&r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION,
               e->have_request  ? HSSC_E_MISSING
               : e->n_shape > 0 ? e->shape[0].code
                                : HSSC_E_MISSING,
               HSSC_FIELD_TARGET, 0);
        c->sum.violating++;
        return;
    }
    if (!hssc_har_url_matches(e->url.ptr, e->url.len)) {
        return;
    }
    c->sum.matching++;
    hssc_har_password_items(e->url.ptr, e->url.len, &e->token.v, &r.pw);
    /* what names the entry never carries its secrets */
    if (holds_secret(&r, &e->started)) {
        r.f.started.ptr = "***";
        r.f.started.len = 3;
    }
    if (holds_secret(&r, &e->method)) {
        r.f.method.ptr = "***";
        r.f.method.len = 3;
    }
    r.f.url.ptr = c->shown_url;
    r.f.url.len = hssc_har_shown_url(e, &r.pw, c->shown_url);
    for (size_t i = 0; i < e->n_shape; i++) {
        report(&r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, e->shape[i].code, e->shape[i].field,
               0);
    }
    check_request(&r);
    check_response(&r);
    hssc_wipe(c->shown_url, r.f.url.len);
    if (r.violations > 0) {
        c->sum.violating++;
    } else {
        c->sum.valid++;
    }
    c->sum.not_captured += r.not_captured > 0;
    c->sum.api_errors += r.api_error > 0;
}
