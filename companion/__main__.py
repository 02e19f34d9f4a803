from companion.cli import entry_point

entry_point()
