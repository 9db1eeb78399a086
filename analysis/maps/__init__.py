"""Map layers and mappable variables computed from the boundaries and processed tables."""
