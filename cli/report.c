/* The report of the check commands: text lines and JSON Lines (the schema
 * is docs/report.schema.json). */
#include <string.h>

#include "cli.h" /* the exit codes */
#include "output.h"
#include "report.h"

int report_format_parse(const char *s, report_format *f)
{
    if (strcmp(s, "text") == 0) {
        *f = REPORT_TEXT;
        return 1;
    }
    if (strcmp(s, "jsonl") == 0) {
        *f = REPORT_JSONL;
        return 1;
    }
    return 0;
}

void report_init(report *r, report_format format, FILE *out)
{
    memset(r, 0, sizeof(*r));
    r->format = format;
    r->out = out;
    r->err = stderr;
}

report_finding report_finding_of(const char *input, hssc_side side)
{
    report_finding f;
    memset(&f, 0, sizeof(f));
    f.input = input;
    f.entry = -1;
    f.side = side;
    f.kind = HSSC_FINDING_VIOLATION;
    return f;
}

void report_count_entry(report *r, int violating)
{
    r->sum.entries++;
    r->sum.matching++;
    if (violating) {
        r->sum.violating++;
    } else {
        r->sum.valid++;
    }
}

/* The names the report gives sides and kinds (docs/report.schema.json). */
static const char *const side_names[] = {
    [HSSC_SIDE_REQUEST] = "request",
    [HSSC_SIDE_RESPONSE] = "response",
    [HSSC_SIDE_CAPTURE] = "capture",
};
static const char *const kind_names[] = {
    [HSSC_FINDING_VIOLATION] = "violation",
    [HSSC_FINDING_NOT_CAPTURED] = "not_captured",
    [HSSC_FINDING_API_ERROR] = "api_error",
};

/* names[v], or other for a value without a name. */
static const char *name_of(const char *const *names, size_t n, int v, const char *other)
{
    return v >= 0 && (size_t)v < n && names[v] != NULL ? names[v] : other;
}

static const char *side_name(hssc_side s)
{
    return name_of(side_names, sizeof(side_names) / sizeof(side_names[0]), (int)s, "capture");
}

static const char *kind_name(hssc_finding_kind k)
{
    return name_of(kind_names, sizeof(kind_names) / sizeof(kind_names[0]), (int)k, "violation");
}

static const char *field_name(hssc_field f)
{
    const hssc_field_info *fi = hssc_field_get(f);
    return fi != NULL ? fi->name : "-";
}

static void json_key_str(FILE *o, const char *key, const char *s, size_t len)
{
    fprintf(o, ",\"%s\":", key);
    cli_write_json_string(o, s, len);
}

static void text_str(FILE *o, const char *s, size_t len)
{
    cli_write_safe(o, s, len, 1);
}

/* " (started T)": which call of a capture a line is about. */
static void text_started(FILE *o, const report_finding *f)
{
    if (f->started.len > 0) {
        fputs(" (started ", o);
        text_str(o, f->started.ptr, f->started.len);
        fputc(')', o);
    }
}

static void print_text(report *r, const report_finding *f)
{
    FILE *o = r->out;
    text_str(o, f->input, strlen(f->input));
    if (f->entry >= 0) {
        fprintf(o, ":%lld", f->entry);
    } else if (f->line > 0) {
        fprintf(o, ":%lld", f->line);
    }
    fprintf(o, ": %s: ", side_name(f->side));
    if (f->kind == HSSC_FINDING_API_ERROR) {
        fprintf(o, "api error: HTTP %d ", f->status);
        text_str(o, f->api_code.ptr, f->api_code.len);
        text_started(o, f);
        fputc('\n', o);
        return;
    }
    fprintf(o, "%s: ", field_name(f->error.field));
    if (f->kind == HSSC_FINDING_NOT_CAPTURED) {
        fputs("not captured", o);
        text_started(o, f);
        fputc('\n', o);
        return;
    }
    fputs(hssc_code_reason(f->error.code), o);
    if (f->name.len > 0) {
        fputs(" '", o);
        text_str(o, f->name.ptr, f->name.len);
        fputc('\'', o);
    }
    fprintf(o, " at byte %zu", f->error.offset);
    text_started(o, f);
    fputc('\n', o);
}

