"""Leads manage their partnership's people: members, invitations, roles and removals."""
