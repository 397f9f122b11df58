"""Scrutineer: the independent scrutineer's workbench for a safeguarding children partnership."""
