"""The draft file a board passes round: its format, history, comparing, merging and lock."""
