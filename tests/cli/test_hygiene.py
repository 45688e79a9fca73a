#!/usr/bin/env python3
"""End-to-end tests of the CLI's process and output hygiene (DESIGN.md,
"Process and output hygiene"; issue 9), against the hostile modes of the
loopback mock (tests/mock/mock_api.py). One class per issue item:

  1 AllowHttp      look-alike loopback hosts refused with exit 2, no connection
  2 Redaction      no form of any known secret in any output
  3 HeaderBudget   endless trailers/headers: exit 3, RSS bounded
  4 Escaping       CJK byte for byte to a pipe; C1/invalid/ESC escaped; bidi on a tty
  5+6 Process      /proc/PID/environ without secrets whichever source won;
                   core size 0; environ unreadable by the same (unprivileged) user
  7 NonJsonError   a non-JSON error body exits 4 (get); check-response reports it
  8 DryRun         --dry-run --show-secrets prints the exact request

usage: test_hygiene.py PATH/TO/hsscodec
"""
import base64
import json
import os
import pty
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mock"))
import test_get  # noqa: E402
from test_get import ARGS, MAX_RSS_KIB, PASSWORD, PROJECT, SK, STS_TOKEN, TOKEN, VERIFIER, Mock, run  # noqa: E402

AKSK = {"HSS_AUTH_TOKEN": None, "CLOUD_SDK_AK": "AKHSSCODECTEST01", "CLOUD_SDK_SK": SK}


def stable_b64(secret, align, urlsafe):
    """The base64 characters that depend on the secret's bytes alone when it
    starts at byte `align` of the encoded data (computed here independently
    of cli/redact.c)."""
    raw = secret.encode()
    enc = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(b"\0" * align + raw + b"\0\0").decode()
    lo = (8 * align + 5) // 6
    hi = (8 * (align + len(raw))) // 6
    return enc[lo:hi]


def forms(secret):
    """Every form of a secret that must never be printed."""
    out = {secret}
    for enc in (urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret, safe=""),
                urllib.parse.quote(secret, safe="-._~")):
        out.add(enc)
        out.add(re.sub("%[0-9A-F]{2}", lambda m: m.group(0).lower(), enc))
    for align in range(3):
        for urlsafe in (False, True):
            out.add(stable_b64(secret, align, urlsafe))
    return out


class Base(unittest.TestCase):
    def get(self, mock, *extra, env=None, timeout=30):
        args = ["get", "--endpoint", "http://127.0.0.1:%d" % mock.port, "--allow-http"]
        return run(args + ARGS + list(extra), env=env, timeout=timeout)

    def assert_no_secret(self, text, secrets):
        for sec in secrets:
            for f in forms(sec):
                self.assertNotIn(f, text, "a form of a secret was printed: %r" % f)


class AllowHttp(Base):
    """Item 1: decided on the parsed host; refused before any connection."""

    def test_look_alikes_refused_before_connecting(self):
        with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as rec:
            with Mock("ok", extra=("--record", rec.name)) as m:
                p = m.port
                # libcurl resolves *.localhost to loopback itself, so each of
                # these would reach the mock if it were let through.
                hosts = ["http://127.attacker.localhost:%d" % p, "http://127.0.0.1.localhost:%d" % p,
                         "http://127.0.0.1@evil.localhost:%d" % p, "http://127.0.0.1:%d@evil.localhost:%d" % (p, p),
                         "http://localhost.localhost:%d" % p, "http://localhost.:%d" % p,
                         "http://127.1:%d" % p, "http://0x7f.0.0.1:%d" % p, "http://[::ffff:127.0.0.1]:%d" % p,
                         "http://127.attacker.example", "HTTP://127.attacker.example"]
                for ep in hosts:
                    rc, out, err, _, _ = run(["get", "--allow-http", "--verbose", "--endpoint", ep] + ARGS)
                    self.assertEqual(rc, 2, (ep, err))
                    self.assertIn("--allow-http is for loopback endpoints only", err)
                    self.assertNotIn("Trying", err)
                # The real loopback forms are accepted and do connect.
                for ep in ("http://127.0.0.1:%d" % p, "http://127.9.8.7:%d" % p, "http://localhost:%d" % p,
                           "http://LocalHost:%d/" % p):
                    rc, out, err, _, _ = run(["get", "--allow-http", "--endpoint", ep] + ARGS)
                    self.assertIn(rc, (0, 3), (ep, err))  # 3: localhost may resolve to ::1 only
            with open(rec.name) as f:
                seen = [json.loads(line) for line in f]
        self.assertGreaterEqual(len(seen), 2)  # the real loopback ones
        for s in seen:
            self.assertNotIn("evil", s["headers"].get("Host", ""))
            self.assertNotIn("attacker", s["headers"].get("Host", ""))
            self.assertNotIn(".localhost", s["headers"].get("Host", ""))


