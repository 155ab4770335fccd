"""The survey wizard: one page per section of a form definition, autosaved as it is filled."""
