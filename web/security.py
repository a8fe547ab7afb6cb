"""Access control, upload size limits and security headers (pure ASGI middleware).

* No token configured (the default, loopback only): requests must name a
  loopback host in their ``Host`` header, so a web page elsewhere cannot reach
  the server through DNS rebinding.
* A token configured (``BELEID_TOKEN``; required to bind off loopback): every
  page and API request needs it, as ``Authorization: Bearer TOKEN``, or once
  as ``?token=TOKEN`` or through the login form, after which an HttpOnly,
  Secure, SameSite=Strict session cookie carries it. The cookie holds an HMAC
  of the token, never the token. Without it: 401 (JSON for ``/api/``, the
  login form for pages). Static assets (CSS/JS, no data) and ``/login`` are open.
* Request bodies larger than the upload limit are refused with 413, also when
  the client sends no Content-Length (the body is counted as it arrives).
"""
from __future__ import annotations

import hashlib
import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

COOKIE = "beleid_sessie"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
OPEN_PREFIXES = ("/static/", "/login", "/favicon.ico")
MULTIPART_OVERHEAD = 256 * 1024

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def session_value(token: str) -> str:
    return hmac.new(token.encode("utf-8"), b"beleidsgeheugen-sessie-v1", hashlib.sha256).hexdigest()


def is_loopback(host: str) -> bool:
    import ipaddress

    h = host.strip("[]")
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


async def _send_json(send, status: int, payload: dict, extra: list | None = None) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json; charset=utf-8"),
               (b"content-length", str(len(body)).encode())] + (extra or [])
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_html(send, status: int, html: str, extra: list | None = None) -> None:
    body = html.encode("utf-8")
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


class SecurityMiddleware:
    """Auth, Host check, body size limit and security headers, in one pass."""

    def __init__(self, app, token: str | None, max_body: int, login_page=None):
        self.app = app
        self.token = token or None
        self.session = session_value(self.token) if self.token else None
        self.max_body = max_body + MULTIPART_OVERHEAD
        self.login_page = login_page  # callable(next_url, error) -> html

    def _authorised(self, headers: dict[str, str], query: dict[str, str]) -> tuple[bool, bool]:
        """(authorised, via_query_token)."""
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer " and hmac.compare_digest(auth[7:].strip().encode(), self.token.encode()):
            return True, False
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is just no cookie
            pass
        if COOKIE in cookie and hmac.compare_digest(cookie[COOKIE].value.encode(), self.session.encode()):
            return True, False
        given = query.get("token")
        if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
            return True, True
        return False, False

    def cookie_header(self, clear: bool = False) -> tuple[bytes, bytes]:
        value = "" if clear else self.session
        attrs = "; Path=/; HttpOnly; Secure; SameSite=Strict" + ("; Max-Age=0" if clear else "; Max-Age=43200")
        return b"set-cookie", f"{COOKIE}={value}{attrs}".encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path: str = scope.get("path", "")
        headers = _headers(scope)
        is_api = path.startswith("/api/")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))

        if self.token is None:
            host = headers.get("host", "").rsplit(":", 1)[0] if not headers.get("host", "").endswith("]") \
                else headers.get("host", "")
            if host and not is_loopback(host):
                return await _send_json(send, 403, {"error": "deze server accepteert alleen verzoeken op "
                                                             "127.0.0.1/localhost (start hem met BELEID_TOKEN "
                                                             "om hem elders te gebruiken)"})
        set_cookie = None
        if self.token is not None and not path.startswith(OPEN_PREFIXES):
            ok, via_query = self._authorised(headers, query)
            if not ok:
                if is_api or "text/html" not in headers.get("accept", ""):
                    return await _send_json(send, 401, {"error": "niet aangemeld: toegangstoken ontbreekt of is "
                                                                 "onjuist (Authorization: Bearer ...)"},
                                            [(b"www-authenticate", b'Bearer realm="beleidsgeheugen"')])
                nxt = path + ("?" + urlencode([(k, v) for k, v in query.items() if k != "token"])
                              if len(query) > ("token" in query) else "")
                html = self.login_page(nxt, "Onjuist toegangstoken." if "token" in query else "")
                return await _send_html(send, 401, html)
            if via_query:
                set_cookie = self.cookie_header()
                if scope["method"] in ("GET", "HEAD") and not is_api:
                    rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
                    location = path + ("?" + rest if rest else "")
                    await send({"type": "http.response.start", "status": 303,
                                "headers": [(b"location", location.encode("latin-1")), set_cookie,
                                            (b"content-length", b"0"), (b"referrer-policy", b"no-referrer")]})
                    return await send({"type": "http.response.body", "body": b""})

        # --- body size limit -------------------------------------------------
        length = headers.get("content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                return await _send_json(send, 400, {"error": "ongeldige Content-Length"})
            if too_big:
                return await _send_json(send, 413, {"error": self._too_large_msg()})
        received = 0
        tripped = False

        async def limited_receive():
            nonlocal received, tripped
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    tripped = True
                    raise BodyTooLarge()
            return message

        started = False

        async def send_wrapper(message):
            nonlocal started
            if message["type"] == "http.response.start":
                if tripped:
                    started = True
                    return await _send_json(send, 413, {"error": self._too_large_msg()})
                started = True
                hs = list(message.get("headers", []))
                names = {k.lower() for k, _ in hs}
                if b"content-security-policy" not in names:
                    hs.append((b"content-security-policy", CSP.encode()))
                hs += [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                       (b"referrer-policy", b"no-referrer")]
                if set_cookie:
                    hs.append(set_cookie)
                message = dict(message, headers=hs)
            elif tripped:
                return None
            await send(message)

        try:
            await self.app(scope, limited_receive, send_wrapper)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, {"error": self._too_large_msg()})

    def _too_large_msg(self) -> str:
        mb = (self.max_body - MULTIPART_OVERHEAD) / (1024 * 1024)
        return f"upload te groot: de limiet is {mb:g} MB"


class BodyTooLarge(Exception):
    pass
