"""Multi-agency data trends."""
