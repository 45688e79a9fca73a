#!/usr/bin/env python3
"""A loopback mock of HSS v5 ShowImageUploadCommand, for tests only.

It checks the request as the real API would (path, query with the project's
own rules, X-Auth-Token), answers the canonical response, and can be told to
misbehave with --scenario. It listens on 127.0.0.1 on a free port, prints
"PORT <n>" on its first line of stdout, and serves until killed or until
--lifetime seconds have passed (so a test that dies cannot leave it running).

usage: mock_api.py --scenario NAME [--token T] [--password P] [--tls CERT KEY]

Hostile modes (issue 9): echo-forms* echo every secret the client sent (the
password, the token when X-Auth-Token was used, and the JSON list in env
MOCK_ECHO, e.g. the SK) in every form a server could (secret_forms()), in
the body, the error message, every header; endless-trailers/-headers never
stop sending header bytes; cjk/header-escape send non-ASCII text and raw
control bytes; drip holds the transfer open for /proc inspection.
"""
import base64
import argparse
import gzip
import re
import http.server
import itertools
import json
import os
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import urllib.parse

PATH_RE_PREFIX = "/v5/"
PATH_SUFFIX = "/image/registries/image-upload-command"
LIMITS = {"registry_addr": (1, 256), "namespace": (1, 128), "username": (1, 128),
          "password": (1, 128), "enterprise_project_id": (1, 256)}
REQUIRED = ("registry_addr", "namespace", "username", "password")
UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

CANONICAL = {
    "image_command": "docker load -i hss-scan.tar",
    "images_download_url": "https://hss-agent.example.com/scan/hss-scan.zip",
    "swr_image_pull_command": "docker pull swr.example.com/hss/scan:latest",
}


def pct_decode(raw, plus):
    """Strict percent-decoding: malformed escapes are errors."""
    out = bytearray()
    i = 0
    b = raw.encode("latin-1")
    while i < len(b):
        c = b[i]
        if c == 0x25:
            h = b[i + 1:i + 3]
            if len(h) != 2 or not all(x in b"0123456789abcdefABCDEF" for x in h):
                raise ValueError("malformed escape at %d" % i)
            out.append(int(h, 16))
            i += 3
        elif c == 0x2B and plus:
            out.append(0x20)
            i += 1
        else:
            out.append(c)
            i += 1
    text = out.decode("utf-8")  # raises on invalid UTF-8
    for ch in text:
        o = ord(ch)
        if o < 0x20 or 0x7F <= o <= 0x9F:
            raise ValueError("control character")
    return text


