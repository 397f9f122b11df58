"""Importers of children's social care returns, one module per format (see ``base``)."""
