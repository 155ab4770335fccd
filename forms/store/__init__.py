"""The offline SQLite store: records, photos, tasks and settings on this device."""
