"""The optional spaCy entity backend (`pip install 'newsdesk[spacy]'` plus an English model).

Chosen in config.toml (`[entities] backend = "spacy"`). The built-in extractor stays the
default: it needs no model, runs ~100x faster and is what the tests cover.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from index.errors import NewsdeskError
from index.models import Mention

Annotator = Callable[[list[str]], list[list[Mention]]]

SPACY_TYPES = {
    "PERSON": "PERSON",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "ORG": "ORG",
    "NORP": "OTHER",
    "EVENT": "OTHER",
    "PRODUCT": "OTHER",
    "WORK_OF_ART": "OTHER",
    "LAW": "OTHER",
}


@cache
def spacy_annotator(model: str) -> Annotator:
    """An annotator backed by a spaCy pipeline; NewsdeskError if spaCy or the model is missing."""
    try:
        import spacy
    except ImportError:
        raise NewsdeskError(
            "the spaCy entity backend needs spaCy: pip install 'newsdesk[spacy]'"
        ) from None
    try:
        nlp = spacy.load(model, disable=["lemmatizer", "textcat"])
    except OSError:
        raise NewsdeskError(
            f"spaCy model {model} is not installed: python -m spacy download {model}"
        ) from None
    return lambda texts: annotate_with(nlp, texts)


def annotate_with(nlp: Any, texts: list[str]) -> list[list[Mention]]:
    """Mentions per text from a spaCy pipeline (any object with `pipe` yielding docs)."""
    out: list[list[Mention]] = []
    for doc in nlp.pipe(texts):
        out.append(
            [
                Mention(ent.start_char, ent.end_char, ent.text, SPACY_TYPES[ent.label_])
                for ent in doc.ents
                if ent.label_ in SPACY_TYPES
            ]
        )
    return out
