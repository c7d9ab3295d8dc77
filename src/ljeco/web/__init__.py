"""The web platform: FastAPI app factory, shared layout, auth pages, static assets."""
