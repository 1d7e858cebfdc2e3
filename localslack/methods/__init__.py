"""Web API method handlers; importing this package fills `localslack.webapi.METHODS`."""

from localslack.methods import chat, conversations, files, users, views

__all__ = ["chat", "conversations", "files", "users", "views"]
