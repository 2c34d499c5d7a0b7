"""Luoshi (落实): the government work cycle as software."""
