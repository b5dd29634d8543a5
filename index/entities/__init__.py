"""Named-entity extraction and canonical entities (no terminal code here).

`extract_mentions` and `annotate_blocks` find names in text; `resolve.resolve` groups the
mentions of a library into canonical entities; `catalog.rebuild_entities` stores them.
"""

from index.entities.extract import annotate_blocks, extract_mentions

__all__ = ["annotate_blocks", "extract_mentions"]
