"""The MkDocs adapter: a plugin and theme settings over the pure content model."""
