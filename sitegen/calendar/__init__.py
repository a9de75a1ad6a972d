"""Meeting dates: schedules worked out from the `when` rules, and the .ics feeds.
May use: sitegen.core.
"""
