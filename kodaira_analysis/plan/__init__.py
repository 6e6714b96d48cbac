"""The plan's tables: described once, read strictly, cleaned, validated, built atomically."""
