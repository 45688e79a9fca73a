#!/usr/bin/env python3
"""docs/openapi.yaml against the codec, on every response body we have.

Every body of corpus/fuzz_response_decode, corpus/fuzz_api_error_decode,
corpus/fuzz_response_roundtrip (its "body" mode inputs) and
tests/data/JSONTestSuite, plus the bodies written below, goes through
  - the document's schemas, with a Draft 2020-12 validator (python3-jsonschema),
    after a strict JSON parse (RFC 8259: no NaN/Infinity; the text must be
    UTF-8), and
  - the codec (tests/openapi/codec_verdicts.c, one process for all of them),
in three modes: a 200 body read strictly, a 200 body with unknown keys
allowed, an error body (unknown keys allowed, as the CLI reads them). Every
registry_addr value of corpus/fuzz_registry_addr goes through the
registry_addr parameter's schema and hssc_registry_addr_check, and every value
of corpus/fuzz_field_check whose field the document describes through that
field's schema and hssc_field_check, the same way.

The two must agree. A disagreement is allowed only where DESIGN.md is
stricter than JSON Schema can say (JSON Schema sees the value a parser made of
the text, not the text), and only when the codec's answer is the code of
that rule. Those rules are the EXCEPTIONS below, each a named predicate on
the body; CODEC_DEVIATIONS lists where the codec is stricter than DESIGN.md
itself. Any other disagreement fails the test, and so does an exception that
no input needs any more (it would hide the next disagreement).

A sample of the bodies also goes through the built `hsscodec check-response`
(with and without --status and --allow-unknown), whose verdict must be the
driver's.

usage: test_openapi.py PATH/TO/codec_verdicts PATH/TO/hsscodec SOURCE_DIR
"""
import copy
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

import jsonschema
import yaml

DRIVER = HSSCODEC = SRC = None
BODY_MAX = 65536   # HSSC_BODY_MAX_DEFAULT, the CLI's default cap
DEPTH_MAX = 64     # containers open at once, the top-level object included
FIELD_COUNT = 26   # HSSC_FIELD_COUNT_
OPERATION = "/v5/{project_id}/image/registries/image-upload-command"


# ---- a strict JSON parse, recording what only the text shows ----

class Parsed:
    """A body parsed as JSON, or (as_json False) a parameter value: its text."""

    def __init__(self, body, as_json=True):
        self.body = body
        self.value = None
        self.ok = False
        self.why = ""
        self.duplicate_key = False
        self.strings = []   # every key and string value, as Python decoded it
        try:
            text = body.decode("utf-8")   # strict: overlongs, surrogates, > U+10FFFF fail
        except UnicodeDecodeError:
            self.why = "not UTF-8"
            return
        if not as_json:
            self.value = text
            self.ok = True
            return
        try:
            self.value = json.loads(text, object_pairs_hook=self._object,
                                    parse_constant=self._constant,
                                    parse_int=lambda s: 0, parse_float=lambda s: 0.0)
            self.ok = True
        except RecursionError:
            self.why = "nesting too deep for Python's parser"
        except ValueError as e:   # JSONDecodeError, and NaN/Infinity below
            self.why = "not JSON: %s" % e

    def _object(self, pairs):
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            self.duplicate_key = True
        for k, v in pairs:
            self.strings.append(k)
            if isinstance(v, str):
                self.strings.append(v)
        return dict(pairs)   # the last of a duplicated key wins, as in most parsers

    @staticmethod
    def _constant(name):
        raise ValueError("%s is not JSON" % name)


def raw_depth(body):
    """Most containers open at once, counted on the text (outside strings)."""
    depth = most = 0
    in_string = escaped = False
    for b in body:
        if in_string:
            if escaped:
                escaped = False
            elif b == 0x5C:
                escaped = True
            elif b == 0x22:
                in_string = False
        elif b == 0x22:
            in_string = True
        elif b in (0x7B, 0x5B):
            depth += 1
            most = max(most, depth)
        elif b in (0x7D, 0x5D):
            depth -= 1
    return most


def is_control(ch):
    o = ord(ch)
    return o < 0x20 or 0x7F <= o <= 0x9F


# ---- the rules of DESIGN.md that JSON Schema cannot state ----
# name: (predicate(parsed, mode) -> bool, codec codes it explains, why)

def not_a_real_time(p, mode):
    try:
        datetime.datetime.strptime(p.value, "%Y%m%dT%H%M%SZ")
        return False
    except ValueError:
        return True