class Redaction(Base):
    """Item 2: every form of every secret, in every byte printed."""

    def check(self, scenario, env, secrets, *extra, status=None, want_rc, want=()):
        mock_env = {"MOCK_ECHO": json.dumps([s for s in secrets if s in (SK, STS_TOKEN)])}
        mextra = ("--verifier", VERIFIER) if env is AKSK or (env and "CLOUD_SDK_SK" in env) else ()
        with Mock(scenario, status=status, extra=mextra, env=mock_env) as m:
            rc, out, err, _, _ = self.get(m, "--verbose", *extra, env=env)
        self.assertEqual(rc, want_rc, err)
        self.assert_no_secret(out + err, secrets)
        self.assertIn("***", out + err)
        for w in want:
            self.assertIn(w, out + err)
        return out, err

    def test_error_body_and_headers_token_mode(self):
        out, err = self.check("echo-forms", None, [PASSWORD, TOKEN], want_rc=4,
                              want=("HTTP 400: APIGW.0308: echo: s0:***", "[X-Request-Id s0:***",
                                    "< X-Echo: s0:***", "(request_id rid s0:***"))

    def test_error_body_and_headers_aksk_mode(self):
        env = dict(AKSK, CLOUD_SDK_SECURITY_TOKEN=STS_TOKEN)
        self.check("echo-forms", env, [PASSWORD, SK, STS_TOKEN], want_rc=4,
                   want=("HTTP 400: APIGW.0308", "s1:***", "s2:***"))

    def test_html_error_content_type(self):
        self.check("echo-forms-html", None, [PASSWORD, TOKEN], want_rc=4,
                   want=("HTTP 502: the error body is not JSON (text/html; x=s0:***",))

    def test_200_content_type(self):
        self.check("echo-forms-ctype", None, [PASSWORD, TOKEN], want_rc=1,
                   want=("HTTP 200 with Content-Type 'text/plain; x=s0:***",))

    def test_200_fields_each_secret(self):
        for i in range(2):
            out, err = self.check("echo-forms-ok", None, [PASSWORD, TOKEN], status=i, want_rc=0,
                                  want=("docker login s%d:***" % i,))
            json.loads(out)
            out, err = self.check("echo-forms-ok", None, [PASSWORD, TOKEN], "--field", "image_command",
                                  status=i, want_rc=0)
            self.assertTrue(out.startswith("docker login s%d:***" % i), out)

    def test_forms_are_really_echoed(self):
        # The control: with --show-secrets a 200 field prints as sent, so the
        # mock does echo the forms the other cases check for.
        with Mock("echo-forms-ok", status=0) as m:
            rc, out, err, _, _ = self.get(m, "--show-secrets", "--field", "image_command")
        self.assertEqual(rc, 0, err)
        for f in forms(PASSWORD) - {PASSWORD}:
            if len(f) > 8:
                self.assertIn(f, out)


class HeaderBudget(Base):
    """Item 3: header and trailer bytes are capped."""

    def test_endless_trailers_and_headers(self):
        # Exit 3 with the header cap's message (not the timeout's), and the
        # memory of the run stays bounded: the unfixed CLI grew past 1 GiB.
        for scenario in ("endless-trailers", "endless-headers"):
            with Mock(scenario) as m:
                rc, out, err, elapsed, rss = self.get(m, "--timeout", "20")
            self.assertEqual(rc, 3, err)
            self.assertIn("header cap", err)
            self.assertLess(rss, MAX_RSS_KIB)
            print("\n[hygiene] %s: exit %d after %.2f s, max RSS %d KiB" % (scenario, rc, elapsed, rss),
                  file=sys.stderr)


