"""OCR for scanned pages: engines' lines cached by content, put back into reading order,
with the spaces they dropped restored. Reached from outside through ``app.core.ingest``.
"""
