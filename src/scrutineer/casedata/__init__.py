"""Case-level evidence."""
