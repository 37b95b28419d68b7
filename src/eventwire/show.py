"""`eventwire show`: one event with every source's values and the sentences they came from."""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.export import acled_row
from eventwire.records import Event, Mention

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
    lines.extend(f"  {name:<15} {row[name]}" for name in _SHOWN_FIELDS if row[name] not in ("", None))
    if event.values:
        lines.append("\nper source (* = sources disagree):")
        for name, per_source in event.values.items():
            flag = "*" if name in event.disagreements else " "
            shown = " / ".join(f"{v.value} ({v.source or 'article ' + v.article_id})" for v in per_source)
            lines.append(f" {flag}{name:<15} {shown}")
    lines.append("\nevidence:")
    for mention in mentions:
        for span in mention.evidence:
            lines.append(f"  [{mention.source or mention.article_id} {span.start}:{span.end}] {span.text}")
        # Why: the language-pack entry or the model that set each field.
        lines.extend(f"      {name} set by {rule}" for name, rule in sorted(mention.field_rules.items()))
    return "\n".join(lines)
