"""Accounts: sign-up, log-in, password reset, API tokens, delete account, download my data."""