def check_request(handler, token):
    """Returns None when the request is what the API expects, else (status, body)."""
    target = handler.path
    path, _, query = target.partition("?")
    if not (path.startswith(PATH_RE_PREFIX) and path.endswith(PATH_SUFFIX)):
        return 404, {"error_code": "APIGW.0101", "error_msg": "The API does not exist or has not been published in the environment"}
    project = path[len(PATH_RE_PREFIX):-len(PATH_SUFFIX)]
    if "/" in project or not project:
        return 404, {"error_code": "APIGW.0101", "error_msg": "The API does not exist"}
    got = handler.headers.get("X-Auth-Token")
    if getattr(handler.server, "verify_auth", None) is not None:
        err = handler.server.verify_auth(handler, project, query)
        if err is not None:
            return err
    elif got is None or got != token:
        return 401, {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: decrypt token fail"}
    params = {}
    try:
        for piece in query.split("&"):
            if not piece:
                continue
            name, _, value = piece.partition("=")
            name = pct_decode(name, True)
            if name in params:
                raise ValueError("duplicate " + name)
            params[name] = pct_decode(value, True)
        pct_decode(project, False)
    except (ValueError, UnicodeDecodeError) as e:
        return 400, {"error_code": "HSS.0001", "error_msg": "Invalid parameter: %s" % e}
    for name in REQUIRED:
        if name not in params:
            return 400, {"error_code": "HSS.0001", "error_msg": "Missing parameter: " + name}
    for name, value in params.items():
        if name not in LIMITS:
            return 400, {"error_code": "HSS.0001", "error_msg": "Unknown parameter"}
        lo, hi = LIMITS[name]
        if not lo <= len(value) <= hi:
            return 400, {"error_code": "HSS.0001", "error_msg": "Invalid length: " + name}
    handler.server.last_params = params
    return None


def secret_forms(secret):
    """Every form of secret a hostile server echoes (DESIGN.md, "Process and
    output hygiene"): raw; percent-encoded with upper/lower hex, %20 or +
    for space; base64 standard and URL-safe, the secret at offset 0, 1 and 2
    of the encoded data (with bytes around it)."""
    raw = secret.encode()
    forms = [secret]
    for enc in (urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret, safe="")):
        forms.append(enc)
        forms.append(re.sub("%[0-9A-F]{2}", lambda m: m.group(0).lower(), enc))
    for align in range(3):
        data = b"<>?"[:align] + raw + b"~!"
        forms.append(base64.b64encode(data).decode())
        forms.append(base64.urlsafe_b64encode(data).decode().rstrip("="))
    return forms


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send_json(self, status, obj, ctype="application/json;charset=UTF-8", raw=None, headers=()):
        body = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Request-Id", "req-0123456789abcdef")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        sc = self.server.scenario
        self.server.requests += 1
        # Record what was asked for the test to inspect.
        if self.server.record:
            with open(self.server.record, "a") as f:
                f.write(json.dumps({"path": self.path, "headers": dict(self.headers.items())}) + "\n")
        bad = check_request(self, self.server.token)
        if bad is not None and not sc.startswith("raw-"):
            status, obj = bad
            return self.send_json(status, obj)
        getattr(self, "sc_" + sc.replace("-", "_"))()

    # ---- scenarios ----
    def sc_ok(self):
        self.send_json(200, CANONICAL)

    def sc_ok_plain_ctype(self):
        self.send_json(200, CANONICAL, ctype="application/json")

    def sc_echo_password(self):
        # The gateway's error_msg can echo the canonical request.
        p = self.server.last_params["password"]
        msg = "canonical request: GET /v5/x?password=%s&password_enc=%s" % (
            p, urllib.parse.quote(p, safe="-._~"))
        self.send_json(400, {"error_code": "APIGW.0308", "error_msg": msg})

    def sc_ok_echo_password(self):
        # A command that quotes the registry password, as a login line might.
        obj = dict(CANONICAL)
        obj["image_command"] = "docker login -u u -p %s reg && docker load -i x.tar" % (
            self.server.last_params["password"])
        self.send_json(200, obj)

    def sc_error_hss(self):
        self.send_json(self.server.status, {"error_code": "HSS.1001", "error_msg": "Invalid registry address",
                                            "request_id": "0a1b2c3d"})

    def sc_error_gateway(self):
        self.send_json(self.server.status, {"error": {"code": "APIG.0301", "message": "Incorrect IAM authentication information"}})

    def sc_html_502(self):
        body = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
        self.send_json(502, None, ctype="text/html", raw=body)

    def sc_big_length(self):
        self.stream_big(True)

    def sc_big_chunked(self):
        self.stream_big(False)

    def start_json(self, length=None):
        """The status line and headers of a 200 JSON answer: Content-Length
        when length is given, else Connection: close (the body then ends
        where the connection does)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
        self.end_headers()

    def send_until_hangup(self, pieces, total):
        """Writes pieces (total bytes in all) until they end or the client
        hangs up, then says what happened on stdout for the test to read:
        EVENT {"scenario", "sent": bytes written, "total", "hung_up"}."""
        sent, hung_up = 0, False
        try:
            for piece in pieces:
                self.wfile.write(piece)
                self.wfile.flush()
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            hung_up = True
        self.close_connection = True
        self.server.event(scenario=self.server.scenario, sent=sent, total=total, hung_up=hung_up)

    def stream_big(self, with_length):
        total = 50 * 1024 * 1024
        self.start_json(total if with_length else None)
        head = b'{"image_command":"' + b"a" * (65536 - 18)
        self.send_until_hangup([head] + [b"a" * 65536] * (total // 65536 - 1), total)

    def sc_drip(self):
        # One byte every half second: the whole body would take over a minute.
        body = json.dumps(CANONICAL).encode()
        self.start_json(len(body))

        def dripped():
            for i in range(len(body)):
                yield body[i:i + 1]
                time.sleep(0.5)
        self.send_until_hangup(dripped(), len(body))

    def sc_reset(self):
        body = json.dumps(CANONICAL).encode()
        self.start_json(len(body))
        self.wfile.write(body[:20])
        self.wfile.flush()
        # RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def sc_truncated(self):
        body = json.dumps(CANONICAL).encode()
        self.start_json(len(body))
        self.wfile.write(body[:-10])
        self.wfile.flush()
        self.close_connection = True

    def sc_truncated_close(self):
        # No Content-Length: the body ends where the connection does.
        body = json.dumps(CANONICAL).encode()
        self.start_json()
        self.wfile.write(body[:-10])
        self.close_connection = True

    def sc_wrong_ctype(self):
        self.send_json(200, CANONICAL, ctype="text/plain")

    def sc_bad_utf8(self):
        raw = b'{"image_command":"docker load \xc0\xaf","images_download_url":"https://x.example.com/a.zip","swr_image_pull_command":"docker pull x"}'
        self.send_json(200, None, raw=raw)

    def sc_control_chars(self):
        obj = dict(CANONICAL)
        obj["image_command"] = "docker load x\nrm -rf /"
        self.send_json(200, obj)

    def sc_terminal_escape(self):
        obj = dict(CANONICAL)
        obj["swr_image_pull_command"] = "docker pull \u001b]0;pwned\u0007x\u009b31m"
        self.send_json(200, obj)

    def sc_error_escape(self):
        self.send_json(403, {"error_code": "HSS.0004", "error_msg": "denied \u001b[2J\u001b]0;x\u0007 \u009b1m"})

    # ---- hostile modes of issue 9 ----
    def echoed_secrets(self):
        out = [self.server.last_params.get("password", "")]
        if self.headers.get("X-Auth-Token") is not None:
            out.append(self.server.token)
        out += json.loads(os.environ.get("MOCK_ECHO", "[]"))
        return [x for x in out if x]

    def echo_text(self, which=None):
        secrets = list(enumerate(self.echoed_secrets()))
        if which is not None:
            secrets = secrets[which:which + 1]
        return " | ".join("s%d:%s" % (i, f) for i, sec in secrets for f in secret_forms(sec))

    def raw_answer(self, status, headers, body):
        """Header bytes as given (send_header would re-encode them)."""
        out = b"HTTP/1.1 %d X\r\n" % status
        for k, v in headers:
            out += k.encode() + b": " + (v if isinstance(v, bytes) else v.encode()) + b"\r\n"
        out += b"Content-Length: %d\r\n\r\n" % len(body)
        self.wfile.write(out + body)

    def sc_echo_forms(self):
        # An error body whose message, request_id and headers echo everything.
        text = self.echo_text()
        body = json.dumps({"error_code": "APIGW.0308", "error_msg": "echo: " + text,
                           "request_id": "rid " + self.echo_text(0)[:200]}).encode()
        self.raw_answer(400, [("Content-Type", "application/json"), ("X-Request-Id", text),
                              ("X-Echo", text)], body)

    def sc_echo_forms_html(self):
        text = self.echo_text()
        self.raw_answer(502, [("Content-Type", "text/html; x=" + text), ("X-Request-Id", text)],
                        b"<html>502</html>")

    def sc_echo_forms_ctype(self):
        self.raw_answer(200, [("Content-Type", "text/plain; x=" + self.echo_text())],
                        json.dumps(CANONICAL).encode())

    def sc_echo_forms_ok(self):
        # One secret's forms (--status picks which) in a 200 field.
        obj = dict(CANONICAL)
        obj["image_command"] = "docker login " + self.echo_text(self.server.status)
        obj["swr_image_pull_command"] = "docker pull x " + self.echo_text(self.server.status)[::-1]
        self.raw_answer(200, [("Content-Type", "application/json"), ("X-Echo", self.echo_text())],
                        json.dumps(obj, ensure_ascii=False).encode())

    def endless(self, trailers):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if trailers:
            head += b"Transfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n"
            body = json.dumps(CANONICAL).encode()
            head += b"%x\r\n%s\r\n0\r\n" % (len(body), body)
        # Without trailers the header block never ends.
        lines = (b"X-T: " + b"t" * 1000 + b"\r\n") * 64
        n = 10 ** 7  # ~10 GB: more than any budget
        self.send_until_hangup(itertools.chain([head], itertools.repeat(lines, n)),
                               len(head) + n * len(lines))

    def sc_endless_trailers(self):
        self.endless(True)

    def sc_endless_headers(self):
        self.endless(False)

    def sc_cjk(self):
        # Chinese text is normal here; U+202E is a bidi override.
        obj = dict(CANONICAL)
        obj["image_command"] = "docker load -i 镜像扫描.tar # 中文 ‮ cba"
        self.send_json(200, obj)

    def sc_error_cjk(self):
        self.send_json(400, {"error_code": "HSS.1001", "error_msg": "镜像仓库地址无效 ‮"},
                       raw=json.dumps({"error_code": "HSS.1001", "error_msg": "镜像仓库地址无效 ‮"},
                                      ensure_ascii=False).encode())

    def sc_header_escape(self):
        # Header bytes the CLI prints: CJK, C1 as a code point (C2 85), an
        # invalid byte, ESC, BEL, a bidi override.
        rid = "req-中文".encode() + b"-\xc2\x85-\xff-\x1b]0;x\x07-" + "‮".encode()
        self.raw_answer(403, [("Content-Type", "application/json"), ("X-Request-Id", rid)],
                        b'{"error_code":"HSS.0004","error_msg":"denied"}')

    def sc_redirect(self):
        self.send_response(302)
        self.send_header("Location", "https://evil.example.net/steal")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def sc_gzip(self):
        body = gzip.compress(json.dumps(CANONICAL).encode())
        self.send_json(200, None, raw=body, headers=(("Content-Encoding", "gzip"),))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    lock = threading.Lock()

    def event(self, **what):
        """One line "EVENT <JSON>" on stdout, after the "PORT" line."""
        with self.lock:
            print("EVENT " + json.dumps(what), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="ok")
    ap.add_argument("--status", type=int, default=400)
    ap.add_argument("--token", default=os.environ.get("MOCK_TOKEN", "mock-token"))
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--record")
    ap.add_argument("--lifetime", type=float, default=120.0)
    ap.add_argument("--verifier", help="python module path providing verify_auth(handler, project, query)")
    a = ap.parse_args()
    if not hasattr(Handler, "sc_" + a.scenario.replace("-", "_")):
        sys.exit("unknown scenario " + a.scenario)
    srv = Server(("127.0.0.1", 0), Handler)
    srv.scenario = a.scenario
    srv.status = a.status
    srv.token = a.token
    srv.record = a.record
    srv.requests = 0
    srv.last_params = {}
    if a.verifier:
        import importlib.util
        spec = importlib.util.spec_from_file_location("verifier", a.verifier)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        srv.verify_auth = mod.verify_auth
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print("PORT %d" % srv.server_address[1], flush=True)
    threading.Timer(a.lifetime, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
