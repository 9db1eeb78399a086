"""Demographic correlations: the analysis frame, statistics, models, views and the explorer."""
