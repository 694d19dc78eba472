"""Accounts: the custom user model, roles (as groups with permissions), and the station or city
a staff member belongs to."""
