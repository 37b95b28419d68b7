"""eventwire: news articles in, a political event database out."""

__version__ = "0.1.0"
