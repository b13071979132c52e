"""You said, we did (issue 10 §3): what the partnership did about each theme, told to the public."""