static void print_jsonl(report *r, const report_finding *f)
{
    FILE *o = r->out;
    fputs("{\"type\":\"finding\"", o);
    json_key_str(o, "input", f->input, strlen(f->input));
    if (f->entry >= 0) {
        fprintf(o, ",\"entry\":%lld", f->entry);
    }
    if (f->line > 0) {
        fprintf(o, ",\"line\":%lld", f->line);
    }
    if (f->started.len > 0) {
        json_key_str(o, "started", f->started.ptr, f->started.len);
    }
    if (f->method.len > 0) {
        json_key_str(o, "method", f->method.ptr, f->method.len);
    }
    if (f->url.len > 0) {
        json_key_str(o, "url", f->url.ptr, f->url.len);
    }
    fprintf(o, ",\"side\":\"%s\",\"kind\":\"%s\",\"field\":\"%s\"", side_name(f->side),
            kind_name(f->kind), field_name(f->error.field));
    if (f->kind != HSSC_FINDING_API_ERROR) {
        fprintf(o, ",\"code\":\"%s\",\"reason\":", hssc_code_name(f->error.code));
        cli_write_json_string(o, hssc_code_reason(f->error.code),
                              strlen(hssc_code_reason(f->error.code)));
        fprintf(o, ",\"offset\":%zu", f->error.offset);
    }
    if (f->name.len > 0) {
        json_key_str(o, "name", f->name.ptr, f->name.len);
    }
    if (f->status > 0) {
        fprintf(o, ",\"status\":%d", f->status);
    }
    if (f->api_code.len > 0) {
        json_key_str(o, "api_code", f->api_code.ptr, f->api_code.len);
    }
    fputs("}\n", o);
}

void report_finding_print(report *r, const report_finding *f)
{
    if (f->kind == HSSC_FINDING_VIOLATION) {
        r->violations = 1;
    }
    if (r->format == REPORT_JSONL) {
        print_jsonl(r, f);
    } else {
        print_text(r, f);
    }
}

static void input_error(report *r, const char *input, const char *code, const char *reason,
                        long long offset)
{
    r->input_errors = 1;
    if (r->format == REPORT_JSONL) {
        FILE *o = r->out;
        fputs("{\"type\":\"error\"", o);
        json_key_str(o, "input", input, strlen(input));
        fprintf(o, ",\"code\":\"%s\"", code);
        json_key_str(o, "reason", reason, strlen(reason));
        if (offset >= 0) {
            fprintf(o, ",\"offset\":%lld", offset);
        }
        fputs("}\n", o);
        return;
    }
    FILE *e = r->err;
    fputs("hsscodec: ", e);
    text_str(e, input, strlen(input));
    fputs(": ", e);
    text_str(e, reason, strlen(reason)); /* strerror() text, or a caller's */
    if (offset >= 0) {
        fprintf(e, " at byte %lld", offset);
    }
    fputc('\n', e);
}

void report_input_error(report *r, const char *input, const hssc_error *err)
{
    input_error(r, input, hssc_code_name(err->code), hssc_code_reason(err->code),
                (long long)err->offset);
}

void report_input_unreadable(report *r, const char *input)
{
    if (r->format == REPORT_TEXT) {
        r->input_errors = 1;
        return;
    }
    input_error(r, input, "unreadable", "cannot be read", -1);
}

void report_input_failure(report *r, const char *input, const char *what)
{
    input_error(r, input, "unreadable", what, -1);
}

void report_summary(report *r)
{
    if (r->no_summary) {
        return;
    }
    const hssc_capture_summary *s = &r->sum;
    if (r->format == REPORT_JSONL) {
        fprintf(r->out,
                "{\"type\":\"summary\",\"inputs\":%llu,\"entries\":%llu,\"matching\":%llu,"
                "\"valid\":%llu,\"violating\":%llu,\"not_captured\":%llu,\"api_errors\":%llu}\n",
                r->inputs, s->entries, s->matching, s->valid, s->violating, s->not_captured,
                s->api_errors);
        return;
    }
    fprintf(r->out,
            "%llu input%s, %llu entr%s, %llu matching: %llu valid, %llu violating, "
            "%llu not captured, %llu api error%s\n",
            r->inputs, r->inputs == 1 ? "" : "s", s->entries, s->entries == 1 ? "y" : "ies",
            s->matching, s->valid, s->violating, s->not_captured, s->api_errors,
            s->api_errors == 1 ? "" : "s");
}

int report_exit_code(const report *r)
{
    return r->input_errors ? HSSC_EXIT_USAGE : r->violations ? HSSC_EXIT_CONTRACT : HSSC_EXIT_OK;
}
