/* codec/src/content_type.c: the Content-Type of a 200 answer. */
#include "check_util.h"

#define S(lit) lit, sizeof(lit) - 1

START_TEST(json_or_not)
{
    ck_assert_int_eq(hssc_content_type_is_json(S("application/json")), 1);
    ck_assert_int_eq(hssc_content_type_is_json(S("Application/JSON")), 1);
    ck_assert_int_eq(hssc_content_type_is_json(S("application/json;charset=UTF-8")), 1);
    ck_assert_int_eq(hssc_content_type_is_json(S("application/json \t; charset=utf-8")), 1);
    ck_assert_int_eq(hssc_content_type_is_json(S("application/json ")), 1);
    ck_assert_int_eq(hssc_content_type_is_json(S("application/jsonp")), 0);
    ck_assert_int_eq(hssc_content_type_is_json(S("application/json-patch+json")), 0);
    ck_assert_int_eq(hssc_content_type_is_json(S("text/html")), 0);
    ck_assert_int_eq(hssc_content_type_is_json(S("application/jso")), 0);
    ck_assert_int_eq(hssc_content_type_is_json(S(" application/json")), 0);
    ck_assert_int_eq(hssc_content_type_is_json(S("")), 0);
    ck_assert_int_eq(hssc_content_type_is_json(NULL, 0), 0);
    /* the length counts, not a NUL: the value may be a span of a header */
    ck_assert_int_eq(hssc_content_type_is_json("application/json, x", 16), 1);
    ck_assert_int_eq(hssc_content_type_is_json("application/json, x", 17), 0);
}
END_TEST

static const hssc_row content_type_rows[] = {
    HSSC_TCASE("content_type", 0),
    HSSC_TEST(json_or_not),
};

HSSC_CHECK_MAIN("content_type", content_type_rows)
