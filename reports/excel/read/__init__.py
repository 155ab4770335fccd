"""Reading workbooks: what a given file is, whether it stays within the size limits, and its record versions."""