def run_raw(args, env=None, tty=False, timeout=30):
    """Runs the CLI with stdout (and stderr) on pipes, or on a pty; returns
    (rc, stdout bytes, stderr bytes)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("HSS_", "CLOUD_SDK_"))}
    full_env.update({"HSS_REGISTRY_PASSWORD": PASSWORD, "HSS_AUTH_TOKEN": TOKEN})
    full_env.update(env or {})
    if not tty:
        p = subprocess.run([test_get.HSSCODEC] + args, env=full_env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    master, slave = pty.openpty()
    p = subprocess.Popen([test_get.HSSCODEC] + args, env=full_env, stdin=subprocess.DEVNULL,
                         stdout=slave, stderr=slave)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    return p.wait(timeout=timeout), data, data


class Escaping(Base):
    """Item 4: characters, not bytes."""

    def args(self, m):
        return ["get", "--allow-http", "--endpoint", "http://127.0.0.1:%d" % m.port] + ARGS

    def test_cjk_round_trips_to_a_pipe(self):
        want = "docker load -i 镜像扫描.tar # 中文 \u202e cba".encode()
        with Mock("cjk") as m:
            rc, out, err = run_raw(self.args(m) + ["--field", "image_command"])
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, want + b"\n")  # byte for byte, bidi too (not a terminal)
            rc, out, err = run_raw(self.args(m))
            self.assertEqual(rc, 0, err)
            self.assertIn(want, out)
            self.assertEqual(json.loads(out)["image_command"].encode(), want)

    def test_cjk_error_message_round_trips(self):
        with Mock("error-cjk") as m:
            rc, out, err = run_raw(self.args(m))
        self.assertEqual(rc, 4, err)
        self.assertIn("HTTP 400: HSS.1001: 镜像仓库地址无效 \u202e".encode(), err)

    def test_bidi_escaped_on_a_terminal(self):
        with Mock("cjk") as m:
            rc, out, _ = run_raw(self.args(m) + ["--field", "image_command"], tty=True)
        self.assertEqual(rc, 0, out)
        self.assertIn("镜像扫描.tar # 中文 \\u{202e} cba".encode(), out)
        self.assertNotIn("\u202e".encode(), out)

    def test_header_bytes_escaped_by_character(self):
        with Mock("header-escape") as m:
            rc, out, err = run_raw(self.args(m))
        self.assertEqual(rc, 4, err)
        self.assertIn("[X-Request-Id req-中文-\\u{0085}-\\xff-\\x1b]0;x\\x07-\u202e]".encode(), err)
        for bad in (b"\x1b", b"\x07", b"\xc2\x85", b"\xff"):
            self.assertNotIn(bad, err)
        err.decode("utf-8")  # valid UTF-8 throughout
        with Mock("header-escape") as m:
            rc, out, _ = run_raw(self.args(m), tty=True)
        self.assertIn("-\\u{202e}]".encode(), out)
        self.assertNotIn("\u202e".encode(), out)


def proc_read(pid, name):
    with open("/proc/%d/%s" % (pid, name), "rb") as f:
        return f.read()


class Process(Base):
    """Items 5 and 6: no secret in /proc/PID/environ, whichever source won;
    core size 0; non-dumpable (environ unreadable by the same user)."""

    @classmethod
    def setUpClass(cls):
        # An unprivileged user must be able to run the binary: copy it into
        # a world-readable directory.
        cls.dir = tempfile.mkdtemp(prefix="hssc-hyg-")
        os.chmod(cls.dir, 0o755)
        cls.bin = os.path.join(cls.dir, "hsscodec")
        shutil.copy(test_get.HSSCODEC, cls.bin)
        os.chmod(cls.bin, 0o755)
        cls.root = os.geteuid() == 0
        # As root (CI), the CLI runs as nobody: the check that the same user
        # cannot read its environ must not be answered by root's rights.
        cls.as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if cls.root else []

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def secret_file(self, name, value):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(value + "\n")
        os.chmod(path, 0o644)
        return path

    def during_transfer(self, env, extra, mock_extra=()):
        """Starts get against the dripping mock, waits until the request has
        arrived (the CLI now holds every secret), and returns what /proc
        shows of it."""
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("HSS_", "CLOUD_SDK_"))}
        full_env.update({k: v for k, v in env.items() if v is not None})

        def unlimited_core():
            soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
            if self.root:
                hard = resource.RLIM_INFINITY
            resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))

        rec = os.path.join(self.dir, "rec.jsonl")
        if os.path.exists(rec):
            os.unlink(rec)
        with Mock("drip", extra=("--record", rec) + tuple(mock_extra)) as m:
            args = [self.bin, "get", "--allow-http", "--endpoint", "http://127.0.0.1:%d" % m.port] + ARGS + extra
            p = subprocess.Popen(self.as_user + args, env=full_env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=unlimited_core)
            try:
                deadline = time.monotonic() + 10
                while not (os.path.exists(rec) and os.path.getsize(rec) > 0):
                    self.assertIsNone(p.poll(), p.stderr.read() if p.poll() is not None else "")
                    self.assertLess(time.monotonic(), deadline, "the request never arrived")
                    time.sleep(0.05)
                time.sleep(0.2)
                self.assertIsNone(p.poll(), "the transfer ended early")
                environ = proc_read(p.pid, "environ")
                limits = proc_read(p.pid, "limits").decode()
                status = proc_read(p.pid, "status").decode()
                readable = self.same_user_can_read(p.pid)
            finally:
                p.send_signal(signal.SIGKILL)
                p.communicate()
        return environ, limits, status, readable

    def same_user_can_read(self, pid):
        """Whether the CLI's own user can read /proc/PID/environ: True, or
        False only for the kernel's "Permission denied" (not because the
        probe itself could not run)."""
        r = subprocess.run(self.as_user + ["cat", "/proc/%d/environ" % pid], capture_output=True)
        if r.returncode == 0:
            return True
        self.assertIn(b"Permission denied", r.stderr)
        return False

    def test_probe_reads_a_dumpable_process(self):
        # The control: the same probe reads the environ of an ordinary
        # (dumpable) process of that user.
        p = subprocess.Popen(self.as_user + ["sleep", "30"])
        try:
            time.sleep(0.2)
            self.assertTrue(self.same_user_can_read(p.pid))
        finally:
            p.kill()
            p.wait()

    def check(self, env, extra, secrets, mock_extra=()):
        environ, limits, status, readable = self.during_transfer(env, extra, mock_extra)
        self.assertIn(b"HSS_PROJECT_ID" if "HSS_PROJECT_ID" in env else b"PATH=", environ)  # we did read it
        for s in secrets:
            self.assertNotIn(s.encode(), environ, "a secret stayed in /proc/PID/environ")
        core = [line for line in limits.splitlines() if line.startswith("Max core file size")]
        self.assertEqual(core[0].split()[4:6], ["0", "0"], core)
        if self.as_user or not self.root:
            self.assertFalse(readable, "the same user can read /proc/PID/environ (still dumpable)")
        self.assertRegex(status, r"Uid:\s+%d" % (65534 if self.root else os.geteuid()))

    def test_environment_source(self):
        self.check({"HSS_REGISTRY_PASSWORD": PASSWORD, "HSS_AUTH_TOKEN": TOKEN}, [], [PASSWORD, TOKEN])

    def test_files_override_the_environment(self):
        env = {"HSS_REGISTRY_PASSWORD": "env-password-LOST-7Qx", "HSS_AUTH_TOKEN": "env-token-LOST-9Wz3"}
        extra = ["--password-file", self.secret_file("pw", PASSWORD),
                 "--token-file", self.secret_file("tok", TOKEN)]
        self.check(env, extra, [PASSWORD, TOKEN, env["HSS_REGISTRY_PASSWORD"], env["HSS_AUTH_TOKEN"]])

    def test_aksk_and_stray_variables(self):
        env = dict(AKSK, HSS_REGISTRY_PASSWORD=PASSWORD, CLOUD_SDK_SECURITY_TOKEN=STS_TOKEN)
        self.check({k: v for k, v in env.items() if v is not None}, [], [PASSWORD, SK, STS_TOKEN],
                   mock_extra=("--verifier", VERIFIER))


class NonJsonError(Base):
    """Item 7: a non-JSON error body is the API's error answer: exit 4."""

    def test_get_and_check_response_agree(self):
        with Mock("html-502") as m:
            rc, out, err, _, _ = self.get(m)
        self.assertEqual(rc, 4, err)
        self.assertIn("HTTP 502: the error body is not JSON", err)
        # check-response reports captures: a non-JSON error body is a
        # violation there (exit 1), a valid one an api_error (exit 0).
        rc, out, err = run_raw(["check-response", "--status", "502", "/dev/null"])
        self.assertEqual(rc, 1, err)
        self.assertIn(b"body is not JSON", out)


