"""Tools for template authors: a template's anatomy, checks, starters, JSON Schemas."""
