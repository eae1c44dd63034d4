"""Pure renderers: HTML and text of items, reports, pages and chart specs (no ipywidgets)."""
