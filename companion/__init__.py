"""Tofersen Companion: a private, local companion for people treated with tofersen."""

__version__ = "0.1.0"
