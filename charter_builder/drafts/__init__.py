"""The draft file a board passes round, and everything that keeps co-editing it safe.

Builds on `charter`. Reads and writes files, never asks anyone anything: the
decisions (whose lock wins, what to do about a file changed on disk) are the
session's and the window's.

- `draft`: a draft in memory, the charter and its pictures.
- `draft_file`: the `.charter` format, saving and opening, upgrading older drafts.
- `draft_zip`, `draft_pictures`: the zip container and its pictures, checked as hostile input.
- `draft_refusals`: the plain words for a draft that cannot be opened or saved.
- `history`, `diff`: the revisions inside a draft, and what changed between two.
- `merge`, `draft_merge`: three-way merge of charters, and of draft files by their history.
- `draft_lock`: who has a draft open, and spotting a file changed on disk.
- `recovery`: unsaved work kept aside after a crash.
- `starters`, `schema`: the ready-made charters; the JSON Schema for people who script.
"""
