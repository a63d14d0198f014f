"""DynamoDB through PynamoDB: models (tables) and repositories that speak in domain records."""
