"""What a person reads: record cards, texts in Spanish and English, dates, the tool list."""
