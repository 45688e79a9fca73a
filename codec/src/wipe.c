/*
 * Wiping memory that held secrets, in a way the compiler cannot remove.
 * Floor 0: no other codec file; libc's explicit_bzero.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <string.h>

#include "hssc_internal.h"

void hssc_wipe(void *p, size_t len)
{
    if (p != NULL && len > 0) {
        explicit_bzero(p, len);
    }
}
