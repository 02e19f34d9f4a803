"""The bundle's entry point: the same command line as the installed ``companion`` script."""

from companion.cli import entry_point

if __name__ == "__main__":
    entry_point()
