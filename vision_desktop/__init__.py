"""Vision Desktop: ask a vision model about your images."""

__version__ = "0.1.0"
APP_NAME = "Vision Desktop"
APP_ID = "vision-desktop"
