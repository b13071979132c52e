"""What every respondent page shares: words in each language, support contacts, rendering."""
