"""Translation: letters waiting for a Russian or Belarusian text (staff)."""
