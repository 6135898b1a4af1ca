"""What deckgen knows of Anki itself: its note types (shared by the .apkg and the preview)."""
