"""Demo data: generated answers and comments, so a partnership can see its report before the first wave."""
