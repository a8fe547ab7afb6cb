"""Beleidsgeheugen: a searchable, checkable memory of municipal policy documents."""
__version__ = "0.1.0"
