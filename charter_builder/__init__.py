"""Charter Builder: write, agree and sign an integrated care system's partnership charter."""

__version__ = "0.1.0"
