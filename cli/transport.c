/*
 * libcurl, configured for this API: TLS verification always on, no
 * redirects, https only (http only on request, for loopback tests), no
 * Accept-Encoding (so a compressed body cannot inflate past the cap), the
 * body capped in the write callback (libcurl 7.88's CURLOPT_MAXFILESIZE_LARGE
 * does nothing without a Content-Length), and a verbose log that redacts.
 */
#define _DEFAULT_SOURCE /* explicit_bzero, strncasecmp */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "transport.h"

typedef struct sink {
    char *buf;
    size_t len;
    size_t cap;
    size_t max;
    int over;
} sink;

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    sink *s = userp;
    size_t n = size * nmemb;
    if (n > s->max - s->len) {
        s->over = 1;
        return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    if (s->len + n > s->cap) {
        size_t ncap = s->cap == 0 ? 16384 : s->cap;
        while (ncap < s->len + n) {
            ncap *= 2;
        }
        if (ncap > s->max) {
            ncap = s->max;
        }
        char *nbuf = realloc(s->buf, ncap);
        if (nbuf == NULL) {
            return 0;
        }
        s->buf = nbuf;
        s->cap = ncap;
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    return n;
}

void redact_write(FILE *f, const char *s, size_t len, const char *const *secrets,
                  const size_t *secret_lens, size_t n_secrets)
{
    size_t start = 0;
    size_t i = 0;
    while (i < len) {
        size_t hit = 0;
        for (size_t k = 0; k < n_secrets; k++) {
            size_t m = secret_lens[k];
            if (m > 0 && m <= len - i && memcmp(s + i, secrets[k], m) == 0 && m > hit) {
                hit = m;
            }
        }
        if (hit > 0) {
            cli_write_safe(f, s + start, i - start, 1);
            fputs("***", f);
            i += hit;
            start = i;
        } else {
            i++;
        }
    }
    cli_write_safe(f, s + start, len - start, 1);
}

/* The verbose log: libcurl's own verbose output would print the query (with
 * the password) and the token header, so every line goes through the
 * redactor; bodies are not logged. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
    (void)h;
    const transport_opts *o = userp;
    const char *tag = NULL;
    switch (type) {
    case CURLINFO_TEXT:
        tag = "* ";
        break;
    case CURLINFO_HEADER_OUT:
        tag = "> ";
        break;
    case CURLINFO_HEADER_IN:
        tag = "< ";
        break;
    default:
        return 0;
    }
    /* Header blocks come several lines at once: prefix each. */
    size_t at = 0;
    while (at < size) {
        const char *nl = memchr(data + at, '\n', size - at);
        size_t end = nl != NULL ? (size_t)(nl - data) : size;
        size_t line = end - at;
        if (line > 0 && data[at + line - 1] == '\r') {
            line--;
        }
        if (line > 0) {
            fputs(tag, stderr);
            if (type == CURLINFO_HEADER_OUT && line >= 13 &&
                strncasecmp(data + at, "X-Auth-Token:", 13) == 0) {
                fputs("X-Auth-Token: ***", stderr);
            } else {
                redact_write(stderr, data + at, line, o->secrets, o->secret_lens, o->n_secrets);
            }
            fputc('\n', stderr);
        }
        at = end + 1;
    }
    return 0;
}

static void copy_header(CURL *h, const char *name, char *out, size_t cap, int *have)
{
    struct curl_header *hd = NULL;
    if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) == CURLHE_OK && hd != NULL) {
        size_t n = strlen(hd->value);
        if (n >= cap) {
            n = cap - 1;
        }
        memcpy(out, hd->value, n);
        out[n] = '\0';
        *have = 1;
    }
}

/* Wipes header lines before libcurl frees them (the token is in one). */
static void slist_wipe_free(struct curl_slist *l)
{
    for (struct curl_slist *p = l; p != NULL; p = p->next) {
        explicit_bzero(p->data, strlen(p->data));
    }
    curl_slist_free_all(l);
}

int transport_get(const transport_opts *o, transport_result *res)
{
    memset(res, 0, sizeof(*res));
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        (void)snprintf(res->error, sizeof(res->error), "libcurl could not be initialised");
        return HSSC_EXIT_TRANSPORT;
    }
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    int ok = h != NULL;
    for (size_t i = 0; ok && o->headers[i] != NULL; i++) {
        struct curl_slist *n = curl_slist_append(hdrs, o->headers[i]);
        ok = n != NULL;
        hdrs = ok ? n : hdrs;
    }
    /* "Accept-Encoding" is not sent: CURLOPT_ACCEPT_ENCODING stays unset. An
     * empty "Expect:" and no "Accept: * / *" keep the request minimal. */
    sink body = {.max = o->max_body};
    if (ok) {
        curl_easy_setopt(h, CURLOPT_URL, o->url);
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, o->allow_http ? "http,https" : "https");
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        if (o->cacert != NULL) {
            curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
        }
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
        if (o->verbose) {
            curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
            curl_easy_setopt(h, CURLOPT_DEBUGDATA, (void *)o);
            curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
        }
    }
    int rc = HSSC_EXIT_OK;
    if (!ok) {
        (void)snprintf(res->error, sizeof(res->error), "out of memory setting up the request");
        rc = HSSC_EXIT_TRANSPORT;
    } else {
        CURLcode c = curl_easy_perform(h);
        if (body.over || c == CURLE_FILESIZE_EXCEEDED) {
            (void)snprintf(res->error, sizeof(res->error),
                           "response body larger than %zu bytes (the size cap): transfer stopped",
                           o->max_body);
            rc = HSSC_EXIT_TRANSPORT;
        } else if (c != CURLE_OK) {
            (void)snprintf(res->error, sizeof(res->error), "%s", curl_easy_strerror(c));
            rc = HSSC_EXIT_TRANSPORT;
        } else {
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res->status);
            copy_header(h, "Content-Type", res->content_type, sizeof(res->content_type),
                        &res->have_content_type);
            copy_header(h, "X-Request-Id", res->request_id, sizeof(res->request_id),
                        &res->have_request_id);
        }
    }
    if (rc == HSSC_EXIT_OK) {
        res->body = body.buf;
        res->body_len = body.len;
    } else if (body.buf != NULL) {
        explicit_bzero(body.buf, body.len);
        free(body.buf);
    }
    slist_wipe_free(hdrs);
    if (h != NULL) {
        curl_easy_cleanup(h);
    }
    curl_global_cleanup();
    return rc;
}

void transport_result_free(transport_result *res)
{
    if (res->body != NULL) {
        explicit_bzero(res->body, res->body_len);
        free(res->body);
    }
    res->body = NULL;
    res->body_len = 0;
}
