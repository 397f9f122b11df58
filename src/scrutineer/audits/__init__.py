"""Multi-agency audits."""
