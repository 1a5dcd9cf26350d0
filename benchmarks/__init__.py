"""Speed and memory benchmarks for issue 8: `make bench` runs them (see README.md)."""
