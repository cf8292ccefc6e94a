"""Running games without a UI: bot seats, scripted human orders, and batch simulation."""