EXCEPTIONS = {
    "sdk_date_calendar": (
        lambda p, mode: mode == "field-17" and p.ok and not_a_real_time(p, mode),
        {"HSSC_E_SDK_DATE"},
        "X-Sdk-Date is a real UTC date and time; the schema gives only its shape"),
    "duplicate_key": (
        lambda p, mode: p.duplicate_key,
        {"HSSC_E_DUPLICATE"},
        "I-JSON: no duplicate keys, compared after unescaping; a parser keeps one of them"),
    "nul_escape": (
        lambda p, mode: any("\x00" in s for s in p.strings),
        {"HSSC_E_JSON_NUL"},
        "I-JSON: no \\u0000, in any key or value, read or skipped; a schema sees only the "
        "values it describes"),
    "lone_surrogate": (
        lambda p, mode: any(0xD800 <= ord(c) <= 0xDFFF for s in p.strings for c in s),
        {"HSSC_E_JSON_SURROGATE"},
        "I-JSON: no lone or mis-paired surrogate escape, anywhere"),
    "depth": (
        lambda p, mode: raw_depth(p.body) > DEPTH_MAX,
        {"HSSC_E_JSON_DEPTH"},
        "at most 64 containers open at once; JSON Schema has no nesting bound"),
    "body_size": (
        lambda p, mode: len(p.body) > BODY_MAX,
        {"HSSC_E_BODY_TOO_LARGE"},
        "a body over the 64 KiB cap is refused before it is read; JSON Schema has no size "
        "bound for a whole document"),
}


def error_messages(value):
    if not isinstance(value, dict):
        return []
    found = [value.get("error_msg")]
    inner = value.get("error")
    if isinstance(inner, dict):
        found += [inner.get("message"), inner.get("error_msg")]
    return [m for m in found if isinstance(m, str)]


# Where the codec is stricter than DESIGN.md itself: not exceptions of the
# contract, but open deviations, listed so that the test names them.
CODEC_DEVIATIONS = {
    # (none: the codec accepts control characters in error_msg, the gateway's
    # prose, since HSSC_RULE_PROSE; docs/response.md)
}


# ---- inputs ----

def corpus_bodies(target, body_mode_only=False):
    out = []
    for path in sorted(glob.glob(os.path.join(SRC, "corpus", target, "*"))):
        with open(path, "rb") as f:
            data = f.read()
        if not data:
            continue
        # Byte 0 holds the target's options; the body follows. For the
        # round-trip target, bit 7 set means "fields" mode: not a body.
        if body_mode_only and data[0] & 0x80:
            continue
        out.append(("corpus/%s/%s" % (target, os.path.basename(path)), data[1:]))
    return out


def jsontestsuite_bodies():
    out = []
    for path in sorted(glob.glob(os.path.join(SRC, "tests", "data", "JSONTestSuite", "test_*",
                                              "*.json"))):
        with open(path, "rb") as f:
            out.append((os.path.relpath(path, SRC), f.read()))
    return out


def ok_body(**extra):
    fields = {"image_command": "docker load xxx", "images_download_url": "https://xxx.zip",
              "swr_image_pull_command": "docker pull xxx"}
    text = json.dumps(fields)[:-1]
    for k, v in extra.items():
        text += ', "%s": %s' % (k, v)
    return (text + "}").encode()


def ok_with(field, value):
    fields = {"image_command": "docker load xxx", "images_download_url": "https://xxx.zip",
              "swr_image_pull_command": "docker pull xxx", field: value}
    return json.dumps(fields, ensure_ascii=False).encode()


def error_with(**fields):
    body = {"error_code": "APIG.0301", "error_msg": "m"}
    body.update(fields)
    return json.dumps(body, ensure_ascii=False).encode()


def url_of(n):
    """An https URL of exactly n characters."""
    head = "https://xxx.zip/?"
    return head + "a" * (n - len(head))


# Every length limit at its edge, in characters of several UTF-8 widths,
# and each class of control character in a field.
BOUNDARIES = []
for _field, _limit in (("image_command", 1024), ("swr_image_pull_command", 1024)):
    for _ch in ("a", "\u00e9", "\u4e2d", "\U0001F600"):
        BOUNDARIES += [("%s of %d %r" % (_field, n, _ch), ok_with(_field, _ch * n))
                       for n in (_limit, _limit + 1)]
    for _ctl in ("\x00", "\x1f", "\x7f", "\x80", "\x9f", "\xa0"):
        BOUNDARIES.append(("%s with U+%04X" % (_field, ord(_ctl)), ok_with(_field, "a" + _ctl)))
BOUNDARIES += [("images_download_url of %d" % n, ok_with("images_download_url", url_of(n)))
               for n in (256, 257)]
