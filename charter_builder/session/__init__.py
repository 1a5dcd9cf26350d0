"""An open draft's life, without Qt: shared by the command line and the window.

The window and the commands that write a draft save the same way: they respect
another person's lock, refuse to overwrite a file changed on disk since it was
read, record a revision, and take it back if writing fails. Qt-free, so the
command line can use it without loading the window.

- `open_draft`: the draft with its path, file stamp, lock and read-only state; save.
- `lease`: the lock policy for opening, saving and taking over, as results.
- `merging`: the bookkeeping that joins another copy's history into ours.
- `refusals`: the plain words for a save that was refused.
- `command_saves`: how a command saves (lease, save, let go), for the CLI.
"""

from charter_builder.session.open_draft import OpenDraft, read_draft, same_file
from charter_builder.session.refusals import DraftChangedOnDisk, SaveRefused

__all__ = ["DraftChangedOnDisk", "OpenDraft", "SaveRefused", "read_draft", "same_file"]
