"""What users take away: text, JSON, the review page, the worklist, the response plan and the letter."""
