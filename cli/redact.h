/*
 * The one redaction routine of the CLI: finds every form in which a server
 * may echo a secret the CLI knows, in any text, so that the writers print
 * "***" instead (DESIGN.md, "Process and output hygiene").
 *
 * Forms matched, for each secret S (docs/redaction.md has the reasons):
 *   - S itself, and S percent-encoded in any mix: each byte of S may appear
 *     as itself or as %XX (upper, lower or mixed hex), and a space of S may
 *     also appear as '+'. This covers upper/lower hex, "+" or "%20" for
 *     space, and encoders that leave different characters unencoded.
 *   - S in base64, standard (+/) and URL-safe (-_) alphabets, at each of the
 *     three alignments (S starting at byte offset 0, 1 or 2 mod 3 of the
 *     encoded data): the characters of the encoding that depend on S's bytes
 *     alone (the stable inner part) are matched wherever they occur.
 * Every form is matched whatever the secret's length: a one-byte password
 * redacts every occurrence of that byte (and of its one stable base64
 * character). Unreadable output is preferred to a leak.
 *
 * Overlapping matches are merged: a redacted span is extended while a match
 * starts inside it and ends past it, so every occurrence of any form in the
 * text lies inside, or overlaps, a redacted span. Spans never grow the
 * output by more than 3 bytes per redacted input byte ("***" for >= 1).
 *
 * No I/O and no globals: the CLI, tests/test_redact.c and
 * fuzz/fuzz_redact.c link this file alone.
 */
#ifndef HSSC_CLI_REDACT_H
#define HSSC_CLI_REDACT_H

#include <stddef.h>

/* At most this many secrets (password, token, SK, security token, spare). */
#define REDACT_MAX_SECRETS 8

/* Alphabets x alignments of the base64 forms. */
#define REDACT_B64_FORMS 6

typedef struct redact_secret {
    const char *ptr; /* borrowed: must outlive the set */
    size_t len;
    char *b64[REDACT_B64_FORMS]; /* stable inner parts (owned, wiped on free) */
    size_t b64_len[REDACT_B64_FORMS];
    size_t *nfa; /* scratch of the matcher when the secret holds a '%' (owned) */
    size_t nfa_size;
} redact_secret;

typedef struct redact_set {
    size_t n;
    redact_secret s[REDACT_MAX_SECRETS];
} redact_set;

/* An empty set (redacts nothing). */
void redact_init(redact_set *r);

/*
 * Adds a secret (borrowed, not copied; its derived base64 parts are
 * computed now). A NULL or empty secret is ignored. Returns 0, or -1 when
 * the set is full or memory ran out (the caller must then not print
 * server text: it cannot be redacted).
 */
int redact_add(redact_set *r, const char *secret, size_t len);

/* Wipes and frees the derived parts; the set is empty afterwards. */
void redact_free(redact_set *r);

/* Called in order for each piece of the text: kept text (redacted == 0)
 * or a span that holds a secret (redacted == 1; print a placeholder). */
typedef void (*redact_emit_fn)(void *ctx, const char *ptr, size_t len, int redacted);

/*
 * Splits (text, len) into kept and redacted pieces, calling emit for each
 * (uses the set's scratch: one scan at a time per set)
 * (a piece is never empty; kept and redacted pieces alternate). The pieces
 * concatenated are exactly the text. Returns the number of redacted spans.
 * r may be NULL (nothing redacted).
 */
size_t redact_scan(const redact_set *r, const char *text, size_t len, redact_emit_fn emit,
                   void *ctx);

/*
 * The length of the longest form of secret k matched at text[i], or 0.
 * Exposed for the tests.
 */
size_t redact_match_at(const redact_set *r, size_t k, const char *text, size_t len, size_t i);

#endif
