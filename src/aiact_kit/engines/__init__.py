"""Pure engines: plain Python over the content (no ipywidgets, no HTML)."""
