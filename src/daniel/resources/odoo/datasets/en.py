"""The English demo company: "Summit Ridge Technologies, Inc.", IT services and equipment
in Boston (USD, en_US, America/New_York). Nothing is shared with the Spanish set but the
shape: other people, customers, stage names, projects, products and currency.

Users (password = login, except admin whose password and API key come from the settings):
admin (Robert Hayes, VP of Sales: leads the "Key Accounts" team and owns part of the
pipeline), sarah (Sarah Collins, sales director and project manager), emily (Emily
Carter, account executive), david (David Kim, project manager), james (James O'Connor,
solutions consultant), priya (Priya Raghunathan, support, no sales) and megan (Megan
Walsh, restricted to her own and unassigned leads and orders; API key
`RESTRICTED_API_KEY`). Deliberate ambiguities: two contacts called Emily (plus the user
Emily Carter), two customers called "Pioneer...", names that are easy to mistype
(Schuylkill, Fitzgerald & Kaczmarek, Raghunathan), an opportunity whose name has a colon
("Renewal: 2025 licenses"), task names sharing words ("Review service pricing" /
"Review hardware pricing", "Renew domain" / "Renew domain summitridgetech.com").
"""

from __future__ import annotations

import random
import sys

from daniel.resources.odoo.datasets import en_catalog as cat
from daniel.resources.odoo.datasets.model import (
    PROJECT_ADMIN,
    RESTRICTED_SELLER,
    SALES_ADMIN,
    SELLER,
    SUPPORT,
    Company,
    Country,
    Currency,
    Dataset,
    Deal,
    OwnTask,
    State,
    User,
    tables,
)

RESTRICTED_API_KEY = "sandbox-megan-api-key-0000"
_MAIL = "summitridgetech.com"

USERS = [
    User("__system__", "OdooBot", f"odoobot@{_MAIL}", None, None),
    User("admin", "Robert Hayes", f"robert.hayes@{_MAIL}", None, "VP of Sales"),
    User(
        "sarah",
        "Sarah Collins",
        f"sarah.collins@{_MAIL}",
        [*SELLER, SALES_ADMIN, PROJECT_ADMIN],
        "Sales Director",
    ),
    User("emily", "Emily Carter", f"emily.carter@{_MAIL}", SELLER, "Account Executive"),
    User("david", "David Kim", f"david.kim@{_MAIL}", [*SELLER, PROJECT_ADMIN], "Project Manager"),
    User("james", "James O'Connor", f"james.oconnor@{_MAIL}", SELLER, "Solutions Consultant"),
    User("priya", "Priya Raghunathan", f"priya.r@{_MAIL}", SUPPORT, "Support Engineer"),
    User("megan", "Megan Walsh", f"megan.walsh@{_MAIL}", RESTRICTED_SELLER, "Sales Representative"),
]

