"""Backup views: the restore view and the start-up integrity check with its restore offer."""
