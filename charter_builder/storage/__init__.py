"""Reading and writing files safely: bounded reads, atomic writes, JSON limits."""
