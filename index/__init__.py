"""newsdesk's data layer: ingest, cleaning, entities, passages, the store and the search index.

Nothing in this package imports textual: it is a library anyone can script without a terminal.
"""
