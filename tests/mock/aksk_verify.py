"""An independent SDK-HMAC-SHA256 verifier for the mock API (Python standard
library only; shares no code with the C signer). Loaded by mock_api.py with
--verifier; reads the expected AK/SK from MOCK_AK / MOCK_SK.

verify_auth(handler, project, query) returns None when the request carries a
valid signature, else (401, gateway error body)."""
import hashlib
import hmac
import os
import re
import urllib.parse

UNRESERVED = "-_.~"
AUTH_RE = re.compile(r"^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$")
DENY = (401, {"error_code": "APIGW.0301",
              "error_msg": "Incorrect IAM authentication information: verify aksk signature fail"})


def enc(s):
    return urllib.parse.quote(s, safe=UNRESERVED)


def canonical_query(query):
    pairs = []
    for piece in query.split("&"):
        if not piece:
            continue
        k, _, v = piece.partition("=")
        pairs.append((urllib.parse.unquote(k), urllib.parse.unquote(v)))
    pairs.sort()
    return "&".join(enc(k) + "=" + enc(v) for k, v in pairs)


def canonical_uri(path):
    # As the SDK cores do: decode the whole path, then split at '/' (so an
    # encoded %2F inside a segment becomes a separator), encode each piece.
    segs = [enc(s) for s in urllib.parse.unquote(path).split("/")]
    uri = "/".join(segs)
    return uri if uri.endswith("/") else uri + "/"


def verify_auth(handler, project, query):
    ak, sk = os.environ.get("MOCK_AK", ""), os.environ.get("MOCK_SK", "")
    m = AUTH_RE.match(handler.headers.get("Authorization", ""))
    date = handler.headers.get("X-Sdk-Date", "")
    if not m or m.group(1) != ak or not re.fullmatch(r"\d{8}T\d{6}Z", date):
        return DENY
    signed = m.group(2).split(";")
    if "host" not in signed or "x-sdk-date" not in signed or signed != sorted(signed):
        return DENY
    pid = handler.headers.get("X-Project-Id")
    if pid is not None and pid.strip(" \t").encode("latin-1") != urllib.parse.unquote_to_bytes(project).strip(b" \t"):
        return DENY
    path = handler.path.partition("?")[0]
    lines = []
    for name in signed:
        value = handler.headers.get(name)
        if value is None:
            return DENY
        # http.server decodes header bytes as latin-1: undo that to sign the
        # exact bytes that were sent.
        lines.append(name.encode() + b":" + value.strip(" \t").encode("latin-1"))
    creq = b"\n".join([b"GET", canonical_uri(path).encode(), canonical_query(query).encode(),
                       b"\n".join(lines) + b"\n", ";".join(signed).encode(),
                       hashlib.sha256(b"").hexdigest().encode()])
    sts = "SDK-HMAC-SHA256\n%s\n%s" % (date, hashlib.sha256(creq).hexdigest())
    want = hmac.new(sk.encode(), sts.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, m.group(3)):
        return DENY
    return None


if __name__ == "__main__":
    # Self-check against the vectors of aksk-signing.md (vector 5 and 1).
    class H:
        def __init__(self, path, headers):
            self.path, self.headers = path, headers
    os.environ.update(MOCK_AK="AccessKey", MOCK_SK="SecretKey")
    target = ("/v5/0123456789abcdef0123456789abcdef/image/registries/image-upload-command?namespace=ns1&"
              "password=p%40ss%20w%2Frd%26%3D%2B%25%E4%B8%AD&registry_addr=myharbor.com%3A8443&username=admin")
    print(canonical_query(target.partition("?")[2]))
    q = "size=1"
    sts_hdr = {"host": "service.endpoint.myhuaweicloud.com", "x-sdk-date": "20200608T023900Z"}
    creq = "\n".join(["GET", canonical_uri("/resources"), canonical_query(q),
                      "host:%s\nx-sdk-date:%s\n" % (sts_hdr["host"], sts_hdr["x-sdk-date"]),
                      "host;x-sdk-date", hashlib.sha256(b"").hexdigest()])
    sts = "SDK-HMAC-SHA256\n20200608T023900Z\n" + hashlib.sha256(creq.encode()).hexdigest()
    sig = hmac.new(b"SecretKey", sts.encode(), hashlib.sha256).hexdigest()
    assert sig == "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842", sig
    print("vector 1 ok")
