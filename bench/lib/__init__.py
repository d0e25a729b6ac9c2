"""Helpers of the ShopNest benchmarks: processes, load, projection visibility, figures."""
