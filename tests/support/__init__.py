"""Helpers the tests and the benchmarks share, kept out of the installed package.

``synthetic``: the rendered human figure the camera coach is tested and benchmarked on.
"""
