"""What a user does with a draft, one small flow each, away from the window.

Each flow takes the document (and the render service where PDFs are made),
asks the user only through a `Prompts`, and reports back by signals, so the
window just listens and tests can drive a flow with scripted answers.

- `files`: new, open, open as a copy, save, save as, changed on disk, close.
- `coediting`: merge with a copy, keeping our lock fresh, noticing a take-over.
- `recovery`: offer and restore unsaved work a crash left, with open's lock ladder.
- `export`: export the PDF, add a seal to one, check a signed one.
"""
