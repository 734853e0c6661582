"""The pure content model: schema, loading, validation, dates, privacy and lifecycle."""
