"""The local stack: DynamoDB Local, moto server, pixi simulator, chalice local, static site."""
