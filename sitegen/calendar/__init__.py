"""Meeting dates: schedules worked out from the `when` rules, the .ics feeds and meetings.json.
May use: sitegen.core.
"""
