"""Writes of the events app, one module per part (plain functions, typed, keyword-only)."""
