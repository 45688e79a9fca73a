#!/usr/bin/env python3
"""End-to-end tests of the hsscodec command: exit codes, output, and that no
secret handed to it ever shows up in stdout or stderr.

usage: test_cli.py PATH/TO/hsscodec
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HSSCODEC = None

# Distinctive values: if either shows up in any output, a secret leaked.
PASSWORD = "Pw-9f3Kq!x7_Zr2"
PASSWORD_ENC = "Pw-9f3Kq%21x7_Zr2"
PROJECT = "2a473356cca5487f8373be891bffc1cf"
BASE = ["--project-id", PROJECT, "--registry-addr", "hub.docker.com",
        "--namespace", "test", "--username", "xxx"]
TARGET = ("/v5/" + PROJECT + "/image/registries/image-upload-command?"
          "namespace=test&password=" + PASSWORD_ENC + "&registry_addr=hub.docker.com&username=xxx")


def run(args, env=None, stdin=None):
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("HSS_REGISTRY_PASSWORD", "HSS_PROJECT_ID", "HSS_AUTH_TOKEN")}
    full_env.update(env or {})
    p = subprocess.run([HSSCODEC] + args, env=full_env, input=stdin,
                       capture_output=True, timeout=30)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Base(unittest.TestCase):
    def assertNoSecret(self, out, err):
        for secret in (PASSWORD, PASSWORD_ENC, "9f3Kq"):
            self.assertNotIn(secret, out)
            self.assertNotIn(secret, err)


class Url(Base):
    def test_env_password_redacted(self):
        rc, out, err = run(["url"] + BASE, env={"HSS_REGISTRY_PASSWORD": PASSWORD})
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, "/v5/" + PROJECT + "/image/registries/image-upload-command?"
                         "namespace=test&password=***&registry_addr=hub.docker.com&username=xxx\n")
        self.assertEqual(err, "")
        self.assertNoSecret(out, err)

    def test_show_secrets_prints_encoded_password(self):
        rc, out, err = run(["url", "--show-secrets"] + BASE, env={"HSS_REGISTRY_PASSWORD": PASSWORD})
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, TARGET + "\n")

    def test_password_file_and_stdin(self):
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write(PASSWORD + "\n")
        try:
            rc, out, err = run(["url", "--show-secrets", "--password-file", f.name] + BASE)
            self.assertEqual(rc, 0, err)
            self.assertIn("password=" + PASSWORD_ENC + "&", out)
        finally:
            os.unlink(f.name)
        rc, out, err = run(["url", "--show-secrets", "--password-stdin"] + BASE,
                           stdin=(PASSWORD + "\r\n").encode())
        self.assertEqual(rc, 0, err)
        self.assertIn("password=" + PASSWORD_ENC + "&", out)

    def test_flag_wins_over_environment(self):
        rc, out, err = run(["url", "--show-secrets", "--password-stdin"] + BASE,
                           env={"HSS_REGISTRY_PASSWORD": "from-env"}, stdin=b"from-stdin")
        self.assertEqual(rc, 0, err)
        self.assertIn("password=from-stdin&", out)

    def test_password_on_argv_refused(self):
        rc, out, err = run(["url", "--password", PASSWORD] + BASE)
        self.assertEqual(rc, 2)
        self.assertIn("not accepted on the command line", err)
        self.assertNoSecret(out, err)

    def test_missing_password_is_usage(self):
        rc, out, err = run(["url"] + BASE)
        self.assertEqual(rc, 2)
        self.assertIn("HSS_REGISTRY_PASSWORD", err)

    def test_missing_flag_is_usage(self):
        rc, out, err = run(["url", "--project-id", PROJECT], env={"HSS_REGISTRY_PASSWORD": PASSWORD})
        self.assertEqual(rc, 2)
        self.assertIn("--registry-addr", err)

    def test_project_id_from_environment(self):
        args = BASE[2:]
        rc, out, err = run(["url"] + args, env={"HSS_REGISTRY_PASSWORD": PASSWORD,
                                                "HSS_PROJECT_ID": PROJECT})
        self.assertEqual(rc, 0, err)
        self.assertTrue(out.startswith("/v5/" + PROJECT + "/"))

    def test_invalid_value_exit_1_with_field_rule_offset(self):
        rc, out, err = run(["url", "--project-id", PROJECT, "--registry-addr", "hub.docker.com:0",
                            "--namespace", "test", "--username", "xxx"],
                           env={"HSS_REGISTRY_PASSWORD": PASSWORD})
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        self.assertIn("registry_addr: port must be a number from 1 to 65535 at byte 15", err)

    def test_bad_password_error_names_field_not_value(self):
        for bad in (PASSWORD + "\x01", PASSWORD * 10):
            rc, out, err = run(["url"] + BASE, env={"HSS_REGISTRY_PASSWORD": bad})
            self.assertEqual(rc, 1)
            self.assertIn("password:", err)
            self.assertNoSecret(out, err)

    def test_endpoint_and_region(self):
        env = {"HSS_REGISTRY_PASSWORD": PASSWORD}
        rc, out, _ = run(["url", "--region", "ap-southeast-1"] + BASE, env=env)
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("https://hss.ap-southeast-1.myhuaweicloud.com/v5/"))
        rc, out, _ = run(["url", "--endpoint", "https://example.test:8443/"] + BASE, env=env)
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("https://example.test:8443/v5/"))
        rc, _, err = run(["url", "--endpoint", "http://127.0.0.1:8080"] + BASE, env=env)
        self.assertEqual(rc, 1)
        self.assertIn("endpoint: plain http:// endpoint not allowed", err)
        rc, out, _ = run(["url", "--allow-http", "--endpoint", "http://127.0.0.1:8080"] + BASE, env=env)
        self.assertEqual(rc, 0)
        rc, _, err = run(["url", "--region", "a/b"] + BASE, env=env)
        self.assertEqual(rc, 2)

    def test_unicode_values_round_trip(self):
        env = {"HSS_REGISTRY_PASSWORD": "pä ss"}
        rc, out, err = run(["url", "--show-secrets", "--project-id", PROJECT, "--registry-addr",
                            "reg.example.com:5000", "--namespace", "név tér", "--username", "ü+1"],
                           env=env)
        self.assertEqual(rc, 0, err)
        self.assertIn("namespace=n%C3%A9v%20t%C3%A9r&password=p%C3%A4%20ss&registry_addr="
                      "reg.example.com%3A5000&username=%C3%BC%2B1", out)
        rc, out2, err = run(["check-request", "-"], stdin=out.encode())
        self.assertEqual(rc, 0, err)
        self.assertEqual(out2, VALID_ONE)


# The text report of one valid item: the summary line alone.
VALID_ONE = "1 input, 1 entry, 1 matching: 1 valid, 0 violating, 0 not captured, 0 api errors\n"


class CheckRequest(Base):
    def test_stdin_ok_password_hidden(self):
        rc, out, err = run(["check-request", "-"], stdin=(TARGET + "\n").encode())
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, VALID_ONE)
        self.assertNoSecret(out, err)

    def test_argument_ok(self):
        rc, out, err = run(["check-request", "https://hss.example.com" + TARGET])
        self.assertEqual(rc, 0, err)
        self.assertNoSecret(out, err)

    def test_violations_exit_1(self):
        cases = [
            (TARGET + "#frag", "fragment ('#') in a request target at byte %d" % len(TARGET)),
            (TARGET + "&password=x", "password: parameter or key given more than once"),
            (TARGET + "&color=red", "request target: unknown parameter or key"),
            (TARGET.replace("registry_addr=hub.docker.com", "registry_addr=u:" + PASSWORD_ENC + "@h"),
             "registry_addr: user information"),
            (TARGET.replace("password=" + PASSWORD_ENC, "password=%00" + PASSWORD_ENC),
             "password: control character"),
            (TARGET.replace(PROJECT, ".."), "project_id: '.' and '..'"),
            ("/v5/" + "a" * 20000, "longer than 16 KiB"),
        ]
        for target, want in cases:
            for args, stdin in ((["check-request", "-"], target.encode()),
                                (["check-request", target], None)):
                rc, out, err = run(args, stdin=stdin)
                self.assertEqual(rc, 1, (target[:80], out, err))
                self.assertIn(want, out)
                self.assertEqual(err, "")
                self.assertNoSecret(out, err)

    def check_headers(self, text):
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write(text)
        try:
            return run(["check-request", "--headers", f.name, "-"], stdin=TARGET.encode())
        finally:
            os.unlink(f.name)

    def test_signed_request_headers(self):
        good = ("Host: hss.cn-north-4.myhuaweicloud.com\r\nX-Sdk-Date: 20240101T000000Z\r\n"
                "Authorization: SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;"
                "x-project-id;x-sdk-date, Signature=52f459e45d0f194893d8fd5bbbc58d599885ff15029d9abe62da86d2195a24a8\r\n")
        rc, out, err = self.check_headers(good)
        self.assertEqual(rc, 0, (out, err))
        cases = [
            (good.replace("Signature=52f4", "Signature=52F4"), "Authorization: Signature is not 64 lower-case hex"),
            (good.replace("host;x-project-id", "x-project-id;host"), "Authorization:"),
            (good.replace("20240101T000000Z", "20241301T000000Z"), "X-Sdk-Date:"),
            (good.replace("X-Sdk-Date", "X-Other"), "X-Sdk-Date: required field is missing"),
            ("Host: h\n", "neither X-Auth-Token nor Authorization"),
            ("X-Auth-Token: " + PASSWORD + " x\n", "X-Auth-Token: only visible ASCII"),
        ]
        for text, want in cases:
            rc, out, err = self.check_headers(text)
            self.assertEqual(rc, 1, (text, out, err))
            self.assertIn(want, out)
            self.assertNoSecret(out, err)
        rc, out, err = self.check_headers("X-Auth-Token: " + PASSWORD + "\n")
        self.assertEqual(rc, 0, (out, err))
        self.assertNoSecret(out, err)

    def test_allow_unknown(self):
        rc, out, err = run(["check-request", "--allow-unknown", TARGET + "&color=red"])
        self.assertEqual(rc, 0, err)

    def test_usage(self):
        self.assertEqual(run(["check-request"])[0], 2)
        self.assertEqual(run(["check-request", "--format", "xml", "-"])[0], 2)
        self.assertEqual(run(["check-request", "/no/such/a", "b"])[0], 2)  # unreadable inputs
        self.assertEqual(run(["check-request", "--bogus", "a"])[0], 2)


SPEC_BODY = (b'{\n  "image_command" : "docker load xxx",\n  "images_download_url" : "https://xxx.zip",\n'
             b'  "swr_image_pull_command" : "docker pull xxx"\n}')


class CheckResponse(Base):
    def test_spec_example(self):
        rc, out, err = run(["check-response", "-"], stdin=SPEC_BODY)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, VALID_ONE)

    def test_file_argument(self):
        with tempfile.NamedTemporaryFile("wb", delete=False) as f:
            f.write(SPEC_BODY)
        try:
            self.assertEqual(run(["check-response", f.name])[0], 0)
        finally:
            os.unlink(f.name)

    def test_violations(self):
        cases = [
            (b'{"image_command":"a\\u0000"}', "image_command: \\u0000 escape not allowed at byte 19"),
            (b'{"image_command":1}', "image_command: JSON value has the wrong type for this key at byte 17"),
            (SPEC_BODY + b"x", "JSON syntax error"),
            (SPEC_BODY.replace(b"https://xxx.zip", b"https://u:p@xxx.zip"), "images_download_url: user information"),
            (SPEC_BODY.replace(b"docker load xxx", b"docker load \\u001b[2J"), "image_command: control character"),
            (b"[]", "top-level JSON value is not an object"),
        ]
        for body, want in cases:
            rc, out, err = run(["check-response", "-"], stdin=body)
            self.assertEqual(rc, 1, (body, err))
            self.assertIn(want, out)
            self.assertEqual(err, "")
            self.assertNotIn("\x1b", out)

    def test_unknown_key(self):
        body = SPEC_BODY[:-1] + b', "extra": {"deep": [1, 2, {"x": null}]}}'
        self.assertEqual(run(["check-response", "-"], stdin=body)[0], 1)
        self.assertEqual(run(["check-response", "--allow-unknown", "-"], stdin=body)[0], 0)

    def test_error_bodies(self):
        # A valid error body keeps the contract: an api_error finding, exit 0
        # (DESIGN.md, "Captured traffic"; `get` keeps exit 4).
        rc, out, err = run(["check-response", "--status", "400", "-"],
                           stdin=b'{"error_code":"HSS.1001","error_msg":"bad","request_id":"r1"}')
        self.assertEqual(rc, 0, err)
        self.assertIn("-: response: api error: HTTP 400 HSS.1001\n", out)
        rc, out, err = run(["check-response", "--status", "401", "-"],
                           stdin=b'{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}}')
        self.assertEqual(rc, 0, err)
        self.assertIn("APIGW.0301", out)
        # A non-JSON error body is not a valid error body: a violation, each
        # kind with its own message.
        for body, want in ((b"<html>502</html>", "an HTML page"), (b"", "body is not JSON")):
            rc, out, err = run(["check-response", "--status", "502", "-"], stdin=body)
            self.assertEqual(rc, 1, err)
            self.assertIn(want, out)
        # A JSON error body that breaks the contract is not an answer: exit 1.
        rc, out, err = run(["check-response", "--status", "400", "-"], stdin=b'{"error_code":"nope"}')
        self.assertEqual(rc, 1, err)

    def test_size_cap(self):
        body = SPEC_BODY[:-1] + b', "pad": "' + b"a" * 70000 + b'"}'
        rc, out, err = run(["check-response", "--allow-unknown", "-"], stdin=body)
        self.assertEqual(rc, 1)
        rc, out, err = run(["check-response", "--allow-unknown", "--max-body", "100000", "-"], stdin=body)
        self.assertEqual(rc, 0, err)

    def test_usage(self):
        self.assertEqual(run(["check-response"])[0], 2)
        self.assertEqual(run(["check-response", "--status", "abc", "-"])[0], 2)
        rc, out, _ = run(["check-response", "--help"])
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("usage: hsscodec check-response"))


class Main(Base):
    def test_help_and_version(self):
        rc, out, _ = run(["--help"])
        self.assertEqual(rc, 0)
        self.assertIn("check-request", out)
        for sub in ("url", "check-request", "check-response", "get"):
            rc, out, _ = run([sub, "--help"])
            self.assertEqual(rc, 0)
            self.assertTrue(out.startswith("usage: hsscodec " + sub))
        rc, out, _ = run(["--version"])
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^hsscodec \d+\.\d+\.\d+")

    def test_unknown_command(self):
        self.assertEqual(run(["frobnicate"])[0], 2)
        self.assertEqual(run([])[0], 2)


SUBCOMMANDS = ("url", "get", "check-request", "check-response")


class Conventions(Base):
    """What users of curl and jq expect (issue 15): the help and version forms
    everywhere, one message prefix, one hint, check-response --field."""

    def assertOneMessage(self, err, sub, hint=True):
        """err is one line "hsscodec: SUB: ..." with at most one hint, which a
        usage error has."""
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("hsscodec: " + (sub + ": " if sub else "")), err)
        want = "(see 'hsscodec %s--help')" % (sub + " " if sub else "")
        self.assertEqual(err.count("--help"), 1 if hint else 0, err)
        if hint:
            self.assertTrue(lines[0].endswith(want), err)

    def test_help_forms(self):
        rc, top, err = run(["--help"])
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(top.startswith("usage: hsscodec <command>"))
        for args in (["-h"], ["help"]):
            self.assertEqual(run(args), (0, top, ""), args)
        for sub in SUBCOMMANDS:
            rc, out, err = run([sub, "--help"])
            self.assertEqual((rc, err), (0, ""), sub)
            self.assertTrue(out.startswith("usage: hsscodec " + sub), out)
            self.assertIn("-V, --version", out)
            for args in ([sub, "-h"], ["help", sub]):
                self.assertEqual(run(args), (0, out, ""), args)

    def test_help_of_an_unknown_command(self):
        rc, out, err = run(["help", "frobnicate"])
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, "hsscodec: help: unknown command 'frobnicate' "
                              "(see 'hsscodec --help')\n")

    def test_version_forms(self):
        rc, version, err = run(["--version"])
        self.assertEqual((rc, err), (0, ""))
        self.assertRegex(version, r"^hsscodec \d+\.\d+\.\d+ \(library \d+\.\d+\.\d+\)\n$")
        self.assertEqual(run(["-V"]), (0, version, ""))
        for sub in SUBCOMMANDS:
            for flag in ("-V", "--version"):
                self.assertEqual(run([sub, flag]), (0, version, ""), (sub, flag))

    def test_usage_errors_are_one_line_with_one_hint(self):
        cases = [
            (["url", "-x"] + BASE, "url", "unknown option '-x'"),
            (["url", "--project-id"], "url", "option '--project-id' needs a value"),
            (["url", "--registry-adr", "h"] + BASE, "url", "unknown option '--registry-adr'"),
            (["url"] + BASE, "url", "no registry password"),
            (["url", "--username", "u", "--namespace", "n"], "url", "missing --project-id"),
            (["url", "extra"] + BASE, "url", "unexpected argument"),
            (["get", "--region", "x"], "get", "missing --project-id"),
            (["get", "--timeout", "0"], "get", "timeouts"),
            (["get", "--field", "nope"], "get", "--field takes image_command, "
                                                "images_download_url or swr_image_pull_command"),
            (["check-request"], "check-request", "give one or more INPUTs"),
            (["check-request", "--headers"], "check-request", "option '--headers' needs a value"),
            (["check-response"], "check-response", "give one or more INPUTs"),
            (["check-response", "--bogus", "-"], "check-response", "unknown option '--bogus'"),
            (["check-response", "--status", "abc", "-"], "check-response", "--status"),
            (["check-response", "--field", "nope", "-"], "check-response", "--field takes"),
            (["frobnicate"], None, "unknown command 'frobnicate'"),
            (["--frobnicate"], None, "unknown option '--frobnicate'"),
            ([], None, None),
        ]
        for args, sub, text in cases:
            rc, out, err = run(args, stdin=b"")
            self.assertEqual(rc, 2, (args, err))
            if args:
                self.assertEqual(out, "", args)
                self.assertOneMessage(err, sub)
                self.assertIn(text, err)

    def test_a_mistyped_option_does_not_echo_its_value(self):
        # getopt itself would print "unrecognized option '--pasword=SECRET'".
        for args, sub, name in ((["url", "--pasword=" + PASSWORD] + BASE, "url", "--pasword"),
                                (["--pasword=" + PASSWORD], None, "--pasword"),
                                (["check-response", "--bogus=" + PASSWORD, "-"], "check-response",
                                 "--bogus"),
                                # an abbreviation of --status: its value is not echoed either
                                (["check-response", "--stat=" + PASSWORD, "-"], "check-response",
                                 "--status")):
            rc, out, err = run(args)
            self.assertEqual(rc, 2, args)
            self.assertOneMessage(err, sub)
            self.assertIn(name, err)
            self.assertNoSecret(out, err)

    def test_file_errors_carry_the_prefix(self):
        missing = os.path.join(tempfile.gettempdir(), "hsscodec-no-such-file")
        for args, sub in ((["check-response", missing], "check-response"),
                          (["check-request", "--headers", missing, TARGET], "check-request"),
                          (["url", "--password-file", missing] + BASE, "url")):
            rc, out, err = run(args)
            self.assertEqual(rc, 2, args)
            self.assertOneMessage(err, sub, hint=False)
            self.assertIn("cannot open " + missing, err)
        rc, out, err = run(["url", "--password-file", missing, "--password-stdin"] + BASE)
        self.assertEqual(rc, 2)
        self.assertOneMessage(err, "url")

    def test_check_response_field(self):
        body = json.loads(SPEC_BODY)
        for name, value in body.items():
            for args in (["--field", name], ["--field=" + name]):
                rc, out, err = run(["check-response"] + args + ["-"], stdin=SPEC_BODY)
                self.assertEqual((rc, out, err), (0, value + "\n", ""), args)
        # The same answer as get --field: the field raw, on one line; a body
        # that breaks the contract prints no value and its finding (the
        # report, on stderr); a valid error body is its api_error finding.
        bad = SPEC_BODY.replace(b"https://xxx.zip", b"ftp://xxx.zip")
        rc, out, err = run(["check-response", "--field", "image_command", "-"], stdin=bad)
        self.assertEqual((rc, out), (1, ""))
        self.assertEqual(err.splitlines(), ["-: response: images_download_url: not an absolute "
                                            "http:// or https:// URL with a host and no user "
                                            "information at byte 68"])
        rc, out, err = run(["check-response", "--status", "401", "--field", "image_command", "-"],
                           stdin=b'{"error_code": "APIG.0301", "error_msg": "m"}')
        self.assertEqual((rc, out), (0, ""))
        self.assertEqual(err, "-: response: api error: HTTP 401 APIG.0301\n")


if __name__ == "__main__":
    HSSCODEC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
