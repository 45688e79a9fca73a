/* The library's version. Floor 0. */
#include "hssc_internal.h"

const char *hssc_version(void)
{
    return HSSC_VERSION_STRING;
}
