"""Scrutiny plan."""
