"""RSS and Atom feeds in, Articles out: one per item or entry.

Read through `eventwire.readers.read_file`, which picks this reader for .rss, .atom and feed .xml.
A feed is streamed with the standard library's ElementTree pull parser and each item is dropped
once read, so a feed holding years of items is never all in memory; only an item is bounded
(MAX_ARTICLE_BYTES), like a JSONL line.

A feed may be in any encoding Python's codecs know (UTF-16, Shift_JIS, GB2312, EUC-KR, Big5...),
while expat reads only a few byte encodings itself ("multi-byte encodings are not supported").
So the reader decodes first: the byte order mark says the encoding, else the XML declaration,
else UTF-8; the declaration's encoding is then dropped and expat parses text.

Documents with a DTD are refused. A feed never needs one, and entity declarations are how
"billion laughs" expansion and external-entity reads get in. defusedxml would guard the same
but is not installed, and the guard is short: a DTD may only stand before the root element, so
`<!DOCTYPE` or `<!ENTITY` there is refused and the same text after it is harmless. The guard
reads the decoded text, so no encoding can hide a declaration from it.

Limits hold whatever the feed: an item's markup (MAX_ITEM_CHARS, counted as it streams, so one
endless element is stopped), nesting (MAX_NESTING_DEPTH) and an item's text (MAX_ARTICLE_BYTES).
"""

from __future__ import annotations

import codecs
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime, parsedate_tz
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, NamedTuple

import msgspec

from eventwire.errors import InputError
from eventwire.readers import (
    MAX_ARTICLE_BYTES,
    MAX_NESTING_DEPTH,
    Metadata,
    article_from_text,
    origin_of,
    parse_iso_date,
    text_codec,
    unexpected_error,
)
from eventwire.records import Article

# RSS 0.9/1.0 and Atom put their core elements in a namespace, RSS 2.0 in none; names in these
# namespaces are compared bare ("item", "title"), names from modules keep theirs.
_CORE_NAMESPACES = frozenset(
    {
        "",
        "http://www.w3.org/2005/Atom",
        "http://purl.org/atom/ns#",  # Atom 0.3
        "http://purl.org/rss/1.0/",
        "http://my.netscape.com/rdf/simple/0.9/",
    }
)
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
DC_LANGUAGE = "{http://purl.org/dc/elements/1.1/}language"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
_ITEMS = frozenset({"item", "entry"})
_FEEDS = frozenset({"channel", "feed"})
# Full text first: content:encoded and Atom content hold the story, description and summary a teaser.
_BODIES = (CONTENT_ENCODED, "content", "description", "summary")
# Publication before modification: `updated` changes with every correction.
_DATES = ("pubDate", "published", DC_DATE, "issued", "updated", "modified")

_CHUNK_BYTES = 1 << 16
# Enough to see past an XML declaration and comments to the root element when sorting a folder,
# and to read the declaration's encoding before decoding the rest.
_SNIFF_BYTES = 1 << 14
_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# Characters held back while in the prolog, so that a declaration split across two reads is seen.
_HOLD_BACK = len("<!DOCTYPE") - 1
# Markup read since the last item or channel element closed. An item holds one article (at most
# MAX_ARTICLE_BYTES of text), which escaped HTML can make a few times longer; more than this
# without an element closing is a broken or hostile feed, stopped before it fills the memory.
MAX_ITEM_CHARS = 4 * MAX_ARTICLE_BYTES


class _Feed(msgspec.Struct, kw_only=True):
    """What the channel says about all its items, learnt as the stream goes."""

    title: str = ""
    language: str = ""
    rooted: bool = False  # the root element has been parsed: no DTD can follow
    ttl_minutes: int | None = None  # RSS <ttl>: how long the publisher says the feed may be cached
    held_chars: int = 0  # markup fed since an element was last dropped, bounded by MAX_ITEM_CHARS


def read_feed(path: Path, *, published: str | None = None) -> Iterator[Article | InputError]:
    """One article per item or entry; an error for each unusable item, or where the XML breaks."""
    with path.open("rb") as handle:
        for entry in _feed_entries(handle, _Feed(), origin=origin_of(path), published=published):
            yield entry.item


class FeedEntry(NamedTuple):
    """One item of a feed: its GUID (RSS <guid>, Atom <id>; "" when none) and its article."""

    guid: str
    item: Article | InputError


@dataclass
class FeedData:
    """A feed read from memory: its items, the channel's <ttl>, and an error that stopped it."""

    entries: list[FeedEntry] = field(default_factory=list)
    ttl_minutes: int | None = None
    error: InputError | None = None  # the feed as a whole: not XML, a DTD, cut off (after `entries`)


