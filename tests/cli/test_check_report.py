#!/usr/bin/env python3
"""End-to-end tests of the check-request and check-response report: every
input kind in both formats (JSON Lines validated against
docs/report.schema.json with Debian's python3-jsonschema), several findings
per input with exact offsets, many inputs per call with their names and
lines, exit codes, the round trip get --dry-run --show-secrets ->
check-request, and no password or token in any line of either format.

usage: test_check_report.py PATH/TO/hsscodec
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HSSCODEC = None

PASSWORD = "Pw-9f3Kq!x7_Zr2"
PASSWORD_ENC = "Pw-9f3Kq%21x7_Zr2"
TOKEN = "MIIT0k3n-Zq8vR2xYw"
SECRETS = (PASSWORD, PASSWORD_ENC, "9f3Kq", TOKEN, "0k3n")
PROJECT = "2a473356cca5487f8373be891bffc1cf"
PATH = "/v5/" + PROJECT + "/image/registries/image-upload-command"
QUERY = ("namespace=test&password=" + PASSWORD_ENC +
         "&registry_addr=hub.docker.com&username=xxx")
TARGET = PATH + "?" + QUERY
URL = "https://hss.example.com" + TARGET
# Independent faults: a control character in namespace, an unknown
# parameter, a password too long, an empty username.
BAD_QUERY = ("namespace=a%01b&color=red&password=" + "x" * 129 +
             "&registry_addr=hub.docker.com&username=")
BAD_TARGET = PATH + "?" + BAD_QUERY

BODY = (b'{"image_command":"docker load xxx","images_download_url":"https://xxx.zip",'
        b'"swr_image_pull_command":"docker pull xxx"}')
ERROR_BODY = b'{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}'


def run(args, stdin=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("HSS_", "CLOUD_SDK_"))}
    full_env.update(env or {})
    p = subprocess.run([HSSCODEC] + args, input=stdin, capture_output=True, timeout=60,
                       env=full_env)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


class Report(unittest.TestCase):
    tmp = None

    @classmethod
    def setUpClass(cls):
        import jsonschema
        with open(os.path.join(ROOT, "docs", "report.schema.json")) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        cls.validator = jsonschema.Draft202012Validator(schema)
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path

    def no_secret(self, *texts):
        for t in texts:
            for s in SECRETS:
                self.assertNotIn(s, t)

    def jsonl(self, args, stdin=None, want_rc=None):
        """Runs with --format jsonl; every line must match the schema.
        Returns (rc, findings, summary)."""
        rc, out, err = run([args[0], "--format", "jsonl"] + args[1:], stdin=stdin)
        self.no_secret(out, err)
        lines = [json.loads(line) for line in out.splitlines()]
        for obj in lines:
            errors = list(self.validator.iter_errors(obj))
            self.assertEqual(errors, [], (obj, [e.message for e in errors]))
        self.assertEqual(lines[-1]["type"], "summary", out)
        self.assertEqual([o for o in lines[:-1] if o["type"] == "summary"], [])
        if want_rc is not None:
            self.assertEqual(rc, want_rc, (out, err))
        return rc, [o for o in lines if o["type"] == "finding"], lines[-1]

    def text(self, args, stdin=None, want_rc=None):
        rc, out, err = run(args, stdin=stdin)
        self.no_secret(out, err)
        if want_rc is not None:
            self.assertEqual(rc, want_rc, (out, err))
        return rc, out.splitlines(), err

    def both(self, args, stdin=None, want_rc=None):
        """The same run in both formats: the same findings, line for line."""
        rc1, findings, summary = self.jsonl(args, stdin, want_rc)
        rc2, lines, _ = self.text(args, stdin, want_rc)
        self.assertEqual(rc1, rc2)
        self.assertEqual(len(lines), len(findings) + 1, lines)
        for f, line in zip(findings, lines):
            where = f["input"] + (":%d" % f["line"] if "line" in f else "")
            self.assertTrue(line.startswith(where + ": " + f["side"] + ": "), (line, f))
            if f["kind"] != "api_error":
                self.assertTrue(line.endswith(" at byte %d" % f["offset"]), (line, f))
                self.assertIn(f["reason"], line)
        return findings, summary

    @staticmethod
    def codes(findings):
        return [(f.get("field"), f.get("code"), f.get("offset")) for f in findings]


class CheckRequest(Report):
    def test_every_item_kind_per_line(self):
        # (A URL on the second line is an item, not a header named https.)
        items = ["GET " + TARGET + " HTTP/1.1", URL, TARGET, "GET " + URL, BAD_TARGET,
                 "POST " + TARGET + " HTTP/1.1", "", "GET " + TARGET + " HTTP/2"]
        path = self.write("items.txt", "\n".join(items) + "\n")
        findings, summary = self.both(["check-request", path], want_rc=1)
        ns = BAD_TARGET.index("%01")
        color = BAD_TARGET.index("color")
        pw = BAD_TARGET.index("password=") + len("password=")
        self.assertEqual([(f["line"], f["field"], f["code"], f["offset"]) for f in findings], [
            (5, "request target", "HSSC_E_UNKNOWN", color),
            (5, "namespace", "HSSC_E_CONTROL", ns),
            (5, "password", "HSSC_E_TOO_LONG", pw + 128),
            (5, "username", "HSSC_E_TOO_SHORT", len(BAD_TARGET)),
            (6, "method", "HSSC_E_NOT_GET", 0),
            (8, "request target", "HSSC_E_HTTP_MESSAGE", 0),
        ])
        self.assertEqual(findings[0]["name"], "color")
        self.assertEqual(summary["entries"], 7)
        self.assertEqual(summary["valid"], 4)
        self.assertEqual(summary["violating"], 3)
        self.assertEqual(summary["inputs"], 1)

    def test_raw_request_message(self):
        msg = ("GET " + TARGET + " HTTP/1.1\r\nHost: hss.example.com\r\nX-Auth-Token: " + TOKEN +
               "\r\nAccept: application/json\r\n\r\n")
        path = self.write("ok.http", msg)
        findings, summary = self.both(["check-request", path], want_rc=0)
        self.assertEqual(findings, [])
        self.assertEqual(summary["valid"], 1)
        # The same message with faults on each line: the target, a bad
        # token, a header line that is not one, no Host. (The second line
        # must be a header: that is what makes the input one message.)
        bad = ("GET " + BAD_TARGET + " HTTP/1.1\r\nX-Auth-Token: " + TOKEN +
               " tail\r\nno colon here\r\n\r\n")
        path = self.write("bad.http", bad)
        findings, _ = self.both(["check-request", path], want_rc=1)
        got = [(f["line"], f["field"], f["code"], f["offset"]) for f in findings]
        self.assertEqual(got[:4], [(1, "request target", "HSSC_E_UNKNOWN", BAD_TARGET.index("color")),
                                   (1, "namespace", "HSSC_E_CONTROL", BAD_TARGET.index("%01")),
                                   (1, "password", "HSSC_E_TOO_LONG", BAD_TARGET.index("password=") + 9 + 128),
                                   (1, "username", "HSSC_E_TOO_SHORT", len(BAD_TARGET))])
        self.assertEqual(got[4:], [(3, "header", "HSSC_E_HTTP_MESSAGE", 0),
                                   (1, "Host", "HSSC_E_MISSING", 0),
                                   (2, "X-Auth-Token", "HSSC_E_TOKEN_CHAR", len(TOKEN))])
        # Signed: Authorization needs X-Sdk-Date.
        signed = ("GET " + TARGET + " HTTP/1.1\nHost: h.example\nAuthorization: SDK-HMAC-SHA256 "
                  "Access=AK, SignedHeaders=host;x-sdk-date, Signature=" + "A" * 64 + "\n")
        findings, _ = self.both(["check-request", self.write("signed.http", signed)], want_rc=1)
        self.assertEqual(self.codes(findings), [("Authorization", "HSSC_E_SIGNATURE",
                                                 signed.splitlines()[2].index("Signature=") - len("Authorization: ") + 10),
                                                ("X-Sdk-Date", "HSSC_E_MISSING", 0)])
        findings, _ = self.both(["check-request", self.write("none.http",
                                                            "GET " + TARGET + " HTTP/1.1\nHost: h\n")],
                                want_rc=1)
        self.assertEqual(self.codes(findings), [("X-Auth-Token", "HSSC_E_HEADER_MISSING", 0)])

    def test_dry_run_round_trip(self):
        env = {"HSS_REGISTRY_PASSWORD": PASSWORD, "HSS_AUTH_TOKEN": TOKEN}
        args = ["--region", "ap-southeast-1", "--project-id", PROJECT, "--registry-addr",
                "hub.docker.com", "--namespace", "test", "--username", "xxx"]
        for show in (["--show-secrets"], []):
            rc, out, err = run(["get", "--dry-run"] + show + args, env=env)
            self.assertEqual(rc, 0, err)
            self.assertEqual(show == [], PASSWORD_ENC not in out)
            # The whole dry run (a request message), and its first line alone.
            for data in (out, out.splitlines()[0] + "\n"):
                findings, summary = self.both(["check-request", "-"], stdin=data.encode(),
                                              want_rc=0 if show else None)
                if show:
                    self.assertEqual(findings, [])
                    self.assertEqual(summary["valid"], 1)
                else:
                    # "***" is a password of three characters: still valid.
                    self.assertEqual(findings, [])
        # Signed with AK/SK: Authorization and X-Sdk-Date are checked too.
        signed_env = {"HSS_REGISTRY_PASSWORD": PASSWORD, "CLOUD_SDK_AK": "AKEXAMPLE",
                      "CLOUD_SDK_SK": "Sk-" + TOKEN}
        rc, out, err = run(["get", "--dry-run", "--show-secrets", "--sdk-date", "20240101T000000Z"]
                           + args, env=signed_env)
        self.assertEqual(rc, 0, err)
        self.assertIn("\nAuthorization: SDK-HMAC-SHA256 Access=AKEXAMPLE, ", out)
        findings, summary = self.both(["check-request", "-"], stdin=out.encode(), want_rc=0)
        self.assertEqual((findings, summary["valid"]), ([], 1))
        tampered = out.replace("X-Sdk-Date: 20240101T000000Z", "X-Sdk-Date: 20241301T000000Z")
        findings, _ = self.both(["check-request", "-"], stdin=tampered.encode(), want_rc=1)
        self.assertEqual(self.codes(findings), [("X-Sdk-Date", "HSSC_E_SDK_DATE", 4)])

    def test_many_inputs_named(self):
        a = self.write("a.txt", TARGET + "\n" + BAD_TARGET + "\n")
        b = self.write("b.txt", URL + "\n")
        missing = os.path.join(self.tmp.name, "missing.txt")
        rc, findings, summary = self.jsonl(["check-request", a, "-", b], stdin=(TARGET + "?#x\n").encode())
        self.assertEqual(rc, 1)
        self.assertEqual({f["input"] for f in findings}, {a, "-"})
        self.assertEqual({f["line"] for f in findings if f["input"] == a}, {2})
        self.assertEqual(summary["inputs"], 3)
        self.assertEqual(summary["entries"], 4)
        # An unreadable input: an error line, exit 2 whatever else.
        rc, out, err = run(["check-request", "--format", "jsonl", a, missing])
        self.assertEqual(rc, 2)
        objs = [json.loads(line) for line in out.splitlines()]
        self.assertIn({"type": "error", "input": missing, "code": "unreadable",
                       "reason": "cannot be read"}, objs)
        for o in objs:
            self.assertEqual(list(self.validator.iter_errors(o)), [])
        rc, _, err = self.text(["check-request", a, missing])
        self.assertEqual(rc, 2)
        self.assertIn(missing, err)

    def test_names_cut_escaped_never_the_password(self):
        long_name = "n\x01" + "é" * 40
        from urllib.parse import quote
        t = (TARGET + "&" + quote(long_name, safe="") + "=1" + "&" + PASSWORD_ENC + "=2" +
             "&x" + PASSWORD_ENC + "y=3")
        findings, _ = self.both(["check-request", "-"], stdin=(t + "\n").encode(), want_rc=1)
        unknown = [f for f in findings if f["code"] == "HSSC_E_UNKNOWN"]
        self.assertEqual(len(unknown), 3)
        named = [f for f in unknown if "name" in f]
        self.assertEqual(len(named), 1)  # the two that hold the password have none
        self.assertLessEqual(len(named[0]["name"]), 64)
        self.assertTrue(named[0]["name"].startswith("n%01%C3%A9"))
        # A raw control character in a name (in a request line) is escaped.
        rc, out, _ = run(["check-request", "-"], stdin=(TARGET + "&a\x7fb=1\n").encode())
        self.assertEqual(rc, 1)
        self.assertNotIn("\x7f", out)


class CheckResponse(Report):
    def test_body_kinds(self):
        cases = [
            ("ok.json", BODY, [], 0),
            ("bom.json", b"\xef\xbb\xbf" + BODY, [("body", "HSSC_E_BOM", 0)], 1),
            ("body.gz", gzip.compress(BODY), [("body", "HSSC_E_GZIP", 0)], 1),
            ("page.html", b"\n  <!DOCTYPE html><html>proxy</html>", [("body", "HSSC_E_HTML", 3)], 1),
            ("empty.json", b"", [("body", "HSSC_E_NOT_JSON", 0)], 1),
        ]
        for name, data, want, rc in cases:
            findings, summary = self.both(["check-response", self.write(name, data)], want_rc=rc)
            self.assertEqual(self.codes(findings), want, name)
            self.assertEqual(summary["valid"], 1 - rc)
        # A whole message given where a body is expected (--status).
        msg = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + BODY
        findings, _ = self.both(["check-response", "--status", "200", self.write("m.http", msg)],
                                want_rc=1)
        self.assertEqual(self.codes(findings), [("body", "HSSC_E_STATUS_LINE", 0)])

    def test_body_every_fault(self):
        body = (b'{"image_command":"a\\u0001b","images_download_url":"ftp://x",'
                b'"extra":[1,{"image_command":2}],"image_command":"again"}')
        findings, _ = self.both(["check-response", self.write("faults.json", body)], want_rc=1)
        self.assertEqual(self.codes(findings), [
            ("image_command", "HSSC_E_CONTROL", body.index(b"\\u0001")),
            ("images_download_url", "HSSC_E_URL", body.index(b"ftp")),
            ("body", "HSSC_E_UNKNOWN", body.index(b'"extra')),
            ("image_command", "HSSC_E_DUPLICATE", body.index(b'"image_command":"again')),
            ("swr_image_pull_command", "HSSC_E_MISSING", len(body)),
        ])
        self.assertEqual(findings[2]["name"], "extra")

    def test_messages_and_error_bodies(self):
        ok = b"HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\n\r\n" + BODY
        denied = b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n" + ERROR_BODY
        html = b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n<html></html>"
        moved = b"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n"
        broken = b"HTTP/1.1 2x0 OK\r\n\r\n"
        paths = [self.write(n, d) for n, d in (("ok.http", ok), ("denied.http", denied),
                                                ("html.http", html), ("moved.http", moved),
                                                ("broken.http", broken))]
        findings, summary = self.both(["check-response"] + paths, want_rc=1)
        by_input = {}
        for f in findings:
            by_input.setdefault(os.path.basename(f["input"]), []).append(f)
        self.assertNotIn("ok.http", by_input)
        api = by_input["denied.http"]
        self.assertEqual(len(api), 1)
        self.assertEqual((api[0]["kind"], api[0]["status"], api[0]["api_code"]),
                         ("api_error", 401, "APIGW.0301"))
        self.assertEqual(self.codes(by_input["html.http"]),
                         [("body", "HSSC_E_CONTENT_TYPE", 0), ("body", "HSSC_E_HTML", 0)])
        self.assertEqual(self.codes(by_input["moved.http"]), [("body", "HSSC_E_STATUS", 0)])
        self.assertEqual(self.codes(by_input["broken.http"]), [("body", "HSSC_E_HTTP_MESSAGE", 10)])
        self.assertEqual((summary["inputs"], summary["valid"], summary["violating"],
                          summary["api_errors"]), (5, 2, 3, 1))
        # Only conforming answers, error bodies included: exit 0.
        findings, _ = self.both(["check-response", paths[0], paths[1]], want_rc=0)
        self.assertEqual([f["kind"] for f in findings], ["api_error"])
        findings, _ = self.both(["check-response", "--status", "403", "-"], stdin=ERROR_BODY,
                                want_rc=0)
        self.assertEqual(findings[0]["status"], 403)

    def test_status_below_100(self):
        """A status line's (or a HAR's) status under 100 is reported with the
        finding as it was captured, and the line keeps the schema (which
        said 100..999: found by fuzz/fuzz_report.c)."""
        msg = b"HTTP/1.1 042 Odd\r\nContent-Type: application/json\r\n\r\n" + BODY
        findings, _ = self.both(["check-response", self.write("odd.http", msg)], want_rc=1)
        self.assertEqual(self.codes(findings), [("body", "HSSC_E_STATUS", 0)])
        self.assertEqual(findings[0]["status"], 42)


if __name__ == "__main__":
    HSSCODEC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
