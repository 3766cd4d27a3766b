"""The English demo company's catalog, pipeline vocabulary and projects (see `en`)."""

from __future__ import annotations

from daniel.resources.odoo.datasets.model import DAY, HOUR, MONTH, UNIT

UOMS = [(UNIT, "Units"), (HOUR, "Hours"), (DAY, "Days"), (MONTH, "Months")]
_TAX, _EXEMPT = "account.tax_sales", "account.tax_exempt"
TAXES = [(_TAX, "MA Sales Tax 6.25%", 6.25), (_EXEMPT, "Tax Exempt", 0.0)]
_SV, _HW, _SW, _FU = (
    "demo.categ_services",
    "demo.categ_hardware",
    "demo.categ_software",
    "demo.categ_furniture",
)
PRODUCT_CATEGORIES = [
    (_SV, "Services"),
    (_HW, "Hardware"),
    (_SW, "Software"),
    (_FU, "Office Furniture"),
]
_U, _H, _D, _MO = UNIT, HOUR, DAY, MONTH
#: (code, name, category, type, price, cost, unit, tax)
PRODUCTS = [
    ("SVC-ADV", "Advisory Hour", _SV, "service", 150.0, 80.0, _H, _EXEMPT),
    ("SVC-DEV", "Custom Development (hour)", _SV, "service", 135.0, 70.0, _H, _EXEMPT),
    ("SVC-TRN", "Training Day", _SV, "service", 1200.0, 500.0, _D, _EXEMPT),
    ("SVC-INST", "On-site Installation", _SV, "service", 250.0, 110.0, _U, _EXEMPT),
    ("SVC-CARE", "Premium Support Plan (annual)", _SV, "service", 2400.0, 900.0, _U, _EXEMPT),
    ("SVC-CLOUD", "Managed Cloud Hosting (month)", _SV, "service", 99.0, 35.0, _MO, _EXEMPT),
    ("SW-CRM", "CRM Subscription (user/year)", _SW, "service", 480.0, 160.0, _U, _TAX),
    ("SW-SUITE", "Productivity Suite (user/year)", _SW, "service", 264.0, 190.0, _U, _TAX),
    ("SW-EDR", "Endpoint Protection (device/year)", _SW, "service", 59.0, 28.0, _U, _TAX),
    ("HW-LAP", "UltraBook 14 Laptop", _HW, "consu", 1299.0, 980.0, _U, _TAX),
    ("HW-MON", '32" Curved Monitor', _HW, "consu", 429.0, 300.0, _U, _TAX),
    ("HW-PRN", "Color Laser Printer", _HW, "consu", 389.0, 260.0, _U, _TAX),
    ("HW-NAS", "Network Storage Server", _HW, "consu", 3450.0, 2600.0, _U, _TAX),
    ("HW-SW48", "48-Port Managed Switch", _HW, "consu", 890.0, 610.0, _U, _TAX),
    ("HW-FW", "Next-Gen Firewall", _HW, "consu", 1150.0, 780.0, _U, _TAX),
    ("HW-UPS", "Rackmount UPS 2200VA", _HW, "consu", 760.0, 520.0, _U, _TAX),
    ("HW-DOCK", "USB-C Docking Station", _HW, "consu", 189.0, 110.0, _U, _TAX),
    ("HW-KB", "Wireless Keyboard", _HW, "consu", 59.0, 30.0, _U, _TAX),
    ("HW-MOUSE", "Vertical Mouse", _HW, "consu", 45.0, 20.0, _U, _TAX),
    ("HW-CAM", "4K Conference Camera", _HW, "consu", 649.0, 420.0, _U, _TAX),
    ("FUR-CHAIR", "Ergonomic Task Chair", _FU, "consu", 349.0, 210.0, _U, _TAX),
    ("FUR-DESK", "Sit-Stand Desk", _FU, "consu", 699.0, 450.0, _U, _TAX),
    ("DOC-GUIDE", "Printed User Guide", _SV, "consu", 29.0, 10.0, _U, _TAX),
]

