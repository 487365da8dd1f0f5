"""Approval of the plan by the safeguarding partners before it is submitted."""
