"""Compiled patterns for clock times, dates, relative offsets and durations.

Data only: `pipeline/temporal.py` runs them and turns matches into values. Every pattern is
linear-time (no nested quantifiers over free text) because they run over whole documents.
"""
import re

MONTHS = {name: number for number, names in enumerate([
    ("jan", "january"), ("feb", "february", "febr"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}

WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-four": 24, "thirty": 30, "thirty-six": 36, "forty": 40, "forty-five": 45, "forty-eight": 48,
    "fifty": 50, "sixty": 60, "seventy": 70, "seventy-two": 72, "eighty": 80, "ninety": 90,
    "a couple of": 2, "a few": None, "several": None, "few": None,
}

UNIT_MINUTES = {"week": 10080, "day": 1440, "hour": 60, "minute": 1, "second": 1 / 60}
UNIT_NAMES = {"w": "week", "wk": "week", "week": "week", "d": "day", "day": "day", "h": "hour",
              "hr": "hour", "hour": "hour", "m": "minute", "min": "minute", "minute": "minute",
              "s": "second", "sec": "second", "second": "second"}

_AMPM = r"(?:[\s-]?(?P<ampm>[ap])\.?\s?m\b\.?)"

# (kind, pattern). Earlier kinds win where matches overlap.
CLOCK_PATTERNS = [
    # 10:45, 10:45:30, 10:45:30.123, 10:45 AM, 10:45am, 10h45, 9:05 p.m.
    ("colon", re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])(?::|h(?=[0-5]\d(?![\dm])))(?P<m>[0-5]\d)"
                         r"(?::(?P<s>[0-5]\d)(?:[.,]\d{1,6})?)?" + _AMPM + r"?(?![\d%]|:\d|\.\d)", re.I)),
    # 10.45 am, or a bare 10.45 (weak: trusted only where an entry's time is expected)
    ("dot", re.compile(r"(?<![\w.:$€£#])(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)" + _AMPM
                       + r"?(?![\d%]|\.\d|,\d|\s?(?:%|percent|ms\b|s\b|sec|x\b|[KMGT]i?B\b))", re.I)),
    # 1045hrs, 1400 hours, 0930h, 1045Z
    ("military", re.compile(r"(?<![\w.:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s?(?P<unit>hrs?\b|hours\b|h\b|Z\b)")),
    # 2 PM, 11am, 8 a.m.
    ("hour", re.compile(r"(?<![\w.:])(?P<h>1[0-2]|0?[1-9])" + _AMPM, re.I)),
    # 3 o'clock
    ("oclock", re.compile(r"(?<![\w.:])(?P<h>1[0-2]|[1-9])\s?o['’]clock\b", re.I)),
    ("word", re.compile(r"\b(?P<word>noon|midday|midnight)\b", re.I)),
]
# "1400 hours" is a clock only after one of these words, or opening a line before a
# separator ("1400 hours - bridge opened"); else it is an amount of time.
MILITARY_HOURS_CUE = re.compile(r"(?:\bat|\bby|\bfrom|\buntil|\btill|\bto|\baround|\bapprox\.?|@)\s*$", re.I)
MILITARY_HOURS_OPENER = re.compile(r"\s*[-–—:|]")

_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:r?uary|r)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")
_WEEKDAY = (r"(?:(?P<weekday>mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?"
            r"\.?,?\s+(?:the\s+)?)?")
_YEAR = r"(?P<year>(?:19|20)\d\d|20[Xx]{2}|20\?\?|[Yy]{4}|[Xx]{4})"
_ORDINAL = r"(?:st|nd|rd|th)?"

