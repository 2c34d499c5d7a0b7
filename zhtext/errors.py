"""The one exception zhtext's stages raise; ``read`` turns it into ``Document.error``."""


class ReadError(ValueError):
    """The input cannot be read as a document; the message is one line for a human."""
