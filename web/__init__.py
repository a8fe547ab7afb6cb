"""Web app and HTTP API of Beleidsgeheugen (``beleid serve``)."""
