"""A faithful local pixi SOAP server with German demo data (a test double, never production).

Start it with ``python -m pixi_simulator`` or, from tests, ``pixi_simulator.server.start_in_thread``.
"""

CREDENTIALS: dict[str, str] = {"pixiDEM": "pixi-demo", "pixiTST": "pixi-test"}
"""HTTP Basic credentials per pixi database: user = database name, password = value."""