BOUNDARIES += [("empty %s" % f, ok_with(f, "")) for f in
               ("image_command", "images_download_url", "swr_image_pull_command")]
BOUNDARIES += [("error_code of %d" % n, error_with(error_code="HSS." + "1" * (n - 4)))
               for n in (64, 65)]
BOUNDARIES += [("error_msg of %d" % n, error_with(error_msg="\u00e9" * n)) for n in (4096, 4097)]
BOUNDARIES += [("request_id of %d" % n, error_with(request_id="\u4e2d" * n)) for n in (0, 256, 257)]
BOUNDARIES += [("error_code %s" % c, error_with(error_code=c)) for c in
               ("hss.1", "HSS.", ".1", "HSS1", "HSS.1a", "HSS.1.2", "H-S.1")]
BOUNDARIES += [("request_id with U+0085", error_with(request_id="a\x85"))]

# Written here so that every exception, and every kind of agreement, is met
# whatever the corpora hold.
SYNTHETIC = BOUNDARIES + [
    ("spec example", ok_body()),
    ("duplicate known key", b'{"image_command": "a", "image_command": "b", '
                            b'"images_download_url": "https://x.y", '
                            b'"swr_image_pull_command": "c"}'),
    ("duplicate key after unescaping", b'{"image_command": "a", "image\\u005fcommand": "b", '
                                       b'"images_download_url": "https://x.y", '
                                       b'"swr_image_pull_command": "c"}'),
    ("\\u0000 in a skipped value", ok_body(x='"a\\u0000b"')),
    ("\\u0000 in a skipped key", ok_body(**{"a\\u0000": "1"})),
    ("lone surrogate in a skipped value", ok_body(x='"\\ud800"')),
    ("mis-paired surrogates", ok_body(x='"\\ud800\\u0041"')),
    ("depth 65", ok_body(x="[" * 64 + "]" * 64)),
    ("depth 64", ok_body(x="[" * 63 + "]" * 63)),
    ("over the size cap", ok_body(x='"%s"' % ("a" * BODY_MAX))),
    ("unknown key", ok_body(x="1")),
    ("NaN", ok_body(x="NaN")),
    ("a 4301-digit number", ok_body(x="1" * 4301)),
    ("flat error", b'{"error_code": "HSS.1014", "error_msg": "Invalid parameter.", '
                   b'"request_id": "abc"}'),
    ("nested error", b'{"error": {"code": "APIGW.0301", "message": "Incorrect IAM '
                     b'authentication information"}, "request_id": "abc", "title": "x"}'),
    ("mixed error forms", b'{"error": {"message": "m"}, "error_code": "APIG.0301"}'),
    ("code in both forms", b'{"error": {"code": "APIG.0301"}, "error_code": "APIG.0301", '
                           b'"error_msg": "m"}'),
    ("request id in both forms", b'{"error": {"code": "APIG.0301", "message": "m", '
                                 b'"request_id": "a"}, "request_id": "b"}'),
    ("error not an object", b'{"error": "x", "error_code": "HSS.1", "error_msg": ""}'),
    ("newline in error_msg", b'{"error_code": "APIG.0301", "error_msg": "line 1\\nline 2"}'),
    ("userinfo in the URL", ok_body().replace(b"https://", b"https://u:p@")),
    ("URL on a numeric TLD", ok_body().replace(b"xxx.zip", b"1.2.3.256")),
    ("URL port 65536", ok_body().replace(b"xxx.zip", b"xxx.zip:65536")),
    ("URL IPv6", ok_body().replace(b"xxx.zip", b"[::ffff:1.2.3.4]:8443")),
]


# ---- the schemas ----