def read_feed_data(data: bytes, *, origin: str, published: str | None = None) -> FeedData:
    """A feed already fetched into memory (by `eventwire watch`), with the same limits and DTD
    refusal as `read_feed`; the items before a break in the XML are kept."""
    feed, result = _Feed(), FeedData()
    try:
        result.entries.extend(_feed_entries(io.BytesIO(data), feed, origin=origin, published=published))
    except InputError as error:
        result.error = error
    result.ttl_minutes = feed.ttl_minutes
    return result


def _feed_entries(
    handle: BinaryIO, feed: _Feed, *, origin: str, published: str | None
) -> Iterator[FeedEntry]:
    number = 0
    for element, parent in _closed_elements(handle, feed=feed, origin=origin):
        name = _name(element.tag)
        if name in _ITEMS:
            number += 1
            item = _guarded_item(element, feed, origin=f"{origin}:item {number}", published=published)
            yield FeedEntry(_guid(element), item)
        elif parent is not None and _name(parent.tag) in _FEEDS:
            _learn_feed(feed, name, element)
        else:
            continue  # a part of an item or of the channel: dropped with it
        if parent is not None:
            parent.remove(element)  # read: keeps memory flat however long the feed
        feed.held_chars = 0


def _guarded_item(
    item: ET.Element, feed: _Feed, *, origin: str, published: str | None
) -> Article | InputError:
    """The item's article, or an error for it whatever went wrong, so the next item is read."""
    try:
        return _item_article(item, feed, origin=origin, published=published)
    except InputError as error:
        return error
    except Exception as error:  # one item's surprise must not lose the items after it
        return unexpected_error(error, origin=origin)


