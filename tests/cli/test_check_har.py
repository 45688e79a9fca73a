#!/usr/bin/env python3
"""End-to-end tests of hsscodec check-har: the real exports of tests/data/har,
synthetic captures in five exporters' shapes checked finding by finding in
both formats (JSON Lines against docs/report.schema.json with a real
validator), gzip, standard input, secrets, and a 512 MiB string at bounded
memory.

usage: test_check_har.py PATH/TO/hsscodec
Environment: HSSC_TEST_MAX_RSS_KIB (default 32768; raised under ASan).
"""
import gzip
import json
import os
import pty
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import har_gen  # noqa: E402

HSSCODEC = None
DATA = os.path.join(ROOT, "tests", "data", "har")
SECRETS = (har_gen.PASSWORD, har_gen.PASSWORD_RAW, "S3cr", har_gen.TOKEN)


def run(args, stdin=None, stderr_tty=False):
    """Runs hsscodec; returns (rc, stdout, stderr, max RSS in KiB, seconds).
    stdin: bytes, or a function that writes to the pipe; stderr_tty: stderr
    is a pseudo-terminal."""
    t0 = time.monotonic()
    master = slave = None
    if stderr_tty:
        master, slave = pty.openpty()
    p = subprocess.Popen([HSSCODEC] + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE,
                         stderr=slave if stderr_tty else subprocess.PIPE)
    if slave is not None:
        os.close(slave)
    got = {}

    def drain(name, fd_or_file):
        chunks = []
        while True:
            try:
                b = (os.read(fd_or_file, 65536) if isinstance(fd_or_file, int)
                     else fd_or_file.read1(65536))
            except OSError:  # the pty's other side closed
                break
            if not b:
                break
            chunks.append(b)
        got[name] = b"".join(chunks)

    readers = [threading.Thread(target=drain, args=("out", p.stdout)),
               threading.Thread(target=drain, args=("err", master if stderr_tty else p.stderr))]
    for t in readers:
        t.start()
    try:
        if callable(stdin):
            stdin(p.stdin)
        elif stdin is not None:
            p.stdin.write(stdin)
    except BrokenPipeError:
        pass
    p.stdin.close()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    p.stdout.close()
    if p.stderr is not None:
        p.stderr.close()
    if master is not None:
        os.close(master)
    return (p.returncode, got["out"].decode("utf-8", "replace"),
            got["err"].decode("utf-8", "replace"), ru.ru_maxrss, time.monotonic() - t0)


class Base(unittest.TestCase):
    def assertNoSecret(self, *texts):
        for t in texts:
            for s in SECRETS:
                self.assertNotIn(s, t)


class RealExports(Base):
    """Every file of tests/data/har: no crash, the right verdict, and zero
    matching entries (none of them calls this API)."""

    EXPECT = {
        "haralyzer/missing_page.har": 1,        # an entry without request.url
        "har-validator/har-invalid.json": 2,    # not a HAR: no log.entries
    }

    def test_every_file(self):
        files = []
        for d in sorted(os.listdir(DATA)):
            p = os.path.join(DATA, d)
            if os.path.isdir(p):
                files += [os.path.join(d, f) for f in sorted(os.listdir(p))
                          if f.endswith((".har", ".json"))]
        self.assertGreaterEqual(len(files), 15)
        for f in files:
            rc, out, err, _, _ = run(["check-har", "--format", "jsonl", os.path.join(DATA, f)])
            want = self.EXPECT.get(f, 0)
            self.assertEqual(rc, want, f + ": " + out + err)
            lines = [json.loads(x) for x in out.splitlines()]
            self.assertEqual(lines[-1]["type"], "summary", f)
            self.assertEqual(lines[-1]["matching"], 0, f)
            if want == 2:
                self.assertEqual(lines[0]["type"], "error")
                self.assertEqual(lines[0]["code"], "HSSC_E_NOT_HAR")
                self.assertEqual(lines[0]["offset"], 810)
            if want == 1:
                self.assertEqual([(x["kind"], x["code"], x["field"]) for x in lines[:-1]],
                                 [("violation", "HSSC_E_MISSING", "request target")])

    def test_text_of_a_negative_sample(self):
        path = os.path.join(DATA, "har-validator", "har-invalid.json")
        rc, out, err, _, _ = run(["check-har", path])
        self.assertEqual(rc, 2)
        self.assertEqual(err, "hsscodec: %s: not a HAR file: no log object with an entries array"
                              " at byte 810\n" % path)
        self.assertEqual(out, "1 input, 0 entries, 0 matching: 0 valid, 0 violating, "
                              "0 not captured, 0 api errors\n")


