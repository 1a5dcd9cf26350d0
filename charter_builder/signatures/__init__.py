"""Signing off, seals on the PDF, and checking that a signed PDF is unaltered."""
