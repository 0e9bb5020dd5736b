"""Referrals arrive with the 'Warm introductions' issue."""
