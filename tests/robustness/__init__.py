"""Long-running robustness checks: crash-safe saving and a fuzzed draft reader.

Run in full with ``make crash-test`` and ``make fuzz``; short versions run in ``make test``.
"""
