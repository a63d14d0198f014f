"""The pixi ERP client (SOAP via zeep, answers parsed with lxml).

    from chalicelib.adapters.pixi import PixiConnection, pixi_client_for, CustomerCriteria
    client = pixi_client_for(PixiConnection("https://api.pixi.eu/soap/pixiXYZ/", "pixiXYZ", "…"))
    customers, truncated = client.search_customers(CustomerCriteria(name="Muster*"))

Importing this package is cheap: zeep and requests are imported when the first client is built.
"""

from chalicelib.adapters.pixi.client import CustomerCriteria, PixiClient, pixi_client_for
from chalicelib.adapters.pixi.connection import ConnectionCheck, PixiConnection

__all__ = ["ConnectionCheck", "CustomerCriteria", "PixiClient", "PixiConnection", "pixi_client_for"]
