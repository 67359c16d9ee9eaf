"""One module per MilkDrop render pass; each pass has ``compile(ctx)`` and ``draw(...)``."""
