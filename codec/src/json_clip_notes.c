/*
 * The pre-lexer's notes (json_clip.h): the ring that carries what yajl
 * cannot see of a string (a clipped string's real length, a lone or
 * mis-paired surrogate escape, a \u0000 escape) from the pre-lexer to the
 * consumer of yajl's callbacks.
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
