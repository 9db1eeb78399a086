"""Test helpers: seeded synthetic data sets and analytic test functions (not package code)."""