CRM_STAGES = [
    ("crm.stage_lead1", "Prospecting", 1, False),
    ("crm.stage_lead2", "Discovery", 2, False),
    ("crm.stage_lead3", "Proposal Sent", 3, False),
    ("crm.stage_lead4", "Negotiation", 4, False),
    ("crm.stage_lead5", "Closed Won", 70, True),
]
CRM_TAGS = [
    "Hardware",
    "Services",
    "Consulting",
    "Training",
    "Maintenance",
    "Urgent",
    "Public Sector",
    "Renewal",
]
LOST_REASONS = [
    "Too expensive",
    "Went with a competitor",
    "No budget this year",
    "Stopped responding",
    "Project cancelled",
]
REVENUES = [1800, 2500, 3600, 5200, 6800, 7500, 9900, 12500, 16000, 19500, 24000, 29000]
REVENUES += [38000, 45000, 62000, 80000, 105000, 130000]
NEEDS = [
    "fleet tracking",
    "CRM licenses",
    "warehouse expansion",
    "annual maintenance",
    "sales team training",
    "cloud migration",
    "logistics consulting",
    "CRM rollout",
    "office laptops",
    "office remodel",
    "security audit",
    "24/7 support",
    "online store",
    "point-of-sale integration",
    "server refresh",
    "structured cabling",
    "office Wi-Fi",
    "backup service",
    "remote work setup",
    "VoIP phone system",
    "invoice scanning",
    "mobile ordering app",
    "sales dashboard",
    "ergonomic chairs",
    "standing desks",
    "4K monitors",
    "printer fleet",
    "e-signature",
    "customer portal",
    "time tracking",
    "security cameras",
    "license renewal",
    "business continuity plan",
    "cybersecurity training",
    "warehouse automation",
    "document management",
    "company website",
    "data center UPS",
    "support contract extension",
    "tablets for field reps",
]
#: Contacts of leads without a customer yet (first name, last name, company name).
LEAD_CONTACTS = [
    ("Derek", "Lawson", "Lawson Remodeling"),
    ("Tanya", "Brooks", "Brooks Driving School"),
    ("Nina", "Castillo", "Petal & Stem Florists"),
    ("Victor", "Huang", "Huang Legal Partners"),
    ("Alicia", "Moreno", "Alicia's Hair Studio"),
    ("Paul", "Reddy", "Reddy Print Shop"),
    ("Carla", "Santos", "Santos Interior Design"),
    ("Greg", "Lorenzo", "Lorenzo Auto Repair"),
]
TASK_STAGES = [
    ("project.project_stage_0", "Backlog", 1, False),
    ("project.project_stage_1", "Active", 2, False),
    ("project.project_stage_2", "Client Review", 3, False),
    ("project.project_stage_3", "Delivered", 4, True),
]
PROJECT_TAGS = ["Internal", "Client", "Urgent", "Bug", "Enhancement", "Documentation"]
TASK_TAGS = ["Urgent", "Bug", "Enhancement", "Documentation"]
_CRM = [
    "Requirements workshop",
    "Configure sales pipeline",
    "Import customer records",
    "Import product catalog",
    "Set up e-invoicing",
    "Connect the taproom POS",
    "Train key users",
    "User acceptance testing",
    "Go-live",
    "Post go-live support",
    "Closing report",
    "Review user permissions",
]
_WEB = [
    "Kickoff meeting",
    "Home page design",
    "Wine catalog",
    "Payment gateway",
    "Privacy policy and cookies",
    "Spanish version",
    "SEO tuning",
    "Mobile testing",
    "Launch",
    "Marketing team training",
    "Web analytics",
    "Product photography",
]
_CLOUD = [
    "Server inventory",
    "Target architecture",
    "Migrate file server",
    "Migrate email",
    "Configure backups",
    "Restore drills",
    "VPN for job sites",
    "Write runbooks",
    "Decommission old servers",
    "Cost review",
    "Platform training",
    "Disaster recovery plan",
]
_APP = [
    "Booking prototype",
    "Availability API",
    "Checkout screen",
    "Push notifications",
    "iOS build",
    "Android build",
    "Front desk dashboard",
    "Guest beta test",
    "App store release",
    "Fix booking date bug",
    "PMS integration",
    "User guide",
]
_CITY = [
    "Device inventory",
    "Technical specification",
    "Laptop delivery",
    "Install monitors",
    "Configure printers",
    "Old equipment pickup",
    "Staff training",
    "Acceptance sign-off",
    "Asset tagging",
    "Energy use report",
    "Update antivirus",
    "Warranty review",
]
_INTERNAL = [
    "Prepare the tech expo booth",
    "Refresh the company website",
    "Quarterly sales plan",
    "Review service pricing",
    "Renew SSL certificate",
    "Internal security audit",
    "New hire onboarding",
    "Vacation calendar",
    "Customer satisfaction survey",
    "Update quote templates",
    "License inventory",
    "Holiday party",
]
_SUPPORT = [
    "Ticket: printer not printing",
    "Ticket: email not syncing",
    "Monthly backup check",
    "Patch servers",
    "Ticket: slow CRM",
    "Renew domain",
    "Password rotation",
    "Ticket: conference room Wi-Fi",
    "Preventive maintenance",
    "New user setup",
    "Monthly support report",
    "UPS inspection",
    "Ticket: VPN down",
    "Workstation cleanup",
]
#: (name, customer company index or None, manager login, member logins, task names)
PROJECTS = [
    ("CRM Rollout - Schuylkill Valley Brewing", 0, "sarah", ["sarah", "james", "priya"], _CRM),
    ("E-commerce Site - Hudson Valley Vineyards", 4, "david", ["david", "emily"], _WEB),
    (
        "Cloud Migration - Granite State Construction",
        1,
        "david",
        ["david", "james", "priya"],
        _CLOUD,
    ),
    ("Guest App - Harborview Hotel", 5, "david", ["david", "james"], _APP),
    ("Device Refresh - City of Cambridge", 10, "sarah", ["james", "priya", "megan"], _CITY),
    ("Internal Operations", None, "admin", ["admin", "sarah", "emily", "megan"], _INTERNAL),
    ("Managed Services", None, "sarah", ["priya", "james", "admin"], _SUPPORT),
]
TIMESHEET_DESCRIPTIONS = [
    "Customer meeting",
    "Analysis",
    "Development",
    "Testing",
    "Documentation",
    "Configuration",
    "Remote support",
    "Travel and installation",
    "Internal review",
]
LEAD_NOTES = [
    "Call with the customer: interested, wants a detailed quote before month end.",
    "Proposal emailed. We agreed to talk on Thursday.",
    "They are comparing us with another vendor; price is key.",
    "Site visit done. Great rapport with the owner.",
    "Waiting for their management to approve the budget.",
    "They asked for a product demo for the technical team.",
]
TASK_NOTES = [
    "Blocked until the customer sends the credentials.",
    "Reviewed with the customer, a few small tweaks left.",
    "Done locally; still to deploy to production.",
    "The customer asks to bring delivery forward by a week.",
]
