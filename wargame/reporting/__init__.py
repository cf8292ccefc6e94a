"""Text made from the event log: the headless transcript (and, later, the AAR)."""
