"""Walk a deployed Waypoint through HTTPS like a newcomer: sign up, confirm, write an entry.

Used by .ci/deploy-check against nginx (self-signed certificate) → gunicorn → PostgreSQL.
"""

from __future__ import annotations

import http.cookiejar
import re
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

BASE, CA_FILE, MAIL_LOG = sys.argv[1], sys.argv[2], Path(sys.argv[3])
EMAIL = "newcomer@example.com"
PASSWORD = "a gentle long password 31"
TITLE = "Written through HTTPS " + str(int(time.time()))


class Forms(HTMLParser):
    """Collects each form's action and fields, enough to submit it as a browser would."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}})
        elif self.forms and tag == "option" and self.select:
            fields = self.forms[-1]["fields"]
            assert isinstance(fields, dict)
            # A select submits its selected option, or its first one.
            if "selected" in a or self.select not in fields:
                fields[self.select] = a.get("value") or ""
        elif self.forms and tag in {"input", "textarea", "select"} and a.get("name"):
            fields = self.forms[-1]["fields"]
            assert isinstance(fields, dict)
            if tag == "select":
                self.select = a["name"]
                return
            if a.get("type") in {"radio", "checkbox"} and "checked" not in a:
                return
            fields.setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


context = ssl.create_default_context(cafile=CA_FILE)
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(
    urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar)
)
origin = urllib.parse.urlsplit(BASE)._replace(path="").geturl()


def get(path: str) -> tuple[str, str, dict[str, str]]:
    with opener.open(urllib.parse.urljoin(BASE, path)) as response:
        return response.read().decode(), response.geturl(), dict(response.headers)


def post(path: str, data: dict[str, str]) -> tuple[str, str]:
    request = urllib.request.Request(
        urllib.parse.urljoin(BASE, path),
        data=urllib.parse.urlencode(data).encode(),
        headers={"Origin": origin, "Content-Type": "application/x-www-form-urlencoded"},
    )
    with opener.open(request) as response:
        return response.read().decode(), response.geturl()


def form_on(html: str, has_field: str) -> dict[str, object]:
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        if has_field in form["fields"]:  # type: ignore[operator]
            return form
    raise AssertionError(f"no form with {has_field}")


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"deploy check failed: {what}")
    print(f"ok - {what}")


html, url, headers = get("/accounts/signup/")
check("max-age=" in headers.get("Strict-Transport-Security", ""), "HSTS header over HTTPS")
check("no-store" in headers.get("Cache-Control", ""), "pages are not cached")
check(all(c.secure for c in jar), "cookies are Secure")
form = form_on(html, "password1")
fields = dict(form["fields"])  # type: ignore[call-overload]
fields.update(email=EMAIL, password1=PASSWORD, password2=PASSWORD)
html, url = post(str(form["action"]), fields)
check("confirm-email" in url, "sign-up asks to confirm the email")

link = None
for _ in range(50):
    # The console mailer prints the message as a person reads it: every link whole on one line.
    mail = MAIL_LOG.read_text(errors="replace")
    found = re.findall(r"https://\S+/accounts/confirm-email/\S+/", mail)
    if found:
        link = found[-1]
        break
    time.sleep(0.2)
check(link is not None, "the confirmation email was sent, with an https link")
assert link is not None
html, url, _ = get(urllib.parse.urlsplit(link).path)
form = form_on(html, "csrfmiddlewaretoken")
html, url = post(str(form["action"]) or urllib.parse.urlsplit(link).path, dict(form["fields"]))  # type: ignore[call-overload]
asked = urllib.parse.urlsplit(url).path == "/account/where/"
check(asked, "confirming signs the newcomer in, and asks once where they are")
form = form_on(html, "next")
html, url = post(str(form["action"]) or "/account/where/", {**dict(form["fields"]), "region": "GB"})  # type: ignore[call-overload]
check(urllib.parse.urlsplit(url).path == "/", "choosing a country leads home")

html, url, _ = get("/journal/new/")
form = form_on(html, "body")
fields = dict(form["fields"])  # type: ignore[call-overload]
fields.update(title=TITLE, body="Today was hard, and I wrote it down anyway.")
saved, url = post(str(form["action"]) or "/journal/new/", fields)
html, url, _ = get("/journal/")
if TITLE not in html:
    print(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", saved.split("<main", 1)[-1]))[:1500])
check(TITLE in html, "the entry was saved and shows in the timeline")

# An import takes an export of up to 100 MB (journal/portability.py): one of 30 MB must reach
# Waypoint, which reads it and answers in its own words, not the proxy's bare "413".
html, url, _ = get("/journal/import/")
form = form_on(html, "archive")
boundary = "waypoint-deploy-check"
parts = [
    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, value in dict(form["fields"]).items()  # type: ignore[call-overload]
    if name != "archive"
]
parts.append(
    f'--{boundary}\r\nContent-Disposition: form-data; name="archive"; filename="not-an-export.zip"\r\n'
    "Content-Type: application/zip\r\n\r\n".encode()
    + b"x" * (30 * 1024 * 1024)
    + f"\r\n--{boundary}--\r\n".encode()
)
request = urllib.request.Request(
    urllib.parse.urljoin(BASE, str(form["action"]) or "/journal/import/"),
    data=b"".join(parts),
    headers={"Origin": origin, "Content-Type": f"multipart/form-data; boundary={boundary}"},
)
try:
    with opener.open(request) as response:
        status, html = response.status, response.read().decode()
except urllib.error.HTTPError as refused:
    status, html = refused.code, ""
check(status == 200 and 'name="archive"' in html, "a 30 MB import reaches Waypoint through the proxy")
print("deploy check passed")