def looks_like_feed(path: Path) -> bool:
    """Whether an .xml file's root element is <rss>, <feed> or <rdf:RDF>, from its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        text = codecs.getincrementaldecoder(_sniff_encoding(head))(errors="replace").decode(head)
    except (OSError, LookupError, UnicodeError, InputError):
        return True  # let read_file say what is wrong with it
    start = _PROLOG.match(text)
    return _SNIFFED_ROOT.match(text[start.end() if start else 0 :]) is not None


# XML declaration, comments, processing instructions and a DOCTYPE (the reader refuses it later).
_PROLOG = re.compile(r"\ufeff?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.DOTALL)
_SNIFFED_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s/>]")

# Byte order marks, longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# "<?" without a mark, as XML 1.0 appendix F lists them for the wide encodings.
_WIDE_STARTS = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
# The declaration's encoding, dropped once the text is decoded: expat must not decode it again.
_ENCODING_ATTRIBUTE = re.compile(r"""^(\ufeff?<\?xml[^>]*?)\sencoding\s*=\s*(["'])[^"']*\2""")


def _sniff_encoding(head: bytes) -> str:
    """The codec to decode a feed with: its byte order mark's, else its declaration's, else UTF-8."""
    for mark, codec in _BOMS:
        if head.startswith(mark):
            return codec
    for start, codec in _WIDE_STARTS:
        if head.startswith(start):
            return codec
    declared = _DECLARED_ENCODING.match(head)
    return declared.group(1).decode("ascii") if declared else "utf-8"


def _text_decoder(encoding: str, *, origin: str) -> codecs.IncrementalDecoder:
    """A strict decoder for the feed's encoding; InputError when Python does not know it."""
    codec = text_codec(encoding)
    if codec is None:
        raise InputError(
            f"the feed declares the encoding {encoding!r}, which is not a text encoding Python knows; "
            "convert the feed to UTF-8 (e.g. `iconv -f ENCODING -t UTF-8`) and fix its <?xml encoding=...?>",
            origin=origin,
        )
    return codecs.getincrementaldecoder(codec)(errors="strict")


def _decoded_pieces(handle: BinaryIO, *, origin: str) -> Iterator[str]:
    """The feed as text, in pieces of at most _CHUNK_BYTES characters, its encoding dropped."""
    head = handle.read(_SNIFF_BYTES)
    encoding = _sniff_encoding(head)
    decoder = _text_decoder(encoding, origin=origin)
    read, chunk, first = 0, head, True
    while True:
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            raise InputError(
                f"the feed is not valid {encoding} (bad byte near offset {read + error.start}); "
                "the items before it were read; convert the feed to UTF-8 or fix its encoding",
                origin=origin,
            ) from None
        if first:
            text, first = _ENCODING_ATTRIBUTE.sub(r"\1", text, count=1), False
        for start in range(0, len(text), _CHUNK_BYTES):
            yield text[start : start + _CHUNK_BYTES]
        if not chunk:
            return
        read += len(chunk)
        chunk = handle.read(_CHUNK_BYTES)


def _closed_elements(
    handle: BinaryIO, *, feed: _Feed, origin: str
) -> Iterator[tuple[ET.Element, ET.Element | None]]:
    """Each element as it closes, with its parent; InputError for a DTD, a non-feed or broken XML."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    open_elements: list[ET.Element] = []
    try:
        for piece in _guarded_pieces(_decoded_pieces(handle, origin=origin), feed=feed, origin=origin):
            parser.feed(piece)
            yield from _parsed(parser, open_elements, feed=feed, origin=origin)
            _check_held(feed, len(piece), origin=origin)
        parser.close()
        yield from _parsed(parser, open_elements, feed=feed, origin=origin)
    except ET.ParseError as error:
        line, column = error.position
        raise InputError(
            f"the feed is not well-formed XML ({error.msg.split(':')[0]} at column {column}); "
            "the items before this line were read; fetch the feed again or fix it",
            origin=f"{origin}:{line}",
        ) from None


def _check_held(feed: _Feed, count: int, *, origin: str) -> None:
    """Stop a feed whose markup runs on past MAX_ITEM_CHARS without an item or channel element
    closing: one endless element would otherwise be held in memory whole."""
    feed.held_chars += count
    if feed.held_chars > MAX_ITEM_CHARS:
        raise InputError(
            f"an element of the feed runs on for more than {MAX_ITEM_CHARS / 1e6:.0f} million characters, "
            "more than any item needs; the items before it were read, the rest of the feed was not; "
            "fetch the feed again or give its articles as JSONL",
            origin=origin,
        )


def _parsed(
    parser: ET.XMLPullParser[ET.Element], open_elements: list[ET.Element], *, feed: _Feed, origin: str
) -> Iterator[tuple[ET.Element, ET.Element | None]]:
    for parsed in parser.read_events():
        event, element = parsed[0], parsed[-1]
        if not isinstance(element, ET.Element):
            continue  # only start and end events were asked for; this narrows the type
        if event == "start":
            if not feed.rooted:
                _check_root(element, origin=origin)
                feed.language = _language(element.get(XML_LANG, ""))
                feed.rooted = True
            if len(open_elements) >= MAX_NESTING_DEPTH:
                raise InputError(
                    f"the feed's XML is nested more than {MAX_NESTING_DEPTH} elements deep, which no "
                    "feed needs; the items before it were read; fetch the feed again or fix it",
                    origin=origin,
                )
            open_elements.append(element)
        else:
            open_elements.pop()
            yield element, open_elements[-1] if open_elements else None


def _guarded_pieces(pieces: Iterator[str], *, feed: _Feed, origin: str) -> Iterator[str]:
    """The feed's text in pieces to parse, refusing a DTD before the root element.

    A piece is parsed before the next is asked for, so `feed.rooted` says whether the parser has
    seen the root element yet: a declaration found after it is text (say, a page in CDATA).
    """
    held = ""
    lines = 1  # the line the next piece starts on, to say where a declaration stands
    for piece in pieces:
        data, held = held + piece, ""
        if feed.rooted:
            yield data
            continue
        found = _DECLARATION.search(data)
        if found is None:
            data, held = data[:-_HOLD_BACK], data[-_HOLD_BACK:]
            lines += data.count("\n")
            yield data
            continue
        yield data[: found.start()]
        lines += data.count("\n", 0, found.start())
        if not feed.rooted:
            raise InputError(
                "the feed declares a DTD or entities (<!DOCTYPE or <!ENTITY), which feeds never need "
                "and which can expand without limit; remove the declaration and read it again",
                origin=f"{origin}:{lines}",
            )
        yield data[found.start() :]
    yield held


def _check_root(root: ET.Element, *, origin: str) -> None:
    local = root.tag.rpartition("}")[2]
    if local not in FEED_ROOTS:
        raise InputError(
            f"not an RSS or Atom feed: the root element is <{local}>, not <rss>, <feed> or <rdf:RDF>; "
            "give a feed, or the articles as .txt, .html or .jsonl files",
            origin=origin,
        )


def _learn_feed(feed: _Feed, name: str, element: ET.Element) -> None:
    if name == "title" and not feed.title:
        feed.title = _plain(element)
    elif name in ("language", DC_LANGUAGE) and not feed.language:
        feed.language = _language(element.text or "")
    elif name == "ttl" and (element.text or "").strip().isdigit():
        feed.ttl_minutes = int((element.text or "").strip()[:9])  # 9 digits: years, not an overflow


def _guid(item: ET.Element) -> str:
    """The item's own id: RSS <guid> or Atom <id>, as written (ids are compared, never opened)."""
    found = next((child for child in item if _name(child.tag) in ("guid", "id")), None)
    return _text_of(found)[:2000]


def _item_article(item: ET.Element, feed: _Feed, *, origin: str, published: str | None) -> Article:
    fields: dict[str, ET.Element] = {}
    for child in item:
        fields.setdefault(_name(child.tag), child)  # the first of repeated elements, as readers show
    title = _plain(fields["title"]) if "title" in fields else ""
    body = next((text for name in _BODIES if name in fields and (text := _plain(fields[name]))), "")
    if not title and not body:
        raise InputError(
            "the item has no title, description or content, so there is nothing to code; "
            "the feed's other items are read",
            origin=origin,
        )
    # The coder reads only the text, and a feed item is often a headline and a one-line teaser:
    # the headline goes first in the text so that an event named only there is found.
    text = body if body.startswith(title) else f"{title}\n\n{body}".strip()
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"the item's text is {len(text.encode('utf-8')) / 1e6:.1f} MB, more than one article may have",
            origin=origin,
        )
    date = next(
        (element.text for name in _DATES if (element := fields.get(name)) is not None and element.text), None
    )
    metadata = Metadata(
        title=title,
        url=_link(item),
        source=_item_source(fields.get("source")) or feed.title,
        language=_language(item.get(XML_LANG, "") or _text_of(fields.get(DC_LANGUAGE))) or feed.language,
        published=feed_date(date, origin=origin) if date else None,
    )
    return article_from_text(text, origin=origin, published=published, metadata=metadata)


def feed_date(value: str, *, origin: str = "") -> str | None:
    """A feed's date as YYYY-MM-DD: RSS writes RFC 822, Atom and Dublin Core ISO 8601.

    The date is the one the publisher wrote, in its own time zone, not converted to UTC: the
    story appeared that day where it was published, as an ISO timestamp's first ten characters say.
    An RFC 822 date that names no real day (year 99999999, 31 February) is None: the item is kept
    without a date, as if the feed gave none.
    """
    value = value.strip()
    if _ISO_DATE.match(value):
        return parse_iso_date(value, origin=origin)
    try:
        parts = parsedate_tz(value)
    except (TypeError, ValueError, IndexError):
        parts = None
    if parts is None:
        raise InputError(
            f"publication date {value[:100]!r} is neither RFC 822 (Tue, 05 Jan 2022 10:00:00 GMT) nor ISO 8601 "
            "(2022-01-05); fix the date in the feed",
            origin=origin,
        )
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _name(tag: str) -> str:
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    return local if namespace in _CORE_NAMESPACES else tag


def _text_of(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _plain(element: ET.Element) -> str:
    """An element's text as plain text, its HTML (RSS descriptions, Atom type="html") stripped."""
    kind = element.get("type", "")
    if kind == "xhtml" or (len(element) and kind != "text"):
        return html_to_text(ET.tostring(element, encoding="unicode"))
    text = element.text or ""
    # Atom says what its text is; RSS titles are text by the spec, descriptions HTML by custom.
    if kind in ("text", "text/plain") or (_name(element.tag) == "title" and kind == ""):
        return " ".join(text.split())
    return html_to_text(text)


def _link(item: ET.Element) -> str:
    """RSS <link>URL</link>, or Atom's <link href> for the page itself (rel alternate or none)."""
    fallback = ""
    for child in item:
        if _name(child.tag) != "link":
            continue
        if child.text and child.text.strip():
            return child.text.strip()
        href = child.get("href", "").strip()
        if href and child.get("rel", "alternate") == "alternate":
            return href
        fallback = fallback or href
    return fallback


def _item_source(element: ET.Element | None) -> str:
    """RSS <source>Publisher</source> or Atom <source><title>: the original publisher of a story
    an aggregator (Google News, a wire feed) passes on, truer than the aggregator's channel title."""
    if element is None:
        return ""
    title = next((child for child in element if _name(child.tag) == "title"), None)
    return _plain(title) if title is not None else _text_of(element)


def _language(value: str) -> str:
    """ISO 639-1 from a feed's language tag ("en-us", "de_DE", "fr")."""
    code = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return code if len(code) == 2 and code.isalpha() else ""


def html_to_text(html: str) -> str:
    """Plain text from an HTML snippet: tags dropped, entities decoded, blocks as paragraphs.

    Not trafilatura, as for whole pages: it keeps only what it scores as a story's main text,
    and a one-paragraph feed teaser scores as boilerplate and comes back empty. A feed's HTML
    holds no navigation to remove; the standard library's tokenizer runs no scripts and fetches
    nothing, and script and style content is dropped.
    """
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    paragraphs = (" ".join(part.split()) for part in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


# Elements that end a paragraph; everything else (a, b, span, ...) runs on in the sentence.
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_DROPPED = frozenset({"script", "style", "template", "noscript"})


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = tag.rpartition(":")[2]  # "html:p" from serialised Atom xhtml
        if name in _DROPPED:
            self.dropping += 1
        elif name in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        name = tag.rpartition(":")[2]
        if name in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif name in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)
