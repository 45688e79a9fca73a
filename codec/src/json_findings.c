/*
 * Every finding of a body: the strict reader's rules (json_reader.c, the
 * public header's Responses section), applied by the same walk in its mode
 * that goes on after each rule break instead of keeping the first
 * (json_reader.h). A well-formedness error still ends the body: it is the
 * last finding, and what was found past it is dropped (a byte yajl took for
 * a blank, a vertical tab or a form feed, can lie before tokens it went on
 * to read). tests/test_findings.c checks that the single error is always
 * among these findings.
 *
 * Floor 5: json_reader.c (4: the checks before the walk and the walk) and
 * the field table (0).
 */
#include "json_reader.h"

/* Drops the findings from where the body ended on (a token yajl read past
 * a vertical tab starts at that tab, as the walk sees it), then adds the
 * end. */
static void end_findings(hssc_findings *fs, const hssc_error *end)
{
    size_t kept = fs->count;
    while (kept > 0 && fs->items[kept - 1].offset >= end->offset) {
        kept--;
    }
    if (kept < fs->count) {
        fs->count = kept;
        fs->dropped = 0; /* in order: what did not fit came later still */
    }
    hssc_findings_add(fs, end->code, end->field, end->offset, 0, 0);
}

hssc_code hssc_json_find_all(const hssc_json_doc *doc, const char *body, size_t len, unsigned flags,
                             size_t max_body, void *workspace, size_t workspace_cap,
                             hssc_findings *fs, hssc_error *err)
{
    HSSC_ENSURE(fs != NULL && (fs->items != NULL || fs->cap == 0), err, HSSC_E_ARGUMENT,
                HSSC_FIELD_BODY, 0);
    fs->count = 0;
    fs->dropped = 0;
    hssc_error e;
    hssc_code rc =
        hssc_json_precheck(doc, body, len, flags, max_body, workspace, workspace_cap, &e);
    if (rc == HSSC_E_ARGUMENT) {
        return hssc_fail(err, rc, e.field, e.offset);
    }
    if (rc != HSSC_OK) {
        hssc_findings_add(fs, rc, e.field, e.offset, 0, 0);
        return hssc_findings_result(fs, err);
    }
    hssc_json_walk w;
    if (hssc_json_walk_body(&w, doc, body, len, flags, 0, fs, workspace, workspace_cap, NULL, &e)) {
        end_findings(fs, &e);
    } else if (!w.top_not_object) {
        size_t next = 0;
        hssc_field f;
        while ((f = hssc_json_missing(doc, w.seen, &next)) != HSSC_FIELD_NONE) {
            hssc_findings_add(fs, HSSC_E_MISSING, f, len, 0, 0);
        }
    }
    return hssc_findings_result(fs, err);
}
