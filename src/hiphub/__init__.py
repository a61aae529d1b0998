"""hiphub: hip tension and low back pain, as self-hostable software."""

__version__ = "0.1.0"
