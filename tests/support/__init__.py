"""Helpers that build real test files (PDFs, DOCX) without extra dependencies."""
