"""Challenge log."""
