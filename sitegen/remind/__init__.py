"""Ready-to-send reminders and invitations for meetings: WhatsApp, SMS (GSM-7 or UCS-2) and email.
May use: sitegen.calendar, sitegen.core.
"""