COUNTRIES = [
    Country("US", "United States", 1, "USD"),
    Country("CA", "Canada", 1, None),
    Country("MX", "Mexico", 52, None),
    Country("GB", "United Kingdom", 44, None),
    Country("IE", "Ireland", 353, "EUR"),
    Country("DE", "Germany", 49, "EUR"),
    Country("FR", "France", 33, "EUR"),
    Country("ES", "Spain", 34, "EUR"),
]
#: States: code, name, area code, first two digits of the ZIP code.
STATES = [
    State("MA", "Massachusetts", "617", "02"),
    State("NY", "New York", "518", "12"),
    State("NJ", "New Jersey", "973", "07"),
    State("CT", "Connecticut", "860", "06"),
    State("RI", "Rhode Island", "401", "02"),
    State("PA", "Pennsylvania", "215", "19"),
    State("NH", "New Hampshire", "603", "03"),
    State("VT", "Vermont", "802", "05"),
    State("ME", "Maine", "207", "04"),
    State("MD", "Maryland", "410", "21"),
    State("VA", "Virginia", "804", "23"),
    State("NC", "North Carolina", "919", "27"),
    State("GA", "Georgia", "404", "30"),
    State("FL", "Florida", "305", "33"),
    State("OH", "Ohio", "614", "43"),
    State("IL", "Illinois", "312", "60"),
]
STREETS = [
    "{n} Main Street",
    "{n} Washington Street",
    "{n} Commercial Street",
    "{n} Elm Street",
    "{n} Industrial Parkway",
    "{n} Harbor Drive",
    "{n} Maple Avenue",
    "{n} Market Street",
    "{n} Park Avenue",
    "{n} Broad Street",
    "{n} Summer Street",
    "{n} Route 9",
]
PARTNER_TAGS = [
    ("demo.tag_vip", "Key Account"),
    ("demo.tag_sme", "Small Business"),
    ("demo.tag_public", "Public Sector"),
    ("demo.tag_reseller", "Reseller"),
    ("demo.tag_vendor", "Vendor"),
]
_VIP, _SME, _PUB, _RES = "demo.tag_vip", "demo.tag_sme", "demo.tag_public", "demo.tag_reseller"
#: (name, city, state, EIN, web domain, tags)
COMPANIES = [
    ("Schuylkill Valley Brewing Co.", "Pottsville", "PA", "23-1456789", "svbrewing.com", [_VIP]),
    (
        "Granite State Construction LLC",
        "Manchester",
        "NH",
        "02-2567890",
        "granitestate.com",
        [_VIP],
    ),
    ("Pioneer Freight Lines, Inc.", "Worcester", "MA", "04-3678901", "pioneerfreight.com", [_RES]),
    ("Pioneer Health Partners LLC", "Providence", "RI", "05-4789012", "pioneerhp.com", [_SME]),
    ("Hudson Valley Vineyards LLC", "Poughkeepsie", "NY", "14-5890123", "hvvineyards.com", [_VIP]),
    ("Harborview Hotel & Suites", "Portland", "ME", "01-6901234", "harborviewhotel.com", [_SME]),
    ("Bright Smile Dental Group, P.C.", "Hartford", "CT", "06-7012345", "brightsmile.com", [_SME]),
    ("Keystone Logistics Corp.", "Harrisburg", "PA", "25-8123456", "keystonelogi.com", [_SME]),
    ("Cape Cod Cranberry Growers", "Hyannis", "MA", "04-9234567", "capecodcranberry.com", [_SME]),
    ("Chapter & Verse Books", "Burlington", "VT", "03-1345678", "chapterverse.com", [_SME]),
    ("City of Cambridge", "Cambridge", "MA", "04-6001400", "cambridgema.gov", [_PUB]),
    (
        "Fitzgerald & Kaczmarek Architects LLP",
        "Newark",
        "NJ",
        "22-2456789",
        "fkarchitects.com",
        [_SME],
    ),
    ("Golden Crust Bakery LLC", "Baltimore", "MD", "52-3567890", "goldencrust.com", [_SME]),
    ("Iron Forge Fitness, Inc.", "Richmond", "VA", "54-4678901", "ironforgefit.com", [_SME]),
    ("Atlantic Advisory Group LLC", "Stamford", "CT", "06-5789012", "atlanticadvisory.com", [_RES]),
    (
        "Northeast Precision Metals Corp.",
        "Pittsburgh",
        "PA",
        "25-6890123",
        "neprecision.com",
        [_VIP],
    ),
    ("Main Street Pharmacy", "Concord", "NH", "02-7901234", "mainstreetrx.com", [_SME]),
    ("St. Brendan's Academy", "Albany", "NY", "14-8012345", "stbrendans.org", [_PUB]),
    ("Blue Horizon Travel LLC", "Charlotte", "NC", "56-9123456", "bluehorizon.travel", [_SME]),
    (
        "Volt Appliance Distributors, Inc.",
        "Columbus",
        "OH",
        "31-1234567",
        "voltappliance.com",
        [_RES],
    ),
    ("ClearView Optometry", "Raleigh", "NC", "56-2345678", "clearviewoptometry.com", [_SME]),
    ("Bella Napoli Trattoria LLC", "New Haven", "CT", "06-3456789", "bellanapolinh.com", [_SME]),
    ("Swift Movers Express LLC", "Jersey City", "NJ", "22-4567890", "swiftmovers.com", [_SME]),
    ("Meridian BioLabs, Inc.", "Cambridge", "MA", "04-5678901", "meridianbiolabs.com", [_VIP]),
    ("Lighthouse Publishing LLC", "Boston", "MA", "04-6789012", "lighthousepub.com", [_SME]),
    ("Patriot Mutual Insurance Co.", "Boston", "MA", "04-7890123", "patriotmutual.com", [_VIP]),
    ("Green Mountain Farmers Co-op", "Montpelier", "VT", "03-8901234", "gmfarmers.coop", [_SME]),
    ("Seaside Realty Group LLC", "Miami", "FL", "65-9012345", "seasiderealty.com", [_SME]),
    ("Sunbelt Wholesale Supply, Inc.", "Atlanta", "GA", "58-1122334", "sunbeltsupply.com", [_RES]),
    ("Wellspring Medical Center", "Philadelphia", "PA", "23-2233445", "wellspringmed.org", [_SME]),
    (
        "Greenleaf Renewable Energy LLC",
        "Rutland",
        "VT",
        "03-3344556",
        "greenleafenergy.com",
        [_SME],
    ),
    ("Polyglot Language Academy", "Chicago", "IL", "36-4455667", "polyglotacademy.com", [_SME]),
]
#: (company index, first name, last name, job position)
CONTACTS = [
    (0, "Emily", "Zhang", "Purchasing Manager"),
    (0, "Frank", "Mueller", "Owner"),
    (0, "Rosa", "Delgado", "Brewery Operations"),
    (1, "Kevin", "Brennan", "Site Superintendent"),
    (1, "Lauren", "Whitfield", "Office Manager"),
    (2, "Marcus", "Bell", "VP of Operations"),
    (2, "Tina", "Novak", "Procurement"),
    (3, "Emily", "Rodriguez", "Chief Financial Officer"),
    (3, "Raj", "Malhotra", "CTO"),
    (4, "Catherine", "Vanderberg", "Winemaker"),
    (4, "Luke", "Harrington", "Controller"),
    (5, "Alan", "McAllister", "General Manager"),
    (5, "Jasmine", "Okafor", "Front Desk Lead"),
    (6, "Patricia", "Nguyen", "Dentist and Owner"),
    (7, "Tom", "Gallagher", "Dispatch Manager"),
    (7, "Sylvia", "Gallagher", "Accounts Payable"),
    (8, "Joseph", "Costa", "President"),
    (9, "Ruth", "Abernathy", "Store Owner"),
    (10, "Isabel", "Prescott", "IT Director"),
    (10, "Gordon", "Bishop", "Facilities Coordinator"),
    (11, "Anna", "Kaczmarek", "Principal Architect"),
    (12, "Manny", "Ortiz", "Owner"),
    (13, "Scott", "Carver", "General Manager"),
    (14, "Carmen", "Whitaker", "Managing Partner"),
    (14, "Sean", "Fitzpatrick", "Senior Consultant"),
    (15, "Lou", "Petrakis", "Plant Manager"),
    (15, "Martha", "Cobb", "Purchasing"),
    (16, "Margaret", "Lindqvist", "Head Pharmacist"),
    (17, "Sister Teresa", "Doyle", "Principal"),
    (18, "Danielle", "Sutton", "Owner"),
    (19, "Tony", "Vega", "Sales Director"),
    (20, "Lorraine", "Osei", "Optometrist"),
    (21, "Enzo", "Ricci", "Chef and Owner"),
    (22, "Ruben", "Shapiro", "Operations"),
    (23, "Elise", "Bergstrom", "Director of R&D"),
    (23, "Marc", "Thibodeaux", "IT Manager"),
    (24, "Teresa", "Albright", "Editor in Chief"),
    (25, "William", "Ashcroft", "Director of IT"),
    (25, "Rachel", "Mendelsohn", "Procurement Lead"),
    (26, "Vincent", "Laroche", "General Manager"),
    (27, "Francesca", "Jurado", "Broker"),
    (28, "Rocky", "Benson", "Logistics"),
    (29, "Adrian", "Cole", "Administrator"),
    (30, "Irene", "Marsh", "Project Engineer"),
    (31, "Hugo", "Carvalho", "Academic Director"),
]
INDIVIDUALS = [
    ("Olivia", "Bennett", "Boston"),
    ("Marcus", "Reed", "Hartford"),
    ("Hannah", "Schmidt", "Albany"),
    ("Tyler", "Brooks", "Newark"),
]


