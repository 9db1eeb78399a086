"""The build stage: validated raw tables -> every cross-regency table in data/processed."""
