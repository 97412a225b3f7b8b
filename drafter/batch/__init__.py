"""Batches: inputs read, entries planned, statements written by worker processes."""
