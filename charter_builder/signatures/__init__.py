"""Signing off, seals on the PDF, and checking that a signed PDF is really unaltered.

Builds on `charter` and `drafts`.

- `signing`: signature records bound to the exact text each board agreed.
- `sign_proof`: what a record proves, and certificate-signed sign-offs.
- `sign_off_status`: where the signing stands, in a few words.
- `seal`: a partner's digital seal (PAdES) on the charter's PDF.
- `verify`: the one check of a PDF, with its three outcomes.
- `pdf_revisions`, `pdf_text`: what each update of a PDF added; the words it shows.
"""
