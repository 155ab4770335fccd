"""Merging exports without a database: read each file (fast path or full reader), pick a version per record, write."""
