"""Dispatch: batches per facility, print, post, returns and replies (staff)."""
