"""The panes of the reader: article list, reader, entity sidebar, search bar, status line."""
