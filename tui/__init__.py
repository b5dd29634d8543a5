"""newsdesk's terminal side: the Textual reader app and the command line."""
