"""Evidence library: documents the agencies share with the partnership."""
