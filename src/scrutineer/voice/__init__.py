"""Voice of children, families and practitioners."""
