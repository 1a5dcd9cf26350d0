"""Files we are given and files we write, handled so nothing hangs, floods or half-writes.

Depends on nothing else of ours, so every layer can use it.

- `bounded_read`: reading only ordinary files, within a size limit.
- `json_limits`: JSON counted before it is parsed.
- `safe_write`: replacing a file so either the old or the new one is there, whole.
"""
