"""The charter itself: its model, the names of its parts, editing it, and its checks."""
