"""A partnership's overview across all its plans, and the actions making little progress."""
