"""Complaints (信访投诉): 12345 / 12369 hotline and online reports, their handling and follow-up."""
