"""`eventwire show`: one event with every source's values and the sentences they came from.

Values, sources and sentences come from the articles, so each goes through `safe_text.one_line`:
a newline in a value must not start a line that looks like another field, and a terminal must
not obey its escapes (the CLI's `echo` checks the whole report again on printing).
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.export import acled_row
from eventwire.records import Event, Mention
from eventwire.safe_text import one_line

_SHOWN_FIELDS = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injuries",
    "arrests",
    "crowd_size",
)


def describe_event(event: Event, mentions: Sequence[Mention]) -> str:
    row = acled_row(event)
    lines = [f"event {event.id}: {event.n_articles} articles, {event.n_sources} sources"]
    if event.first_reported:
        lines.append(f"first reported {event.first_reported}, last {event.last_reported}")
    lines.append("")
    lines.extend(
        f"  {name:<15} {one_line(str(row[name]))}" for name in _SHOWN_FIELDS if row[name] not in ("", None)
    )
    if event.values:
        lines.append("\nper source (* = sources disagree):")
        for name, per_source in event.values.items():
            flag = "*" if name in event.disagreements else " "
            shown = one_line(
                " / ".join(f"{v.value} ({v.source or 'article ' + v.article_id})" for v in per_source)
            )
            lines.append(f" {flag}{name:<15} {shown}")
    lines.append("\nevidence:")
    for mention in mentions:
        for span in mention.evidence:
            where = one_line(mention.source or mention.article_id)
            lines.append(f"  [{where} {span.start}:{span.end}] {one_line(span.text)}")
        # Why: the language-pack entry or the model that set each field.
        lines.extend(
            f"      {name} set by {one_line(rule)}" for name, rule in sorted(mention.field_rules.items())
        )
    return "\n".join(lines)
