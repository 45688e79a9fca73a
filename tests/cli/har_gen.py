#!/usr/bin/env python3
"""Synthetic HAR captures of the API, in the shapes real exporters write.

Used by the check-har end-to-end test, to seed corpus/fuzz_capture, and by
bench/har_bench.sh to make large captures:

    har_gen.py sample STYLE > file.har          one entry per finding kind
    har_gen.py big SIZE_MIB > file.har           API entries among large
                                                 unrelated base64 bodies
"""
import base64
import json
import sys

HOST = "https://hss.ap-southeast-1.myhuaweicloud.com"
PATH = "/v5/2a473356cca5487f8373be891bffc1cf/image/registries/image-upload-command"
PASSWORD = "S3cr+t pw"  # planted: must never appear in a report
PASSWORD_RAW = "S3cr%2Bt%20pw"
TOKEN = "tok-SECRET-0123456789"
QUERY = ("enterprise_project_id=all_granted_eps&namespace=test&password=" + PASSWORD_RAW +
         "&registry_addr=hub.docker.com&username=xxx")
URL = HOST + PATH + "?" + QUERY
AUTHZ = ("SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-project-id;"
         "x-sdk-date, Signature=" + "0123456789abcdef" * 4)
BODY_OK = json.dumps({"image_command": "docker login -u xxx hub.docker.com",
                      "images_download_url": "https://example.com/scanner.tar",
                      "swr_image_pull_command": "docker pull x"}, separators=(",", ":"))
BODY_401 = '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}'
CT_JSON = [{"name": "Content-Type", "value": "application/json;charset=UTF-8"}]
H_TOKEN = [{"name": "X-Auth-Token", "value": TOKEN}]

STYLES = ("chrome", "firefox", "safari", "charles", "mitmproxy")


def unquote_plus(s):
    from urllib.parse import unquote_plus as u
    return u(s)


def query_items(url, decoded):
    if "?" not in url:
        return []
    out = []
    for item in url.split("?", 1)[1].split("#")[0].split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        if decoded:
            name, value = unquote_plus(name), unquote_plus(value)
        out.append({"name": name, "value": value})
    return out


def entry(style, idx, url=URL, method="GET", req_headers=H_TOKEN, status=200,
          resp_headers=CT_JSON, text=BODY_OK, encoding=None, query=None):
    """One entry, members in the order the exporter writes them."""
    qs = query if query is not None else query_items(url, style == "mitmproxy")
    content = {"size": len(text or ""), "mimeType": "application/json"}
    if text is not None:
        content["text"] = text
    if encoding is not None:
        content["encoding"] = encoding
    request = {"method": method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [],
               "headers": list(req_headers), "queryString": qs, "headersSize": -1,
               "bodySize": 0}
    response = {"status": status, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [],
                "headers": list(resp_headers), "content": content, "redirectURL": "",
                "headersSize": -1, "bodySize": -1}
    started = "2024-05-01T10:00:%02d.123Z" % (idx % 60)
    if style == "chrome":
        request["headers"] = [{"name": ":authority", "value": "hss"}] + request["headers"]
        response["_transferSize"] = 300
        response["_error"] = None
        e = {"_initiator": {"type": "script", "stack": {"callFrames": [], "parent": {
                 "callFrames": [{"functionName": "f", "lineNumber": 1}]}}},
             "_priority": "High", "_resourceType": "fetch", "cache": {}, "connection": "443",
             "pageref": "page_1", "request": request, "response": response,
             "serverIPAddress": "1.2.3.4", "startedDateTime": started, "time": 12.5,
             "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1,
                         "wait": 10, "receive": 1, "_blocked_queueing": -1}}
    elif style == "firefox":
        e = {"pageref": "page_1", "startedDateTime": started.replace("Z", "-07:00"),
             "request": request, "response": response, "cache": {}, "timings": {}, "time": 3,
             "_securityState": "secure"}
    elif style == "safari":
        content["compression"] = -10
        e = {"pageref": "page_0", "startedDateTime": started, "time": 1.23456789012345,
             "request": request, "response": response, "cache": {},
             "timings": {"blocked": 0.1, "dns": -1, "connect": -1, "ssl": -1, "send": 0,
                         "wait": 1.5, "receive": 0.2},
             "_fetchType": "Network Load", "_priority": "medium"}
    elif style == "charles":
        response["redirectURL"] = None
        response["_charlesStatus"] = "COMPLETE"
        e = {"startedDateTime": started.replace("Z", "-07:00"), "time": 20, "request": request,
             "response": response, "serverIPAddress": "1.2.3.4", "cache": {},
             "timings": {"dns": 0, "connect": 1, "ssl": 2, "send": 0, "wait": 15, "receive": 1}}
    else:  # mitmproxy: response before request, decoded queryString
        e = {"startedDateTime": started.replace(".123Z", ".123456+00:00"), "time": 489.44,
             "response": response, "request": request, "cache": {},
             "timings": {"connect": -1.0, "ssl": -1.0, "send": 0.1, "receive": 0.2,
                         "wait": 3.5}}
    return e


