"""The terminal interview and the answers it keeps saved."""
