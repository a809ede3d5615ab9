"""A small HTTP client that behaves like a browser towards the app: one keep-alive
connection, cookies, the CSRF token from the cookie, and forms filled from the page.

Used by bench/peak_hour.py (many of these at once, one per simulated person) and by the
two-host test. Standard library only: the bench runs from a bare checkout.
"""

import http.client
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # in page order
    submits: list[tuple[str, str]] = field(default_factory=list)  # named buttons
    choices: dict[str, list[str]] = field(default_factory=dict)  # every checkbox/radio value

    def values(self, **changes: str | list[str]) -> list[tuple[str, str]]:
        """The form's own values, with `changes` replacing (or adding) fields by name; a
        list sets every value of a multiple field (checkboxes)."""
        kept = [(name, value) for name, value in self.fields if name not in changes]
        for name, value in changes.items():
            for one in value if isinstance(value, list) else [value]:
                kept.append((name, one))
        return kept


class _FormParser(HTMLParser):
    """Every <form> with its inputs as a browser would submit them untouched: checked
    boxes, the selected (or first) option, textareas, hidden fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._multiple = False
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {key: (value or "") for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        if not self.forms or "disabled" in a:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                form.choices.setdefault(a["name"], []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((a["name"], a.get("value", "on")))
            elif kind in ("submit", "button", "image"):
                form.submits.append((a["name"], a.get("value", "")))
            elif kind != "file":
                form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name"):
            form.submits.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options, self._multiple = a["name"], [], "multiple" in a
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not self._multiple:
                chosen = [v for v, _s in self._options[:1]]  # a browser sends the first
            for value in chosen if self._multiple else chosen[:1]:
                self.forms[-1].fields.append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


class Browser:
    """One person's browser against one host: keep-alive, cookies, CSRF, forms."""

    def __init__(self, base: str, *, client_ip: str = "", timeout: float = 30) -> None:
        parts = urllib.parse.urlsplit(base)
        self.base = base.rstrip("/")
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        # Behind a trusted proxy (TRUSTED_PROXIES), each simulated resident has an address.
        self.client_ip = client_ip
        self._connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, data: list | dict | None = None, headers: dict | None = None
    ) -> Response:
        if path.startswith("http"):
            parts = urllib.parse.urlsplit(path)
            path = parts.path + ("?" + parts.query if parts.query else "")
        path = urllib.parse.quote(path, safe="/?=&%:+,;@#")  # 低保 in a query, as browsers send it
        all_headers = {"Accept-Language": "zh-hans", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.client_ip:
            all_headers["X-Forwarded-For"] = self.client_ip
        body = None
        if method == "POST":
            body = urllib.parse.urlencode(data or [], doseq=True).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            all_headers["Referer"] = self.base + "/"
            all_headers["Origin"] = self.base
        started = time.perf_counter()
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                self._connection.request(method, path, body=body, headers=all_headers)
                answer = self._connection.getresponse()
                content = answer.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                # The server closed an idle keep-alive connection: open a new one once.
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    return Response(0, {}, repr(exc).encode(), time.perf_counter() - started)
            except OSError as exc:  # refused, timed out: an error the caller counts
                self._connection.close()
                self._connection = None
                return Response(0, {}, repr(exc).encode(), time.perf_counter() - started)
        seconds = time.perf_counter() - started
        for name, value in answer.getheaders():
            if name.lower() == "set-cookie":
                key, _sep, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        headers_out = {name.lower(): value for name, value in answer.getheaders()}
        if answer.getheader("Connection", "").lower() == "close":
            self._connection.close()
            self._connection = None
        return Response(answer.status, headers_out, content, seconds)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(
        self, path: str, data: list | dict | None = None, headers: dict | None = None
    ) -> Response:
        return self.request("POST", path, data, headers)

    def form(self, page: Response, path: str, action: str = "") -> Form:
        if action:
            candidates = [f for f in forms(page.text) if f.action.endswith(action)]
        else:
            candidates = [
                f for f in forms(page.text) if f.action in ("", path) and f.method == "post"
            ]
        if not candidates:
            raise LookupError(f"no form with action …{action} on {path}")
        return candidates[0]

    def submit(self, page: Response, path: str, *, action: str = "", **changes) -> Response:
        """Submit the form on `page` (at `path`) whose action ends with `action`, or without
        one the form posting back to the page itself, as a browser would, with `changes`
        typed in."""
        form = self.form(page, path, action)
        target = form.action or path
        return self.post(target, form.values(**changes))

    def login(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        answer = self.submit(page, "/accounts/login/", username=username, password=password)
        if answer.status != 302:
            raise RuntimeError(f"login of {username} failed: {answer.status}")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
