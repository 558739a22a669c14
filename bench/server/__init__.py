"""Helpers for bench/bench_server.py: the load client, server processes, the two systems."""
