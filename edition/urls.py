"""URLs as a browser reads them: one reading, before anything decides where a URL leads.

A URL written in a TEI attribute, a page or ``edition.toml`` is judged by what a browser makes of
it, not by its letters. WHATWG URL parsing (what every browser does) first strips C0 controls and
spaces from both ends, removes every tab and newline inside, and, for the web's schemes and for
references resolved against a web page, reads a backslash as a slash. So ``/\\evil.example/x.png``
and ``\\\\evil.example\\x.png`` are both ``//evil.example/...``: another host, not a file of the
site. ``browser_form`` gives that reading; ``kind`` sorts it into what the edition allows (a
fragment, a path inside the site, a web address, a mail address) and everything else.

The XSLT's ``safe-url`` template (``xslt/common.xsl``) makes the same reading in XPath 1.0; the
tests run one table of tricky URLs through both.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Kind", "browser_form", "is_web", "kind", "web_url"]

Kind = Literal["empty", "fragment", "local", "web", "mailto", "other"]

# Stripped from both ends: every C0 control and the space (WHATWG: "C0 control or space").
_ENDS = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
# A web address: the scheme, "//" and a host; the letters of the scheme in any case.
_WEB = re.compile(r"https?://[^/?#]", re.IGNORECASE)
_MAILTO = re.compile(r"mailto:", re.IGNORECASE)


def browser_form(url: str) -> str:
    """``url`` as a browser reads it before resolving it: ends stripped, tabs and newlines
    removed, and every backslash before the query or fragment a slash."""
    text = _TAB_OR_NEWLINE.sub("", url.strip(_ENDS))
    end = min((at for at in (text.find("?"), text.find("#")) if at >= 0), default=len(text))
    return text[:end].replace("\\", "/") + text[end:]


def kind(url: str) -> Kind:
    """What ``url`` is, as a browser reads it: ``fragment`` (``#id``), ``local`` (a path on this
    site, relative or from its root), ``web`` (http or https with a host), ``mailto``, ``empty``,
    or ``other``: a reference to another host (``//host``), or any other scheme (``javascript:``,
    ``data:``, ``file:``), or something with a colon in its first segment that a browser may read
    as one."""
    form = browser_form(url)
    if not form:
        return "empty"
    if form.startswith("#"):
        return "fragment"
    if _WEB.match(form):
        return "web"
    if _MAILTO.match(form):
        return "mailto"
    if form.startswith("//"):
        return "other"
    first = re.split(r"[/?#]", form, maxsplit=1)[0]
    return "other" if ":" in first else "local"


def is_web(url: str) -> bool:
    """Whether ``url`` is an http or https address with a host, as a browser reads it."""
    return kind(url) == "web"


def web_url(url: str) -> str:
    """``url`` as a browser reads it, if it is an http or https address; else the empty string."""
    return browser_form(url) if is_web(url) else ""
