/*
 * Calls only hssc_code_name(): linked statically against libhsscodec.a
 * alone, with no -lssl, -lcrypto, -luriparser or -lyajl (static_link.sh).
 * It links only if the file that names the codes depends on nothing above
 * the bottom floor (docs/architecture.md).
 */
#include <string.h>

#include "hsscodec/hsscodec.h"

int main(void)
{
    return strcmp(hssc_code_name(HSSC_E_TOO_LONG), "HSSC_E_TOO_LONG") == 0 ? 0 : 1;
}
