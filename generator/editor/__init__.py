"""编辑台: the browser editor served by `board serve` at /_edit/ (nothing of it is published)."""
