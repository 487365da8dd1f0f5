"""How a date is written where a template prints one without a format: "30 April 2027", as
everywhere else, not Django's British "30 Apr 2027". Form inputs keep Django's input formats."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
