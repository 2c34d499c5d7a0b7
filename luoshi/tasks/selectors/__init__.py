"""Reads of the tasks app, one module per part (tasks, progress, supervision)."""