class Synthetic(Base):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        for f in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, f))
        os.rmdir(self.dir)

    def write(self, name, data):
        p = os.path.join(self.dir, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def test_text_finding_by_finding(self):
        for style in har_gen.STYLES:
            data, expected = har_gen.sample(style)
            path = self.write(style + ".har", data)
            rc, out, err, _, _ = run(["check-har", path])
            self.assertEqual(rc, 1, style + err)
            self.assertEqual(err, "")
            lines = out.splitlines()
            self.assertEqual(lines[:-1], [path + ":" + e for e in expected], style)
            self.assertEqual(lines[-1], "1 input, 14 entries, 13 matching: 4 valid, 9 violating, "
                                        "1 not captured, 1 api error")
            self.assertNoSecret(out, err)

    def test_jsonl_against_the_schema(self):
        import jsonschema
        with open(os.path.join(ROOT, "docs", "report.schema.json")) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for style in har_gen.STYLES:
            data, expected = har_gen.sample(style)
            path = self.write(style + ".har", data)
            rc, out, err, _, _ = run(["check-har", "--format", "jsonl", path])
            self.assertEqual(rc, 1)
            objs = [json.loads(x) for x in out.splitlines()]
            for o in objs:
                validator.validate(o)
            findings = [o for o in objs if o["type"] == "finding"]
            self.assertEqual(len(findings), len(expected))
            for o in findings:
                self.assertEqual(o["input"], path)
                self.assertIn("password=***", o["url"])
                self.assertTrue(o["started"].startswith("2024-05-01T10:00:"))
            by_entry = {o["entry"]: o for o in findings}
            self.assertEqual(by_entry[3]["code"], "HSSC_E_TOO_LONG")
            self.assertEqual(by_entry[3]["field"], "namespace")
            self.assertEqual(by_entry[3]["offset"], 295)
            self.assertEqual(by_entry[5]["kind"], "api_error")
            self.assertEqual(by_entry[5]["status"], 401)
            self.assertEqual(by_entry[5]["api_code"], "APIGW.0301")
            self.assertEqual(by_entry[12]["name"], "debug")
            self.assertNotIn("name", by_entry[13])  # it holds the password
            self.assertEqual(objs[-1], {"type": "summary", "inputs": 1, "entries": 14,
                                        "matching": 13, "valid": 4, "violating": 9,
                                        "not_captured": 1, "api_errors": 1})
            self.assertNoSecret(out, err)
        # an unreadable input and a non-HAR are schema-valid error lines too
        rc, out, _, _, _ = run(["check-har", "--format", "jsonl", "/nonexistent.har",
                                os.path.join(DATA, "har-validator", "har-invalid.json")])
        self.assertEqual(rc, 2)
        for line in out.splitlines():
            validator.validate(json.loads(line))

    def test_password_hidden_in_every_form_of_the_url(self):
        # The password given escaped ("a%62c...") stands decoded ("abc...")
        # as another item's name; and a ninth password item (more than the
        # reader keeps) whose value is also a name. Neither may show.
        base = har_gen.HOST + har_gen.PATH + "?"
        rest = "&namespace=test&registry_addr=hub.docker.com&username=xxx"
        cases = {
            "decoded": ("abcSecret9=1&password=a%62cSecret9" + rest, "abcSecret9"),
            "ninth": ("".join("password=p%d&" % i for i in range(8)) + "Xnine7=1&password=Xnine7"
                      + rest, "Xnine7"),
        }
        for name, (query, secret) in cases.items():
            with self.subTest(name):
                data = har_gen.envelope("chrome", [har_gen.entry("chrome", 0, url=base + query)])
                path = self.write(name + ".har", data)
                rc, out, err, _, _ = run(["check-har", "--format", "jsonl", path])
                self.assertEqual(rc, 1, out + err)
                findings = [json.loads(x) for x in out.splitlines()]
                self.assertTrue(any(o["type"] == "finding" for o in findings), out)
                self.assertNotIn(secret, out + err)
                for o in findings:
                    if o["type"] == "finding":
                        self.assertIn("***", o["url"])

    def test_token_and_escaped_password_hidden_in_the_url(self):
        # The entry's X-Auth-Token stands in its URL as an unknown
        # parameter's name and, escaped, as a value; the password stands
        # escaped ("a%62c...") where its item holds it plain. None may show,
        # in any form.
        tok = "tok/Mine+7=="
        esc = "tok%2FMine%2B7%3D%3D"
        base = har_gen.HOST + har_gen.PATH + "?"
        rest = "&namespace=test&registry_addr=hub.docker.com&username=xxx"
        cases = {
            "token as a name": (tok + "=1&password=pw1" + rest, [tok]),
            "token escaped": ("x=" + esc + "&password=pw1" + rest, [tok, esc]),
            "password escaped": ("y=a%62cSecret9&password=abcSecret9" + rest,
                                 ["abcSecret9", "a%62cSecret9"]),
        }
        for name, (query, secrets) in cases.items():
            with self.subTest(name):
                headers = [{"name": "X-Auth-Token", "value": tok}]
                data = har_gen.envelope("chrome", [har_gen.entry("chrome", 0, url=base + query,
                                                                 req_headers=headers)])
                path = self.write(name.replace(" ", "_") + ".har", data)
                rc, out, err, _, _ = run(["check-har", "--format", "jsonl", path])
                self.assertEqual(rc, 1, out + err)
                findings = [json.loads(x) for x in out.splitlines()]
                self.assertTrue(any(o["type"] == "finding" for o in findings), out)
                for secret in secrets:
                    self.assertNotIn(secret, out + err)
                for o in findings:
                    if o["type"] == "finding":
                        self.assertIn("***", o["url"])

    def test_gzip_stdin_and_many_files(self):
        data, expected = har_gen.sample("chrome")
        plain = self.write("a.har", data)
        gz = self.write("a.har.gz", gzip.compress(data))
        rc1, out1, _, _, _ = run(["check-har", plain])
        rc2, out2, _, _, _ = run(["check-har", gz])
        rc3, out3, _, _, _ = run(["check-har", "-"], stdin=gzip.compress(data))
        self.assertEqual((rc1, rc2, rc3), (1, 1, 1))
        self.assertEqual(out2.replace(gz, plain), out1)
        self.assertEqual(out3.replace("-:", plain + ":"), out1)
        # a truncated gzip file is an input error, after what it held
        cut = self.write("cut.har.gz", gzip.compress(data)[:-20])
        rc, out, err, _, _ = run(["check-har", cut])
        self.assertEqual(rc, 2)
        self.assertIn("truncated gzip stream", err)
        # reports of separate inputs add up in one summary
        rc, out, _, _, _ = run(["check-har", plain, gz, os.path.join(DATA, "mitmproxy",
                                                                    "chrome.har")])
        self.assertEqual(rc, 1)
        self.assertEqual(out.splitlines()[-1], "3 inputs, 31 entries, 26 matching: 8 valid, "
                                               "18 violating, 2 not captured, 2 api errors")

    def test_allow_unknown(self):
        data, _ = har_gen.sample("firefox")
        path = self.write("f.har", data)
        _, out, _, _, _ = run(["check-har", "--allow-unknown", "--format", "jsonl", path])
        codes = [json.loads(x).get("code") for x in out.splitlines()]
        self.assertNotIn("HSSC_E_UNKNOWN", codes)

    def test_not_json(self):
        path = self.write("x.har", b"<html>proxy error</html>")
        rc, out, err, _, _ = run(["check-har", path])
        self.assertEqual(rc, 2)
        self.assertEqual(err, "hsscodec: %s: JSON syntax error at byte 0\n" % path)

    def test_usage(self):
        for args in (["check-har"], ["check-har", "--format", "xml", "a"],
                     ["check-har", "--max-body", "0", "a"], ["check-har", "--bogus", "a"]):
            rc, out, err, _, _ = run(args)
            self.assertEqual(rc, 2, args)
            self.assertTrue(err.startswith("hsscodec: check-har: "), err)
        rc, out, _, _, _ = run(["check-har", "--help"])
        self.assertEqual(rc, 0)
        self.assertIn("usage: hsscodec check-har", out)


class Large(Base):
    """A 512 MiB string in an unrelated entry: streamed at bounded memory."""

    def feed(self, total_mib, progress_tty=False, quiet=False):
        head = (b'{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":['
                b'{"request":{"method":"GET","url":"https://cdn.example.com/v.mp4"},'
                b'"response":{"status":200,"content":{"encoding":"base64","text":"')
        api = json.dumps(har_gen.entry("chrome", 1)).encode()
        tail = b'"}}},' + api + b"]}}"
        block = b"QUJD" * (1 << 18)  # 1 MiB of base64

        def write(pipe):
            pipe.write(head)
            for _ in range(total_mib):
                pipe.write(block)
            pipe.write(tail)

        args = ["check-har", "--format", "jsonl"] + (["--quiet"] if quiet else []) + ["-"]
        return run(args, stdin=write, stderr_tty=progress_tty)

    def test_512_mib_string(self):
        max_rss = int(os.environ.get("HSSC_TEST_MAX_RSS_KIB", "32768"))
        rc, out, err, rss, secs = self.feed(512)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out.splitlines()[-1])["matching"], 1)
        self.assertEqual(json.loads(out.splitlines()[-1])["valid"], 1)
        self.assertLess(rss, max_rss)
        sys.stderr.write("check-har: 512 MiB string: %.1f s (%.0f MB/s), max RSS %d KiB\n"
                         % (secs, 512 * 1.048576 / secs, rss))

    def test_progress_on_a_terminal(self):
        rc, out, err, _, _ = self.feed(64, progress_tty=True)
        self.assertEqual(rc, 0)
        self.assertIn("hsscodec: check-har: -: ", err)
        self.assertIn("MB/s", err)
        rc, out, err, _, _ = self.feed(64, progress_tty=True, quiet=True)
        self.assertEqual(rc, 0)
        self.assertNotIn("MB/s", err)


if __name__ == "__main__":
    HSSCODEC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
