"""Small modal dialogs (venue account, ...)."""
