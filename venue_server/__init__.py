"""Phosphene."""
