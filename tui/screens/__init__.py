"""The app's screens: the main four-pane reader and the key help."""
