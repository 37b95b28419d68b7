from eventwire.stages.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_splits_on_sentence_ends_and_keeps_offsets() -> None:
    text = "Police fired tear gas. Dozens were hurt!  Was anyone arrested? Nobody said."
    assert texts(text) == [
        "Police fired tear gas.",
        "Dozens were hurt!",
        "Was anyone arrested?",
        "Nobody said.",
    ]


def test_titles_initials_and_abbreviations_do_not_end_a_sentence() -> None:
    text = "Gen. J. Okafor met Mr. Diallo in the U.S. capital on Jan. 5. Talks ended."
    assert texts(text) == ["Gen. J. Okafor met Mr. Diallo in the U.S. capital on Jan. 5.", "Talks ended."]


def test_headlines_and_paragraphs_are_their_own_sentences() -> None:
    text = "Clashes in Arauca\n\nBOGOTA (Wire) -- Soldiers and rebels fought on Wednesday.\nEight died."
    assert texts(text) == [
        "Clashes in Arauca",
        "BOGOTA (Wire) -- Soldiers and rebels fought on Wednesday.",
        "Eight died.",
    ]


def test_quotes_close_the_sentence() -> None:
    text = '"We will march again." The union leader left.'
    assert texts(text) == ['"We will march again."', "The union leader left."]


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("  \n ") == []


def test_a_german_day_number_before_its_month_ends_no_sentence():
    text = "Wien, 16. Oktober 2023 – Aktivisten blockierten die Straße. Es kamen 12. Danach war Ruhe."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Wien, 16. Oktober 2023 – Aktivisten blockierten die Straße.",
        "Es kamen 12.",
        "Danach war Ruhe.",
    ]
