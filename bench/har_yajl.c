/*
 * The baseline of bench/har_bench.sh: yajl alone over a file, with no-op
 * callbacks, as a streaming reader feeds it (64 KiB chunks), or the whole
 * file in one call (its best case: no token ever spans two calls).
 *
 *   har_yajl chunked|whole FILE
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yajl_noop.h"

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "chunked") != 0 && strcmp(argv[1], "whole") != 0)) {
        fputs("usage: har_yajl chunked|whole FILE\n", stderr);
        return 2;
    }
    int fd = open(argv[2], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[2]);
        return 2;
    }
    yajl_handle h = yajl_alloc(&noop_callbacks, NULL, NULL);
    yajl_status s = yajl_status_ok;
    if (strcmp(argv[1], "whole") == 0) {
        unsigned char *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            perror("mmap");
            return 2;
        }
        s = yajl_parse(h, p, (size_t)st.st_size);
        munmap(p, (size_t)st.st_size);
    } else {
        static unsigned char buf[65536];
        ssize_t n;
        while (s == yajl_status_ok && (n = read(fd, buf, sizeof(buf))) > 0) {
            s = yajl_parse(h, buf, (size_t)n);
        }
    }
    if (s == yajl_status_ok) {
        s = yajl_complete_parse(h);
    }
    yajl_free(h);
    close(fd);
    if (s != yajl_status_ok) {
        fputs("har_yajl: not valid JSON\n", stderr);
        return 1;
    }
    return 0;
}
