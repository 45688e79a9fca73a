/*
 * What the pre-lexer (json_clip.h) tells of a string that yajl cannot see:
 * a lone or mis-paired surrogate escape, a \u0000 escape, and the ring of
 * notes that carries them, with a clipped string's real length, to the
 * consumer.
 */
#include "json_clip.h"

const hssc_clip_note *hssc_clip_note_for(hssc_clip *c, uint64_t ordinal)
{
    while (c->count > 0) {
        const hssc_clip_note *n = &c->notes[c->head];
        if (n->ordinal > ordinal) {
            return NULL;
        }
        if (n->ordinal == ordinal) {
            return n;
        }
        c->head = (c->head + 1) % HSSC_CLIP_NOTES;
        c->count--;
    }
    return NULL;
}

/* The note of the string that closes now. Notes of strings yajl has been
 * handed already are no longer needed: when the ring is full, the oldest
 * goes (the caller has flushed every earlier string to yajl first). */
void hssc_clip_note_add(hssc_clip *c)
{
    if (c->count == HSSC_CLIP_NOTES) {
        c->head = (c->head + 1) % HSSC_CLIP_NOTES;
        c->count--;
    }
    hssc_clip_note *n = &c->notes[(c->head + c->count) % HSSC_CLIP_NOTES];
    n->ordinal = c->strings - 1;
    n->raw_len = c->raw;
    n->at = c->str_at;
    n->flags = c->flags;
    c->count++;
}

/* A \u escape's value is complete: surrogates must pair. */
void hssc_clip_escape_done(hssc_clip *c)
{
    unsigned v = c->hex;
    if (v >= 0xD800 && v <= 0xDBFF) {
        if (c->high) {
            c->flags |= HSSC_CLIP_SURROGATE;
        }
        c->high = 1;
        return;
    }
    if (v >= 0xDC00 && v <= 0xDFFF) {
        if (!c->high) {
            c->flags |= HSSC_CLIP_SURROGATE;
        }
    } else if (c->high) {
        c->flags |= HSSC_CLIP_SURROGATE;
    }
    if (v == 0) {
        c->flags |= HSSC_CLIP_NUL;
    }
    c->high = 0;
}