DATE_PATTERNS = [
    # 2023-08-15, 2023/08/15, 2023.08.15
    ("iso", re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<a>0?[1-9]|1[0-2])(?P=sep)"
                       r"(?P<b>0?[1-9]|[12]\d|3[01])(?![\d])")),
    # 08/15/2023, 15/08/2023, 15-08-2023, 5-26-21, 15.08.2023, 03/03/20XX
    ("numeric", re.compile(r"(?<![\d./:-])(?P<a>\d{1,2})(?P<sep>[-/])(?P<b>\d{1,2})(?P=sep)"
                           r"(?P<year>(?:19|20)\d\d|\d\d|20[Xx]{2}|[Yy]{4})(?![\d]|[./-]\d)")),
    ("numeric", re.compile(r"(?<![\d./:-])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<year>(?:19|20)\d\d)(?![\d]|\.\d)")),
    # Monday, Jan 3; August 15, 2023; Aug 15th; March 3, 20XX
    ("month_day", re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s{0,3}(?P<day>\d{1,2})" + _ORDINAL
                             + r"(?![\d:.]\d|\w)(?:,?\s{1,3}" + _YEAR + r")?(?![\d])", re.I)),
    # 15 Aug 2023; Saturday 21 September; the 3rd of March
    ("day_month", re.compile(r"(?:\b" + _WEEKDAY + r")?(?<![\d.:/-])(?P<day>\d{1,2})" + _ORDINAL
                             + r"\s{1,3}(?:of\s+)?" + _MONTH + r"(?:,?\s{1,3}" + _YEAR + r")?(?![\d])", re.I)),
]
# 16/04 (no year): a date only when a clock follows it ("16/04 10:30").
SHORT_DATE = re.compile(r"(?<![\d./:-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d]|[./]\d)")
WEEKDAYS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}

# What may join a date to the clock after it, and a clock to the date after it.
DATE_CLOCK_GAP = re.compile(r"[ \t]{0,3}(?:,|T|at|@|-|–|—|/|\()?[ \t]{0,3}(?:at[ \t]+)?(?:(?:around|about|approx\.?|~)[ \t]*)?", re.I)
CLOCK_DATE_GAP = re.compile(r"[ \t]{0,3}(?:\(?(?:[A-Z]{1,5}|(?:UTC|GMT)[+\-−]\d{1,2}(?::?\d\d)?)\)?)?[ \t]{0,3},?[ \t]{0,3}"
                            r"(?:on[ \t]{1,3})?(?:the[ \t]{1,3})?")
# "+0300" right after a clock (e-mail headers, logs).
NUMERIC_OFFSET = re.compile(r"[ \t]?(?P<sign>[+\-])(?P<oh>[01]\d)(?P<om>[0-5]\d)(?!\d)")

# T+5m, T+0, +15 min, T-2h, (T+33m)
OFFSET = re.compile(r"[\[(]?(?:T\s?(?P<tsign>[+\-−])\s?|(?P<sign>[+])\s?)(?P<amount>\d{1,4})"
                    r"(?:\s?(?P<unit>m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|s|secs?))?\b[\])]?", re.I)

_WORD_AMOUNT = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-four)?|thirty(?:-six)?|"
                r"forty(?:-five|-eight)?|fifty|sixty|seventy(?:-two)?|eighty|ninety|a couple of|half an?|"
                r"one and a half|two and a half)")
_UNIT = r"(?:weeks?|wks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![A-Za-z])"
_LONG_UNIT = r"(?:weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)(?![A-Za-z])"
_PART = (r"(?:(?P<number>\d{1,5}(?:[.,]\d{1,2})?)\s{0,2}(?P<unit>" + _UNIT + r")|\b(?P<word>" + _WORD_AMOUNT
         + r")\s{1,2}(?P<word_unit>" + _LONG_UNIT + r")|(?P<half>\band a half\b))")
_PART_BARE = re.sub(r"\(\?P<\w+>", "(?:", _PART)
DURATION = re.compile(r"(?<![\w:.$€£#+\-/])(?:\d{1,5}(?:[.,]\d{1,2})?\s{0,2}" + _UNIT + r"|\b" + _WORD_AMOUNT
                      + r"\s{1,2}" + _LONG_UNIT + r")(?:\s{0,2},?\s{0,2}(?:and\b|&)?\s{0,2}" + _PART_BARE + r")*", re.I)
DURATION_PART = re.compile(_PART, re.I)
# Words that make a stated length approximate ("about 2 hours", "a little over an hour").
HEDGE_WORDS = (r"about|approximately|approx\.?|around|roughly|nearly|almost|just over|just under|over|under|"
               r"more than|less than|close to|some|~|a (?:little|bit) (?:over|under|more than|less than)|"
               r"upwards of|up to|the better part of")
HEDGE = re.compile(r"(?:" + HEDGE_WORDS + r")\s{0,3}$", re.I)
