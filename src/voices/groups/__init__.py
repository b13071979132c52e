"""Survivor-involvement groups: facilitators' groups, invite codes, the group feedback form, notes."""
