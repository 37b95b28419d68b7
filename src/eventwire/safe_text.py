"""Safe output of untrusted text: CSV cells, terminal text and JSON lines.

Everything eventwire writes may carry text from the articles it read (titles, sentences, actor
and place names, sources, file names), and that text is written by strangers. This module is the
one home of the rules that keep such text inert where it lands:

- `csv_cell`: a spreadsheet must not run a cell as a formula (OWASP's "CSV injection");
- `terminal_text` / `one_line` / `echo` / `write_data`: a terminal must not obey escapes hidden in the text;
- `json_text` / `json_line`: one JSON record must stay on one line for line-splitting tools.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

import msgspec

CellValue = str | int | float | None

# OWASP: a cell starting with one of these is read as a formula (or as a formula after the
# spreadsheet drops the leading TAB or line break). LF is added because it is a line break too.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A cell that is nothing but a decimal number (how the exporter writes coordinates, "-73.5000")
# cannot hold a formula; a spreadsheet must keep reading it as the number it is. "+" is left out:
# the exporter never writes it, and some spreadsheets take "+..." as the start of a formula.
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def csv_cell(value: CellValue) -> CellValue:
    """`value` made safe for a CSV cell: text that a spreadsheet would take for a formula gets a
    leading single quote, which shows it as text (OWASP's advice). Numbers, and text that is
    only a number, are returned unchanged.

    Quoting of fields that hold a delimiter, a quote, a CR or an LF is the CSV writer's job (see
    `eventwire.export.to_csv`); this function only changes the text of the cell.
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


# What a terminal may obey or that may disguise what it shows: C0 controls but TAB and LF, DEL,
# C1 controls (U+009B alone starts an escape sequence on some terminals), the line and paragraph
# separators, bidirectional embeddings, overrides and isolates ("Trojan Source", which make text
# read in another order than it is stored), and lone surrogates (bytes of a file name that were
# not UTF-8: printing them would raise UnicodeEncodeError instead of showing the name).
_UNSAFE_ON_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def terminal_text(text: str) -> str:
    """`text` with every character a terminal could obey (or that disguises the text) shown as a
    visible escape instead: ESC as `\\x1b`, BEL as `\\x07`, U+202E as `\\u202e`. Newlines and
    TABs stay, because tables and multi-line reports need them; a Windows line end (CR LF) becomes
    a plain newline. Applying it twice changes nothing more.
    """
    return _UNSAFE_ON_TERMINAL.sub(_visible_escape, text.replace("\r\n", "\n"))


def _visible_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` for one line of a table or report: runs of whitespace (newlines, CR, U+2028 ...)
    become one space, so a value cannot start a line of its own that looks like another row or
    field, and the control characters left are shown as escapes."""
    return terminal_text(" ".join(text.split()))


def echo(text: str, *, err: bool = False) -> None:
    """Print one message or report for a person to read: the one way the CLI prints text that
    may hold article text, titles or file names. `err` prints to stderr."""
    print(terminal_text(text), file=sys.stderr if err else sys.stdout)


def write_data(text: str, stream: TextIO | None = None) -> None:
    """Write an export (CSV, JSON) to stdout or `stream`, byte for byte when it goes to a file or
    a pipe. On a terminal the text is passed through `terminal_text` first, as `ls` does with file
    names: a person reading it sees the escapes instead of having the terminal obey them."""
    stream = stream or sys.stdout
    stream.write(terminal_text(text) if stream.isatty() else text)


# Characters JSON allows raw inside strings but that some readers take for line breaks (U+2028,
# U+2029: JavaScript before ES2019, Python's str.splitlines, many editors) or that a terminal may
# obey (C1 controls) or that disguise text (bidi controls). Outside strings JSON has only ASCII,
# so each one can be written as a \u escape anywhere in the document: the decoded value is the same.
_ESCAPED_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(encoded: str) -> str:
    """Encoded JSON with the characters above written as `\\uXXXX` escapes; still valid JSON
    that decodes to the same values, and never more than one line when the input was one."""
    return _ESCAPED_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)


_ENCODER = msgspec.json.Encoder()


def json_line(value: object) -> str:
    """`value` as one line of JSON (msgspec's encoding, with `json_text`'s escapes) ending in a
    newline: a JSON Lines record, or a whole GeoJSON document."""
    return json_text(_ENCODER.encode(value).decode("utf-8")) + "\n"
