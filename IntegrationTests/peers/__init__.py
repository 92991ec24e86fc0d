"""Test peers: local servers the integration tests start on 127.0.0.1 (one module per peer)."""
