"""Time zones as people write them in postmortems.

`ABBREVIATIONS`: fixed offsets in minutes east of UTC. `US_GENERIC`: names that mean
standard or daylight time depending on the date (resolved with the US rule).
`WRITTEN_OUT`: spelled-out names, kept as written, with their usual offset.
"""

ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60,
    "BST": 60, "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180,
    "WAT": 60, "CAT": 120, "SAST": 120, "EAT": 180, "MSK": 180, "TRT": 180,
    "GST": 240, "IST": 330, "PKT": 300, "NPT": 345, "ICT": 420, "WIB": 420, "SGT": 480, "HKT": 480,
    "PHT": 480, "AWST": 480, "JST": 540, "KST": 540, "ACST": 570, "ACDT": 630,
    "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "AST": -240, "ADT": -180, "NST": -210, "NDT": -150, "BRT": -180, "ART": -180,
}

# name -> (standard abbreviation, daylight abbreviation)
US_GENERIC = {
    "PST/PDT": ("PST", "PDT"), "PDT/PST": ("PST", "PDT"), "PT": ("PST", "PDT"),
    "Pacific": ("PST", "PDT"), "Pacific Time": ("PST", "PDT"), "Pacific time": ("PST", "PDT"),
    "EST/EDT": ("EST", "EDT"), "EDT/EST": ("EST", "EDT"), "ET": ("EST", "EDT"),
    "Eastern": ("EST", "EDT"), "Eastern Time": ("EST", "EDT"), "Eastern time": ("EST", "EDT"),
    "CST/CDT": ("CST", "CDT"), "CDT/CST": ("CST", "CDT"), "CT": ("CST", "CDT"),
    "Central Time": ("CST", "CDT"), "Central time": ("CST", "CDT"),
    "Central": ("CST", "CDT"), "Mountain": ("MST", "MDT"),
    "MST/MDT": ("MST", "MDT"), "MDT/MST": ("MST", "MDT"), "MT": ("MST", "MDT"),
    "Mountain Time": ("MST", "MDT"), "Mountain time": ("MST", "MDT"),
}

WRITTEN_OUT = {
    "Coordinated Universal Time": 0, "Greenwich Mean Time": 0,
    "West Africa Time": 60, "West African Time": 60, "Central Africa Time": 120,
    "Central African Time": 120, "East Africa Time": 180, "East African Time": 180,
    "South Africa Standard Time": 120, "South African Standard Time": 120, "South African Time": 120,
    "Central European Time": 60, "Eastern European Time": 120, "Israel Standard Time": 120,
    "Moscow Standard Time": 180, "Singapore Standard Time": 480, "China Standard Time": 480,
    "Gulf Standard Time": 240, "Arabian Standard Time": 180, "Pakistan Standard Time": 300,
    "Central European Summer Time": 120, "British Summer Time": 60, "India Standard Time": 330,
    "Indian Standard Time": 330, "Japan Standard Time": 540,
    "Australian Eastern Standard Time": 600, "Eastern Standard Time": -300,
    "Eastern Daylight Time": -240, "Central Standard Time": -360, "Central Daylight Time": -300,
    "Mountain Standard Time": -420, "Mountain Daylight Time": -360,
    "Pacific Standard Time": -480, "Pacific Daylight Time": -420,
}

# Abbreviations that are also ordinary words or too ambiguous alone: only accepted right
# after a clock time or in a "(all times X)" header.
NEEDS_CLOCK = {"Z", "IST", "CAT", "EAT", "WAT", "ART", "AST", "MET", "NST", "ET", "CT", "MT", "PT",
               "Pacific", "Eastern", "Central", "Mountain", "WET", "ICT", "PHT", "HST", "GST"}

# Zones whose writers usually put the day first in numeric dates ("03/04/2024" = 3 April):
# the tie-breaker when a document's own dates leave the order open.
DAY_FIRST_ZONES = {"UTC", "GMT", "WET", "WEST", "BST", "CET", "CEST", "MET", "MEST", "EET", "EEST", "WAT",
                   "CAT", "SAST", "EAT", "MSK", "TRT", "IST", "PKT", "NPT", "ICT", "WIB", "SGT", "HKT", "PHT",
                   "AWST", "ACST", "ACDT", "AEST", "AEDT", "NZST", "NZDT", "BRT", "ART"}
