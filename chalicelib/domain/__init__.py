"""Pure domain logic and records: no I/O, no boto3, no zeep."""
