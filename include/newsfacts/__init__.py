"""newsfacts: diplomatic news articles in, validated facts out (see README.md)."""

__version__ = "0.1.0"
