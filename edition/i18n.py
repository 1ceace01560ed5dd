"""The reader's language: every word the builder itself writes into pages and PDFs, translated.

The words are English in the code (in templates, Python and the XSLT) and are looked up in gettext
catalogues, ``edition/locale/LANG/LC_MESSAGES/edition.po`` (German and French ship with the
builder; English is the source and needs none). The compiled ``.mo`` files are committed beside
them, so that a checkout, an editable install and a wheel all have them without a build step; a
test compiles every ``.po`` again and fails if a ``.mo`` differs, or if any message of the code
lacks a translation (``python -m edition.i18n`` updates both: see ``update_catalogues``).

The language of a rendering is set once around it (``interface``, a context variable), and every
stage asks ``gettext``: Jinja through its i18n extension, Python directly, the XSLT through the
extension functions ``i18n:text('…')`` and ``i18n:date('1956-02-14')`` (namespace ``NS``). Dates
are formatted by Babel for the language. The interface's language is the page's ``<html lang>``;
the text keeps its own ``xml:lang``.
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
from collections.abc import Iterator
from contextvars import ContextVar

from edition.dates import ISO_DATE
from edition.resources import LOCALE_DIR

DOMAIN = "edition"
NS = "urn:x-tei-edition:i18n"
LANGUAGES = ("en", "de", "fr")
SOURCE_LANGUAGE = "en"
# The locale whose conventions each language's dates follow (British English, as the text's
# spelling is).
_DATE_LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR"}
_current: ContextVar[str] = ContextVar("interface_language", default=SOURCE_LANGUAGE)


def N_(message: str) -> str:
    """Marks a message for the catalogues where it is defined; translated where it is shown."""
    return message


@functools.cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalogue of ``language`` (none for English, the language of the messages)."""
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[language])


def current() -> str:
    """The language of the rendering under way."""
    return _current.get()


@contextlib.contextmanager
def interface(language: str) -> Iterator[None]:
    """Render in ``language`` inside this block."""
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def format_date(iso: str, language: str | None = None) -> str:
    """An ISO 8601 date (``1956``, ``1956-02`` or ``1956-02-14``) as the language writes it; any
    other value as it is."""
    return _formatted_date(iso.strip(), language or current())


# A register of thousands of people asks Babel for the same few thousand dates, each call some
# tens of microseconds; the answer depends on the value and the language only.
@functools.lru_cache(maxsize=65536)
def _formatted_date(iso: str, language: str) -> str:
    from datetime import date

    from babel.dates import format_date as babel_date
    from babel.dates import format_skeleton

    found = ISO_DATE.fullmatch(iso)
    if not found:
        return iso
    year, month, day = found.groups()
    locale = _DATE_LOCALES.get(language, "en_GB")
    try:
        if day:
            return str(babel_date(date(int(year), int(month), int(day)), format="long", locale=locale))
        if month:
            return str(format_skeleton("yMMMM", date(int(year), int(month), 1), locale=locale))
    except ValueError:  # not a real day (1956-02-30): shown as encoded
        return iso
    return year


def _first(value: object) -> str:
    """An XPath argument (a string, or a node-set of attributes or elements) as a string."""
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value)


def _xslt_text(context: object, message: object) -> str:
    return gettext(_first(message))


def _xslt_date(context: object, value: object) -> str:
    return format_date(_first(value))


def register_xslt_functions() -> None:
    """Make ``i18n:text`` and ``i18n:date`` known to every stylesheet of this process."""
    from lxml import etree

    functions = etree.FunctionNamespace(NS)
    functions["text"] = _xslt_text
    functions["date"] = _xslt_date
