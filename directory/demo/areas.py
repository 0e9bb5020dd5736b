"""Places the demo directory is set in.

Coordinates are copied in here (never read from data files at run time):

* district centroids from the doogal.co.uk postcode district summary (OGL v3.0);
* full postcodes in Wigan, Camden and Westminster from the ONS National Statistics Postcode
  Lookup, November 2021 (OGL v3.0), so that exact postcode searches find demo groups.

Street names and the inward codes of postcodes outside those three areas are invented.
Phone numbers come from the ranges Ofcom keeps for drama, so none of them can ring anyone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    local_authority: str
    city: str
    county: str
    region: str
    phone_prefix: str


AREAS: dict[str, Area] = {
    "wigan": Area("Wigan", "Wigan", "Greater Manchester", "North West", "01632 960"),
    "camden": Area("Camden", "London", "Greater London", "London", "020 7946 0"),
    "westminster": Area("Westminster", "London", "Greater London", "London", "020 7946 0"),
    "lambeth": Area("Lambeth", "London", "Greater London", "London", "020 7946 0"),
    "manchester": Area(
        "Manchester", "Manchester", "Greater Manchester", "North West", "0161 496 0"
    ),
    "birmingham": Area("Birmingham", "Birmingham", "West Midlands", "West Midlands", "0121 496 0"),
    "leeds": Area("Leeds", "Leeds", "West Yorkshire", "Yorkshire and The Humber", "0113 496 0"),
    "bradford": Area(
        "Bradford", "Bradford", "West Yorkshire", "Yorkshire and The Humber", "01632 960"
    ),
    "leicester": Area("Leicester", "Leicester", "Leicestershire", "East Midlands", "0116 496 0"),
    "bristol": Area("Bristol", "Bristol", "Bristol", "South West", "0117 496 0"),
    "newcastle": Area(
        "Newcastle", "Newcastle upon Tyne", "Tyne and Wear", "North East", "0191 498 0"
    ),
}

# outward code -> (latitude, longitude, area key)
DISTRICTS: dict[str, tuple[float, float, str]] = {
    "WN1": (53.5511, -2.63011, "wigan"),
    "WN2": (53.5363, -2.58471, "wigan"),
    "WN3": (53.5307, -2.64495, "wigan"),
    "WN5": (53.5326, -2.68488, "wigan"),
    "WN6": (53.5734, -2.66923, "wigan"),
    "WN7": (53.4973, -2.51817, "wigan"),
    "WC1H": (51.5248, -0.126312, "camden"),
    "WC1N": (51.522, -0.120626, "camden"),
    "WC1X": (51.5244, -0.117197, "camden"),
    "WC2H": (51.5137, -0.127693, "westminster"),
    "WC2N": (51.5098, -0.125335, "westminster"),
    "SW9": (51.4691, -0.113694, "lambeth"),
    "SW2": (51.4509, -0.120687, "lambeth"),
    "SE11": (51.4895, -0.108854, "lambeth"),
    "SE27": (51.4304, -0.101568, "lambeth"),
    "SW16": (51.4237, -0.129594, "lambeth"),
    "M1": (53.4777, -2.23678, "manchester"),
    "M4": (53.4848, -2.23066, "manchester"),
    "M13": (53.4622, -2.21718, "manchester"),
    "M14": (53.4468, -2.22505, "manchester"),
    "M8": (53.509, -2.24089, "manchester"),
    "M40": (53.5026, -2.19393, "manchester"),
    "M22": (53.385, -2.26125, "manchester"),
    "B10": (52.4701, -1.8533, "birmingham"),
    "B11": (52.4554, -1.85981, "birmingham"),
    "B12": (52.461, -1.88257, "birmingham"),
    "B19": (52.4963, -1.9061, "birmingham"),
    "B21": (52.5051, -1.93626, "birmingham"),
    "B5": (52.4721, -1.89686, "birmingham"),
    "B6": (52.5024, -1.88693, "birmingham"),
    "B23": (52.5276, -1.85153, "birmingham"),
    "LS6": (53.8185, -1.56623, "leeds"),
    "LS7": (53.8177, -1.54055, "leeds"),
    "LS8": (53.8215, -1.51247, "leeds"),
    "LS9": (53.7988, -1.51169, "leeds"),
    "LS11": (53.7783, -1.55668, "leeds"),
    "LS2": (53.8015, -1.54725, "leeds"),
    "BD3": (53.7979, -1.72996, "bradford"),
    "BD7": (53.7842, -1.78105, "bradford"),
    "BD8": (53.8014, -1.78067, "bradford"),
    "BD5": (53.7794, -1.7583, "bradford"),
    "BD1": (53.7973, -1.75433, "bradford"),
    "BD9": (53.8116, -1.78839, "bradford"),
    "LE1": (52.6334, -1.13242, "leicester"),
    "LE2": (52.6112, -1.11793, "leicester"),
    "LE4": (52.6627, -1.12267, "leicester"),
    "LE5": (52.6362, -1.09635, "leicester"),
    "LE3": (52.6267, -1.18142, "leicester"),
    "BS1": (51.4539, -2.5921, "bristol"),
    "BS2": (51.459, -2.581, "bristol"),
    "BS5": (51.4622, -2.55288, "bristol"),
    "BS3": (51.4386, -2.6035, "bristol"),
    "BS6": (51.4701, -2.59818, "bristol"),
    "NE1": (54.9725, -1.61302, "newcastle"),
    "NE4": (54.9728, -1.64378, "newcastle"),
    "NE6": (54.9772, -1.56748, "newcastle"),
    "NE2": (54.9862, -1.6065, "newcastle"),
}

# Real, live postcodes (NSPL Nov 2021) with their own centroids: exact lookups work for these.
EXACT_POSTCODES: dict[str, tuple[float, float]] = {
    # Wigan (E08000010)
    "WN1 2NY": (53.564397, -2.630729),
    "WN1 9ST": (53.545098, -2.629960),
    "WN1 3UZ": (53.554149, -2.619724),
    "WN2 2BU": (53.540264, -2.611689),
    "WN2 4EL": (53.539466, -2.562427),
    "WN2 4US": (53.531258, -2.556479),
    "WN3 6SR": (53.520999, -2.658456),
    "WN3 6PQ": (53.533554, -2.655482),
    "WN3 4JP": (53.530889, -2.610378),
    "WN5 9DR": (53.538676, -2.655697),
    "WN6 8QY": (53.562771, -2.649804),
    "WN7 5EH": (53.505427, -2.532922),
    "WN7 5RN": (53.511775, -2.522341),
    # Camden (E09000007)
    "WC1H 9JZ": (51.525898, -0.129013),
    "WC1H 0AQ": (51.524397, -0.127218),
    "WC1N 1HN": (51.524659, -0.126901),
    "WC1N 3HZ": (51.521746, -0.120188),
    "WC1X 9LS": (51.527809, -0.115786),
    "WC1X 8QD": (51.529531, -0.120447),
    "WC1E 7JN": (51.522398, -0.131679),
    "WC1R 4AX": (51.519648, -0.117078),
    "WC1H 0HX": (51.526699, -0.129600),
    "WC1N 3QW": (51.521496, -0.118051),
    # Westminster (E09000033)
    "WC2E 9JT": (51.512760, -0.124507),
    "WC2H 7JX": (51.510768, -0.129301),
    "WC2N 6AB": (51.509414, -0.121676),
    "WC2N 4HE": (51.510788, -0.127729),
    "WC2R 0AL": (51.510224, -0.122838),
    "WC2B 5SR": (51.513650, -0.119412),
    "WC2A 2HA": (51.514720, -0.117191),
    "WC2E 9PA": (51.512773, -0.125299),
    "WC2R 0PS": (51.509885, -0.123403),
}

# Areas of full postcodes whose district is not listed above.
EXACT_POSTCODE_AREAS: dict[str, str] = {
    "WC1E": "camden",
    "WC1R": "camden",
    "WC2E": "westminster",
    "WC2R": "westminster",
    "WC2B": "westminster",
    "WC2A": "westminster",
}

ACCESSIBILITY_NOTES: tuple[tuple[str, str], ...] = (
    ("Step-free entrance and accessible toilet", "Ramp at the side door; ring the bell."),
    ("Ground floor room with a hearing loop", "Ask at reception to switch the loop on."),
    ("Lift to all floors", "The lift is small: one wheelchair at a time."),
    (
        "First floor, no lift",
        "Tell the group if you cannot manage stairs and they will meet you downstairs.",
    ),
    ("Quiet room available", "A low-light room is kept free for anyone who needs a break."),
    ("Accessible parking bay", "One blue badge bay outside; on-street parking nearby."),
)


def area_for_postcode(postcode: str) -> str:
    outward = postcode.split()[0]
    if outward in DISTRICTS:
        return DISTRICTS[outward][2]
    return EXACT_POSTCODE_AREAS[outward]