def load_doc():
    with open(os.path.join(SRC, "docs", "openapi.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def validator(doc, schema):
    """A validator for schema, whose '#/components/...' refs resolve in doc."""
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": doc["components"], **schema}
    jsonschema.Draft202012Validator.check_schema(root)
    return jsonschema.Draft202012Validator(root)


def mode_validators(doc):
    get = doc["paths"][OPERATION]["get"]
    ok = get["responses"]["200"]["content"]["application/json"]["schema"]
    error_ref = get["responses"]["4XX"]["$ref"].split("/")[-1]
    error = doc["components"]["responses"][error_ref]["content"]["application/json"]["schema"]
    assert get["responses"]["5XX"] == get["responses"]["4XX"]
    # Unknown keys allowed: the same schema without additionalProperties.
    lenient = copy.deepcopy(doc)
    name = ok["$ref"].split("/")[-1]
    del lenient["components"]["schemas"][name]["additionalProperties"]
    params = {p["name"]: p["schema"] for p in get["parameters"]}
    modes = {"ok": validator(doc, ok), "ok-unknown": validator(lenient, ok),
             "error": validator(doc, error), "addr": validator(doc, params["registry_addr"])}
    # One value of a field, by the field's number (hssc_field: append-only
    # numbers, part of the ABI) against the schema the document gives it.
    body = doc["components"]["schemas"][name]["properties"]
    schemas = doc["components"]["schemas"]
    by_field = {
        1: params["project_id"], 2: params["registry_addr"], 3: params["namespace"],
        4: params["username"], 5: params["password"], 6: params["enterprise_project_id"],
        # The token scheme's value: its description says VisibleAscii's rule.
        7: {"$ref": "#/components/schemas/VisibleAscii"},
        8: body["image_command"], 9: body["images_download_url"],
        10: body["swr_image_pull_command"],
        11: schemas["ErrorCode"], 12: schemas["ErrorMessage"], 13: schemas["RequestId"],
        17: params["X-Sdk-Date"], 20: params["X-Security-Token"],
    }
    for number, schema in by_field.items():
        modes["field-%d" % number] = validator(doc, schema)
    return modes


# ---- the codec ----

def codec_verdicts(records):
    """records: [(mode, bytes)] -> [(code_name, field, offset)]"""
    stream = bytearray()
    for mode, data in records:
        stream += b"%s %d\n" % (mode.encode(), len(data)) + data
    p = subprocess.run([DRIVER], input=bytes(stream), capture_output=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError("codec_verdicts failed: %d %s" % (p.returncode, p.stderr))
    lines = p.stdout.decode().splitlines()
    assert len(lines) == len(records), (len(lines), len(records))
    out = []
    for line in lines:
        code, field, offset = line.split()
        out.append((code, int(field), int(offset)))
    return out


class OpenApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = load_doc()
        cls.validators = mode_validators(cls.doc)
        cls.inputs = {
            "corpus/fuzz_response_decode": corpus_bodies("fuzz_response_decode"),
            "corpus/fuzz_api_error_decode": corpus_bodies("fuzz_api_error_decode"),
            "corpus/fuzz_response_roundtrip": corpus_bodies("fuzz_response_roundtrip", True),
            "tests/data/JSONTestSuite": jsontestsuite_bodies(),
            "synthetic": SYNTHETIC,
        }
        bodies = [item for items in cls.inputs.values() for item in items]
        cls.records = [(mode, name, body) for name, body in bodies
                       for mode in ("ok", "ok-unknown", "error")]
        # registry_addr: the whole input is the value.
        for path in sorted(glob.glob(os.path.join(SRC, "corpus", "fuzz_registry_addr", "*"))):
            with open(path, "rb") as f:
                cls.records.append(("addr", "corpus/fuzz_registry_addr/" + os.path.basename(path),
                                    f.read()))
        # One value per input of fuzz_field_check: byte 0 picks the field
        # (modulo HSSC_FIELD_COUNT_ + 1), the rest is the value. Fields the
        # document does not describe (the AK, the SK, Authorization, Host,
        # pseudo-fields) are left out.
        for path in sorted(glob.glob(os.path.join(SRC, "corpus", "fuzz_field_check", "*"))):
            with open(path, "rb") as f:
                data = f.read()
            mode = "field-%d" % (data[0] % (FIELD_COUNT + 1)) if data else ""
            if mode in cls.validators:
                cls.records.append((mode, "corpus/fuzz_field_check/" + os.path.basename(path),
                                    data[1:]))
        cls.verdicts = codec_verdicts([(m, b) for m, _, b in cls.records])

    def test_document_is_openapi_3_1(self):
        with open(os.path.join(SRC, "tests", "data", "openapi", "oas-3.1-schema.json")) as f:
            meta = json.load(f)
        errors = list(jsonschema.Draft202012Validator(meta).iter_errors(self.doc))
        self.assertEqual([e.message for e in errors], [])
        self.assertEqual(self.doc["openapi"][:4], "3.1.")

    def test_document_states_the_contract(self):
        get = self.doc["paths"][OPERATION]["get"]
        params = {p["name"]: p for p in get["parameters"]}
        limits = {"project_id": (1, 256), "registry_addr": (1, 256), "namespace": (1, 128),
                  "username": (1, 128), "password": (1, 128), "enterprise_project_id": (1, 256)}
        for name, (lo, hi) in limits.items():
            v = validator(self.doc, params[name]["schema"])
            self.assertEqual(params[name]["required"], name != "enterprise_project_id", name)
            if name != "registry_addr":
                self.assertTrue(v.is_valid("é" * hi), name)   # characters, not bytes
                self.assertFalse(v.is_valid("é" * (hi + 1)), name)
                self.assertFalse(v.is_valid("a\nb"), name)
            self.assertEqual(v.is_valid(""), lo == 0, name)
        schemes = self.doc["components"]["securitySchemes"]
        self.assertEqual((schemes["token"]["type"], schemes["token"]["in"],
                          schemes["token"]["name"]), ("apiKey", "header", "X-Auth-Token"))
        self.assertEqual(schemes["aksk"]["scheme"], "SDK-HMAC-SHA256")
        self.assertEqual(get["security"] if "security" in get else self.doc["security"],
                         [{"token": []}, {"aksk": []}])

    def test_schemas_and_codec_agree(self):
        explained = {name: 0 for name in list(EXCEPTIONS) + list(CODEC_DEVIATIONS)}
        agree = {"accept": 0, "reject": 0}
        failures = []
        for (mode, name, body), (code, field, offset) in zip(self.records, self.verdicts):
            p = Parsed(body, as_json=mode in ("ok", "ok-unknown", "error"))
            schema_ok = p.ok and self.validators[mode].is_valid(p.value)
            codec_ok = code == "HSSC_OK"
            if schema_ok == codec_ok:
                agree["accept" if codec_ok else "reject"] += 1
                continue
            reasons = []
            if not codec_ok:
                for table in (EXCEPTIONS, CODEC_DEVIATIONS):
                    for rule, (holds, codes, _) in table.items():
                        if code in codes and holds(p, mode):
                            reasons.append(rule)
            if reasons:
                for rule in reasons:
                    explained[rule] += 1
                continue
            detail = p.why if not p.ok else "; ".join(
                e.message[:120] for e in self.validators[mode].iter_errors(p.value))
            failures.append("%s [%s]: schema %s, codec %s (field %d, byte %d)%s" % (
                name, mode, "accepts" if schema_ok else "rejects", code, field, offset,
                ": " + detail if detail else ""))
        print("\nopenapi vs codec: %d verdicts, %d both accept, %d both reject" % (
            len(self.records), agree["accept"], agree["reject"]), file=sys.stderr)
        for src, items in self.inputs.items():
            print("  %-32s %5d bodies x 3 modes" % (src, len(items)), file=sys.stderr)
        print("  %-32s %5d values" % ("corpus/fuzz_registry_addr", sum(
            1 for m, _, _ in self.records if m == "addr")), file=sys.stderr)
        print("  %-32s %5d values" % ("corpus/fuzz_field_check", sum(
            1 for m, _, _ in self.records if m.startswith("field-"))), file=sys.stderr)
        for rule, n in explained.items():
            kind = "deviation" if rule in CODEC_DEVIATIONS else "exception"
            print("  %s %-20s explains %d" % (kind, rule, n), file=sys.stderr)
        self.assertEqual(failures, [], "unexplained disagreements:\n" + "\n".join(failures[:40]))
        self.assertGreater(agree["accept"], 100)
        self.assertGreater(agree["reject"], 100)
        unused = [rule for rule, n in explained.items() if n == 0]
        self.assertEqual(unused, [], "exceptions no input needs: remove them")

    def test_cli_gives_the_drivers_verdict(self):
        """check-response, on the synthetic bodies and every 40th corpus body."""
        synthetic = dict(SYNTHETIC)
        sample = [(m, n, b) for (m, n, b) in self.records
                  if m in ("ok", "ok-unknown", "error")
                  and (n in synthetic or sum(n.encode()) % 40 == 0)]
        verdict = {(m, n): v for (m, n, _), v in zip(self.records, self.verdicts)}
        self.assertGreater(len(sample), 100)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "body")
            for mode, name, body in sample:
                with open(path, "wb") as f:
                    f.write(body)
                args = {"ok": [], "ok-unknown": ["--allow-unknown"],
                        "error": ["--status", "401"]}[mode]
                rc = subprocess.run([HSSCODEC, "check-response"] + args + [path],
                                    capture_output=True, timeout=60).returncode
                code = verdict[(mode, name)][0]
                ok = code == "HSSC_OK"
                # The report model (DESIGN.md, "Captured traffic"): a valid
                # error body keeps the contract (exit 0), anything else,
                # a body that is not JSON included, is a violation.
                want = 0 if ok else 1
                self.assertEqual(rc, want, (name, mode, verdict[(mode, name)]))


if __name__ == "__main__":
    DRIVER = os.path.abspath(sys.argv.pop(1))
    HSSCODEC = os.path.abspath(sys.argv.pop(1))
    SRC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
