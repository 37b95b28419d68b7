"""`eventwire places "TEXT"`: each toponym with its span, the chosen place and the runner-up."""

from __future__ import annotations

from eventwire.gazetteer import load_gazetteer
from eventwire.gazetteer.resolver import Resolution
from eventwire.records import Place, Toponym

_HEADER = ("span", "toponym", "place", "precision", "lat,lon", "runner-up")


def describe_place(place: Place | None) -> str:
    """One line for a place: "Almaty (city, Almaty, Kazakhstan)"."""
    if place is None:
        return "-"
    where = ", ".join(
        part for part in (place.feature, place.admin1, place.country) if part and part != place.name
    )
    return f"{place.name} ({where})" if where else place.name


def places_command(text: str, *, published: str | None = None, language: str | None = None) -> str:
    """The table `eventwire places` prints. `published` is accepted for symmetry with the other
    commands; resolution does not depend on the date. `language`: detected when not given (German
    capitalises every noun, which changes what counts as a name)."""
    del published
    if language is None:
        from eventwire.stages.language import LanguageStage

        language = LanguageStage().identify(text) or "en"
    gazetteer = load_gazetteer()
    rows = [_HEADER]
    explained = gazetteer.explain_toponyms(text, language=language)
    for toponym, _resolution in explained:
        place = toponym.place
        point = f"{place.latitude:.4f},{place.longitude:.4f}" if place and place.latitude is not None else "-"
        rows.append(
            (
                f"{toponym.start}-{toponym.end}",
                toponym.text,
                describe_place(place),
                str(place.geo_precision) if place else "-",
                point,
                describe_place(toponym.runner_up),
            )
        )
    if len(rows) == 1:
        return "no place names found"
    widths = [max(len(row[column]) for row in rows) for column in range(len(_HEADER))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join(lines + _reasons(explained))


REASONS_SHOWN = 5  # the largest parts of a score; the rest are small


def _reasons(explained: list[tuple[Toponym, Resolution]]) -> list[str]:
    """Why each place was chosen over the runner-up: the largest parts of both scores."""
    lines = ["", "why:"]
    for toponym, resolution in explained:
        lines.append(f"  {toponym.text} -> {describe_place(toponym.place)}  (score {resolution.score:.1f})")
        lines.append("      " + "; ".join(resolution.why[:REASONS_SHOWN]))
        if toponym.runner_up is not None:
            lines.append(f"    runner-up {describe_place(toponym.runner_up)}")
            lines.append("      " + "; ".join(resolution.why_runner_up[:REASONS_SHOWN]))
    return lines
