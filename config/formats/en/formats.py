# Waypoint's English dates read "6 December 2026", not Django's American "Dec. 6, 2026". Only the
# formats that differ are here; every other one, and every other language's, is Django's own, so
# a date written through DATE_FORMAT follows whichever language is active.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
# Short dates and times as lists show them: "6 Dec 2026", "6 Dec 2026, 14:30", "14:30".
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
# Weeks start on Monday, as the calendar always has (Django's English starts them on Sunday).
FIRST_DAY_OF_WEEK = 1
