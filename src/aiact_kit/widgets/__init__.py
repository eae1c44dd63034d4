"""ipywidgets views over the engines. Widgets hold no legal knowledge: they render content and
engine state and forward events."""