class DryRun(Base):
    """Item 8: --dry-run --show-secrets prints the exact request."""

    def test_exact_request_feeds_check_request(self):
        rc, out, err, _, _ = run(["get", "--dry-run", "--show-secrets", "--region", "ap-southeast-1"] + ARGS)
        self.assertEqual(rc, 0, err)
        first = out.splitlines()[0]
        self.assertTrue(first.startswith("GET https://hss.ap-southeast-1.myhuaweicloud.com/v5/" + PROJECT), first)
        self.assertIn("&password=" + urllib.parse.quote(PASSWORD, safe="-._~") + "&", first)
        self.assertIn("X-Auth-Token: " + TOKEN, out.splitlines())
        url = first[len("GET "):]
        p = subprocess.run([test_get.HSSCODEC, "check-request", "-"], input=(url + "\n").encode(),
                           capture_output=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn(b" 1 valid, 0 violating", p.stdout)
        # The whole dry run is a request message check-request reads.
        p = subprocess.run([test_get.HSSCODEC, "check-request", "--format", "jsonl", "-"],
                           input=out.encode(), capture_output=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn(b'"valid":1,"violating":0', p.stdout)
        # Without --show-secrets nothing changes: secrets as ***.
        rc, out, err, _, _ = run(["get", "--dry-run", "--region", "ap-southeast-1"] + ARGS)
        self.assertIn("&password=***&", out)
        self.assert_no_secret(out + err, [PASSWORD, TOKEN])


if __name__ == "__main__":
    test_get.HSSCODEC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
