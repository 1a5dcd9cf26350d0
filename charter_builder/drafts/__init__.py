"""The draft file a board passes round, and everything that keeps co-editing it safe.

Builds on `charter`. Reads and writes files, never asks anyone anything: the
decisions (whose lock wins, what to do about a file changed on disk) are the
session's and the window's.

- `draft`: a draft in memory, the charter and its pictures.
- `draft_file`: the `.charter` file, read with every hostile-input check, written whole.
- `history`, `diff`: the revisions inside a draft, and what changed between two.
- `merge`, `draft_merge`: three-way merge of charters, and of draft files by their history.
- `draft_lock`: who has a draft open, and spotting a file changed on disk.
- `recovery`: unsaved work kept aside after a crash.
- `starters`, `schema`: the ready-made charters; the JSON Schema for people who script.
"""
