"""How long one PDF may take, and what a board secretary is told when one takes longer.

Shared by the render worker (which stops itself) and the window's render
service (which ends a worker that has not), without loading WeasyPrint.
"""

from __future__ import annotations

#: Longest any one PDF may take, in seconds. The largest charter the model accepts
#: takes well under this on a two-core laptop (see the README's limits), so a job
#: still running then has met something unforeseen and is stopped.
TIME_LIMIT_S = 180

TOO_SLOW = (
    "Making the PDF was taking far longer than any charter should, so Charter Builder "
    "stopped. Please shorten the longest sections and try again; if it keeps happening, "
    "save your draft and send it to your support team."
)
