/*
 * Every finding of a 200 body or an error body (hssc_response_decode_all,
 * hssc_api_error_decode_all): json_findings.c's reader over the two
 * documents; a body without findings is then decoded by the single-error
 * decoder, which fills the caller's struct.
 *
 * Floor 6: response_decode.c, apierror.c (5), json_findings.c (4).
 */
#include <string.h>

#include "hssc_internal.h"

/* The single-error decoder of a document, its struct as void *. */
typedef hssc_code (*body_decoder)(const char *body, size_t len, unsigned flags, size_t max_body,
                                  void *workspace, size_t workspace_cap, void *out,
                                  hssc_error *err);

static hssc_code response_decode(const char *body, size_t len, unsigned flags, size_t max_body,
                                 void *ws, size_t ws_cap, void *out, hssc_error *err)
{
    return hssc_response_decode(body, len, flags, max_body, ws, ws_cap, out, err);
}

static hssc_code api_error_decode(const char *body, size_t len, unsigned flags, size_t max_body,
                                  void *ws, size_t ws_cap, void *out, hssc_error *err)
{
    return hssc_api_error_decode(body, len, flags, max_body, ws, ws_cap, out, err);
}

/* Every finding of body as doc; when there is none, the single-error
 * decoder fills out. It must agree that the body is valid; if it ever did
 * not, its error is a finding too (the reports stay consistent). */
static hssc_code decode_all(const hssc_json_doc *doc, body_decoder decode, const char *body,
                            size_t len, unsigned flags, size_t max_body, void *workspace,
                            size_t workspace_cap, void *out, size_t out_size, hssc_findings *fs,
                            hssc_error *err)
{
    HSSC_ENSURE(out != NULL, err, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    memset(out, 0, out_size);
    HSSC_GUARD(
        hssc_json_find_all(doc, body, len, flags, max_body, workspace, workspace_cap, fs, err));
    hssc_error e;
    if (decode(body, len, flags, max_body, workspace, workspace_cap, out, &e) != HSSC_OK) {
        hssc_findings_add(fs, e.code, e.field, e.offset, 0, 0);
        return hssc_findings_result(fs, err);
    }
    return HSSC_OK;
}

hssc_code hssc_response_decode_all(const char *body, size_t len, unsigned flags, size_t max_body,
                                   void *workspace, size_t workspace_cap, hssc_response *out,
                                   hssc_findings *fs, hssc_error *err)
{
    return decode_all(&hssc_response_doc, response_decode, body, len, flags, max_body, workspace,
                      workspace_cap, out, sizeof(*out), fs, err);
}

hssc_code hssc_api_error_decode_all(const char *body, size_t len, unsigned flags, size_t max_body,
                                    void *workspace, size_t workspace_cap, hssc_api_error *out,
                                    hssc_findings *fs, hssc_error *err)
{
    return decode_all(&hssc_api_error_doc, api_error_decode, body, len, flags, max_body, workspace,
                      workspace_cap, out, sizeof(*out), fs, err);
}
