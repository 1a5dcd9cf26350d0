"""The charter itself: what a partnership agrees, how it is edited, and what it still lacks.

Plain data and plain functions, no files and no Qt: everything here works on a
charter in memory.

- `model`: the charter as pydantic models; every list item has a stable id.
- `editing`: every change a user can make, as a reversible edit; `touches` routes changes.
- `labels`: the board's names for each section and field, the one place for them.
- `problems`, `problem`: what a charter still needs before signing, and where.
- `printable`: text none of the bundled fonts can draw.
- `concerns`: the concerns register.
- `images`: pictures checked and made ready as they enter a draft.
- `moments`, `sequences`: dates a calendar can hold; comparing long texts quickly.
"""
