"""公告栏 community-board: content model, site adapter, print engine and CLI."""

__version__ = "0.1.0"
