"""Backends: each turns an arrangement into one output file; none imports another."""