def phone(area: str, rng: random.Random) -> str:
    """A number of the 555-01XX range, reserved for fiction."""
    return f"+1 {area}-555-01{rng.randint(0, 99):02d}"


#: The administrator's own pipeline (customer indexes into COMPANIES; stages of CRM_STAGES).
DEALS = [
    Deal(25, "Renewal: 2025 licenses", 3, "open", 52000, "2", day_of_month=28, tags=(7,)),
    Deal(15, "Shop-floor digitization", 2, "open", 94000, "1", day_of_month=15, tags=(1, 2)),
    Deal(23, "Lab data platform", 1, "open", 38000, day_of_month=20),
    Deal(1, "Rugged laptops for job sites", 2, "open", 21000, "0", day_of_month=8, tags=(0,)),
    Deal(2, "Fleet telematics expansion", 3, "open", 26500, "2", in_days=25, tags=(7,)),
    Deal(10, "Library public computers", 0, "open", 14000, "0", in_days=40, tags=(6,)),
    Deal(4, "Wine club online store", 4, "won", 31000, in_days=-2, tags=(1,)),
    Deal(5, "Guest Wi-Fi upgrade", 4, "won", 11500, "0", in_days=-15),
    Deal(7, "Warehouse scanners", 2, "lost", 36000, in_days=-12),
]
#: The administrator's own tasks (project indexes into en_catalog.PROJECTS).
OWN_TASKS = [
    OwnTask(5, "Review hardware pricing", "overdue", "1"),
    OwnTask(6, "Renew domain summitridgetech.com", "overdue"),
    OwnTask(5, "Prepare annual budget", "today", "1"),
    OwnTask(5, "Holiday party: book the venue", "week"),
    OwnTask(0, "Project review with Schuylkill Valley Brewing", "week", "1"),
    OwnTask(5, "Interview sales candidates", "later"),
    OwnTask(5, "Monthly sales report", "done"),
    OwnTask(5, "Call Patriot Mutual Insurance", "none"),
]

DATASET = Dataset(
    name="en",
    company=Company(
        name="Summit Ridge Technologies, Inc.",
        email=f"info@{_MAIL}",
        phone="+1 617-555-0100",
        website=f"https://www.{_MAIL}",
        street="200 Congress Street",
        zip="02110",
        city="Boston",
        state="MA",
        country="US",
        vat="04-3829117",
        lang="en_US",
        tz="America/New_York",
        currency="USD",
    ),
    currencies=[
        Currency("USD", "US Dollar", "$", "before"),
        Currency("EUR", "Euro", "€", "after"),
    ],
    sellers=["sarah", "emily", "david", "james", "megan"],
    restricted_login="megan",
    restricted_api_key=RESTRICTED_API_KEY,
    phone=phone,
    mobile_prefix=None,
    individual_domain="mail.com",
    company_suffixes=(", Inc.", " LLC", " LLP", " Corp.", " Co.", ", P.C."),
    root_category="All",
    teams=("Inside Sales", "Key Accounts"),
    lead_name="{need} for {company}",
    lead_email_tld="com",
    order_ref="PO",
    **tables(sys.modules[__name__], cat),
)
