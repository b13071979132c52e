"""Theme review: analysts correct a survey's themes, and every correction is kept, audited and undoable."""