def envelope(style, entries):
    log = {"version": "1.2"}
    if style == "chrome":
        log["creator"] = {"name": "WebInspector", "version": "537.36"}
        log["pages"] = [{"startedDateTime": "2024-05-01T10:00:00.000Z", "id": "page_1",
                         "title": "x", "pageTimings": {"onContentLoad": -1, "onLoad": -1}}]
    elif style == "firefox":
        log["creator"] = {"name": "Firefox", "version": "111.0.1"}
        log["browser"] = {"name": "Firefox", "version": "111.0.1"}
        log["pages"] = []
    elif style == "safari":
        log["creator"] = {"name": "WebKit Web Inspector", "version": "1.0"}
        log["pages"] = []
    elif style == "charles":
        log["creator"] = {"name": "Charles Proxy", "version": "4.6.3"}
    else:
        log["creator"] = {"name": "mitmproxy", "version": "10.0", "comment": ""}
        log["pages"] = []
    log["entries"] = entries
    text = json.dumps({"log": log}, indent=2 if style == "firefox" else None,
                      ensure_ascii=style != "safari")
    return (("\ufeff" if style == "chrome" else "") + text).encode("utf-8")


# One entry per finding kind; (spec, expected text finding lines without the
# "FILE:" prefix).
def scenarios():
    long_ns = URL.replace("namespace=test", "namespace=" + "n" * 129)
    b64 = base64.b64encode(BODY_OK.encode()).decode()
    return [
        (dict(), []),
        (dict(req_headers=[{"name": "Authorization", "value": AUTHZ},
                           {"name": "X-Sdk-Date", "value": "20240501T100000Z"}],
              text=b64, encoding="base64"), []),
        (dict(url="https://example.com/logo.png?x=1", req_headers=[], resp_headers=[],
              text="iVBORw0KGgo=", encoding="base64"), None),
        (dict(url=long_ns), ["request: namespace: longer than the field's maximum length at byte 295"]),
        (dict(method="POST"), ["request: method: method is not GET at byte 0"]),
        (dict(status=401, text=BODY_401), ["response: api error: HTTP 401 APIGW.0301"]),
        (dict(status=502, resp_headers=[{"name": "Content-Type", "value": "text/html"}],
              text="<html><body>Bad Gateway</body></html>"),
         ["response: body: body is not JSON (e.g. an HTML page from a proxy) at byte 0"]),
        (dict(req_headers=[], status=0, resp_headers=[], text=None),
         ["request: X-Auth-Token: not captured", "response: body: not captured"]),
        (dict(resp_headers=[{"name": "content-type", "value": "text/html"}]),
         ["response: body: Content-Type of a 200 answer is not application/json at byte 0"]),
        (dict(query=[{"name": "namespace", "value": "other"}]),
         ["capture: request target: queryString does not agree with the URL's query at byte 0"]),
        (dict(text="eyJpbW*=", encoding="base64"),
         ["capture: body: content.text is not valid base64 at byte 6"]),
        (dict(status=302, text=""),
         ["response: body: response status is neither 200 nor an error (>= 400) at byte 0"]),
        (dict(url=URL + "&debug=1"),
         ["request: request target: unknown parameter or key 'debug' at byte 237"]),
        (dict(url=URL + "&x" + PASSWORD_RAW + "x=1"),
         ["request: request target: unknown parameter or key at byte 237"]),
    ]


def sample(style):
    entries = []
    expected = []
    for i, (spec, want) in enumerate(scenarios()):
        e = entry(style, i, **spec)
        entries.append(e)
        for line in want or []:
            expected.append("%d: %s (started %s)" % (i, line, e["startedDateTime"]))
    return envelope(style, entries), expected


def big(size_mib, out):
    """API entries among large unrelated base64 bodies, written as a stream."""
    out.write(b'{"log":{"version":"1.2","creator":{"name":"har_gen","version":"1"},"entries":[')
    blob = base64.b64encode(bytes(range(256)) * 4096)  # 1.3 MB of base64
    written = 0
    target = size_mib << 20
    i = 0
    while written < target:
        if i:
            out.write(b",")
        if i % 4 == 3:
            e = entry("chrome", i)
            data = json.dumps(e).encode()
        else:
            e = entry("chrome", i, url="https://cdn.example.com/video%d.mp4" % i,
                      req_headers=[], resp_headers=[], text="", encoding="base64")
            data = json.dumps(e).encode()
            head, tail = data.split(b'"text": ""', 1)
            n = min(len(blob), target - written)
            n -= n % 4
            data = head + b'"text": "' + blob[:n] + b'"' + tail
        out.write(data)
        written += len(data)
        i += 1
    out.write(b"]}}\n")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "sample" and sys.argv[2] in STYLES:
        sys.stdout.buffer.write(sample(sys.argv[2])[0])
    elif len(sys.argv) == 3 and sys.argv[1] == "big":
        big(int(sys.argv[2]), sys.stdout.buffer)
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
