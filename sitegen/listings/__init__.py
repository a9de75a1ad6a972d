"""Listings for other directories: Open Referral (HSDS 3.0) services.json and the Meeting Guide meetings.json.
May use: sitegen.web, sitegen.printed, sitegen.calendar and sitegen.core.
"""
