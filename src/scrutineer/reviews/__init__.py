"""Case reviews."""
