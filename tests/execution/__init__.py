"""Execution tests: run real analytics SDKs against a loopback capture server."""
