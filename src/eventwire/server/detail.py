"""One event as `GET /api/events/{id}` gives it: every source's values, the evidence in context,
the disagreements, and the rule or model that set each field.

The data is gathered as `eventwire show` gathers it (the stored event and its mentions, see
eventwire.show), plus the articles, for their titles, links and the text around each span.
"""

from __future__ import annotations

from typing import Any

import msgspec

from eventwire.export import acled_row, with_acled_names
from eventwire.records import Article, Event, Mention, Span
from eventwire.store import EventStore

CONTEXT_CHARS = 240  # article text shown on each side of an evidence span
MAX_MENTIONS = 200  # a big story has thousands of reports; the detail shows the first ones


def event_detail(store: EventStore, event: Event) -> dict[str, Any]:
    mentions = store.mentions_of_event(event.id)
    shown = mentions[:MAX_MENTIONS]
    articles = _articles(store, shown, event)
    return {
        "id": event.id,
        "row": acled_row(event),
        "record": msgspec.to_builtins(with_acled_names(event)),
        "disagreements": list(event.disagreements),
        "fields": _fields(event, articles),
        "sources": [_article_summary(article) for article in articles.values()],
        "mentions": [_mention(mention, articles.get(mention.article_id)) for mention in shown],
        "mentions_total": len(mentions),
    }


def _articles(store: EventStore, mentions: list[Mention], event: Event) -> dict[str, Article]:
    ids = dict.fromkeys([m.article_id for m in mentions] + _value_article_ids(event))
    found = {}
    for article_id in list(ids)[:MAX_MENTIONS]:
        article = store.article(article_id)
        if article is not None:
            found[article_id] = article
    return found


def _value_article_ids(event: Event) -> list[str]:
    return [value.article_id for values in event.values.values() for value in values]


def _article_summary(article: Article) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "source": article.source,
        "title": article.title,
        "url": article.url,
        "published": article.published,
    }


def _fields(event: Event, articles: dict[str, Article]) -> list[dict[str, Any]]:
    """Each field with every source's value; `disagreement` flags the fields whose sources differ."""
    return [
        {
            "field": name,
            "disagreement": name in event.disagreements,
            "values": [
                {
                    "value": value.value,
                    "source": value.source,
                    "article_id": value.article_id,
                    "mention_id": value.mention_id,
                    "evidence": _in_context(value.evidence, articles.get(value.article_id)),
                }
                for value in values
            ],
        }
        for name, values in event.values.items()
    ]


def _mention(mention: Mention, article: Article | None) -> dict[str, Any]:
    return {
        "id": mention.id,
        "article_id": mention.article_id,
        "source": mention.source,
        "status": mention.status,
        "event_type": mention.event_type,
        "sub_event_type": mention.sub_event_type,
        "event_date": mention.event_date,
        "actor1": mention.actor1.label if mention.actor1 else "",
        "actor2": mention.actor2.label if mention.actor2 else "",
        "location": mention.place.name if mention.place else "",
        "killed": mention.killed,
        "injured": mention.injured,
        "arrested": mention.arrested,
        "crowd_size": mention.crowd_size,
        "confidence": mention.confidence,
        # Why: the language-pack entry or the model that set each field.
        "field_rules": dict(sorted(mention.field_rules.items())),
        "evidence": [_in_context(span, article) for span in mention.evidence],
    }


def _in_context(span: Span | None, article: Article | None) -> dict[str, Any] | None:
    """The span with the article text before and after it; the span alone when the article is
    missing or its text no longer holds the span where the offsets say."""
    if span is None:
        return None
    text = article.text if article is not None else ""
    placed = 0 <= span.start <= span.end <= len(text) and (
        not span.text or text[span.start : span.end] == span.text
    )
    return {
        "start": span.start,
        "end": span.end,
        "text": text[span.start : span.end] if placed else span.text,
        "before": text[max(0, span.start - CONTEXT_CHARS) : span.start] if placed else "",
        "after": text[span.end : span.end + CONTEXT_CHARS] if placed else "",
    }
