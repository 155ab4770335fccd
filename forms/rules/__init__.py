"""Standard rules: JGJ 125 grading, pipe renewal, barrier-free checks, housing hazards."""
