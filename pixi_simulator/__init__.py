"""A faithful local pixi SOAP server with German demo data."""
