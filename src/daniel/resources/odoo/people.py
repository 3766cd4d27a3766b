"""Static tables behind the sandbox demo data: users, groups, places and customers."""

from __future__ import annotations

import random
import unicodedata

_USER = "base.group_user"
_CONTACTS = "base.group_partner_manager"
_SALESMAN = "sales_team.group_sale_salesman"
_SALES_ALL = "sales_team.group_sale_salesman_all_leads"
_SALES_ADMIN = "sales_team.group_sale_manager"
_PROJECT = "project.group_project_user"
_PROJECT_ADMIN = "project.group_project_manager"
_TIMESHEET = "hr_timesheet.group_hr_timesheet_user"
_TIMESHEET_ALL = "hr_timesheet.group_hr_timesheet_approver"

GROUPS = [
    (_USER, "User types / Internal User"),
    (_CONTACTS, "Extra Rights / Contact Creation"),
    ("base.group_erp_manager", "Administration / Access Rights"),
    ("base.group_system", "Administration / Settings"),
    (_SALESMAN, "Sales / User: Own Documents Only"),
    (_SALES_ALL, "Sales / User: All Documents"),
    (_SALES_ADMIN, "Sales / Administrator"),
    (_PROJECT, "Project / User"),
    (_PROJECT_ADMIN, "Project / Administrator"),
    (_TIMESHEET, "Timesheets / User: own timesheets only"),
    (_TIMESHEET_ALL, "Timesheets / User: all timesheets"),
]
SUBTYPES = [("mail.mt_comment", "Discussions", False), ("mail.mt_note", "Note", True)]

_SELLER = [_USER, _CONTACTS, _SALESMAN, _SALES_ALL, _PROJECT, _TIMESHEET, _TIMESHEET_ALL]
#: (login, name, email, groups or "*", job position); uids follow this order (laura = 8).
USERS: list[tuple[str, str, str, list[str] | str, str | None]] = [
    ("__system__", "OdooBot", "odoobot@danieldemo.es", "*", None),
    ("admin", "Daniel Martín", "daniel.martin@danieldemo.es", "*", "Director general"),
    (
        "ana",
        "Ana García",
        "ana.garcia@danieldemo.es",
        [*_SELLER, _SALES_ADMIN, _PROJECT_ADMIN],
        "Directora comercial",
    ),
    ("maria", "María López", "maria.lopez@danieldemo.es", _SELLER, "Comercial"),
    (
        "carlos",
        "Carlos Navarro",
        "carlos.navarro@danieldemo.es",
        [*_SELLER, _PROJECT_ADMIN],
        "Jefe de proyectos",
    ),
    ("javier", "Javier Moreno", "javier.moreno@danieldemo.es", _SELLER, "Consultor"),
    (
        "lucia",
        "Lucía Fernández",
        "lucia.fernandez@danieldemo.es",
        [_USER, _CONTACTS, _PROJECT, _TIMESHEET, _TIMESHEET_ALL],
        "Técnica de soporte",
    ),
    (
        "laura",
        "Laura Sánchez",
        "laura.sanchez@danieldemo.es",
        [_USER, _CONTACTS, _SALESMAN, _PROJECT, _TIMESHEET],
        "Comercial",
    ),
]


def user_xmlid(login: str) -> str:
    if login == "__system__":
        return "base.user_root"
    return "base.user_admin" if login == "admin" else f"demo.user_{login}"


#: (code, name, calling code, uses the euro)
COUNTRIES = [
    ("ES", "España", 34, True),
    ("PT", "Portugal", 351, True),
    ("FR", "Francia", 33, True),
    ("DE", "Alemania", 49, True),
    ("IT", "Italia", 39, True),
    ("NL", "Países Bajos", 31, True),
    ("GB", "Reino Unido", 44, False),
    ("US", "Estados Unidos", 1, False),
    ("MX", "México", 52, False),
    ("AR", "Argentina", 54, False),
    ("CO", "Colombia", 57, False),
    ("CL", "Chile", 56, False),
]
PROVINCES = [
    ("M", "Madrid"),
    ("B", "Barcelona"),
    ("V", "Valencia"),
    ("SE", "Sevilla"),
    ("BI", "Bizkaia"),
    ("Z", "Zaragoza"),
    ("MA", "Málaga"),
    ("VA", "Valladolid"),
    ("C", "A Coruña"),
    ("MU", "Murcia"),
    ("PM", "Illes Balears"),
    ("GR", "Granada"),
    ("A", "Alacant"),
    ("PO", "Pontevedra"),
    ("SA", "Salamanca"),
    ("NA", "Navarra"),
    ("SS", "Gipuzkoa"),
    ("S", "Cantabria"),
    ("TO", "Toledo"),
    ("CO", "Córdoba"),
    ("LO", "La Rioja"),
    ("CA", "Cádiz"),
]
PHONE_PREFIX = {
    "M": "91",
    "B": "93",
    "V": "96",
    "SE": "95",
    "BI": "94",
    "Z": "976",
    "MA": "95",
    "VA": "983",
    "C": "981",
    "MU": "968",
    "PM": "971",
    "GR": "958",
    "A": "96",
    "PO": "986",
    "SA": "923",
    "NA": "948",
    "SS": "943",
    "S": "942",
    "TO": "925",
    "CO": "957",
    "LO": "941",
    "CA": "956",
}
ZIP_PREFIX = {
    "M": "28",
    "B": "08",
    "V": "46",
    "SE": "41",
    "BI": "48",
    "Z": "50",
    "MA": "29",
    "VA": "47",
    "C": "15",
    "MU": "30",
    "PM": "07",
    "GR": "18",
    "A": "03",
    "PO": "36",
    "SA": "37",
    "NA": "31",
    "SS": "20",
    "S": "39",
    "TO": "45",
    "CO": "14",
    "LO": "26",
    "CA": "11",
}
STREETS = [
    "Calle Mayor",
    "Avenida de la Constitución",
    "Calle del Carmen",
    "Paseo de la Castellana",
    "Calle Real",
    "Avenida de Andalucía",
    "Calle San Vicente",
    "Polígono Industrial Norte, nave",
    "Calle de la Industria",
    "Gran Vía",
    "Calle Colón",
    "Avenida del Puerto",
]

PARTNER_TAGS = [
    ("demo.tag_vip", "Cliente VIP"),
    ("demo.tag_sme", "Pyme"),
    ("demo.tag_public", "Sector público"),
    ("demo.tag_reseller", "Distribuidor"),
    ("demo.tag_vendor", "Proveedor"),
]
_VIP, _SME, _PUB, _RES = "demo.tag_vip", "demo.tag_sme", "demo.tag_public", "demo.tag_reseller"
#: (name, city, province code, VAT, web domain, tags)
COMPANIES = [
    ("Talleres Ruiz S.L.", "Zaragoza", "Z", "ESB50123456", "talleresruiz.es", [_SME, _VIP]),
    ("Construcciones Iberia S.A.", "Madrid", "M", "ESA28123457", "construccionesiberia.es", [_VIP]),
    ("Acme Ibérica S.L.", "Barcelona", "B", "ESB08123458", "acmeiberica.es", [_RES]),
    ("Acme Soluciones Digitales S.L.", "Valencia", "V", "ESB46123459", "acmesoluciones.es", [_SME]),
    ("Bodegas Valdemar S.A.", "Logroño", "LO", "ESA26123460", "bodegasvaldemar.es", [_VIP]),
    ("Hotel Mirador de Granada S.L.", "Granada", "GR", "ESB18123461", "hotelmirador.es", [_SME]),
    ("Clínica Dental Sonrisas S.L.", "Sevilla", "SE", "ESB41123462", "clinicasonrisas.es", [_SME]),
    (
        "Transportes Hermanos Gil S.L.",
        "Valladolid",
        "VA",
        "ESB47123463",
        "transportesgil.es",
        [_SME],
    ),
    ("Frutas del Levante S.Coop.", "Murcia", "MU", "ESF30123464", "frutasdellevante.es", [_SME]),
    ("Librería El Quijote S.L.", "Toledo", "TO", "ESB45123465", "libreriaelquijote.es", [_SME]),
    ("Ayuntamiento de Alcobendas", "Alcobendas", "M", "ESP2800600A", "alcobendas.org", [_PUB]),
    (
        "Estudio de Arquitectura Nogal S.L.P.",
        "Bilbao",
        "BI",
        "ESB48123466",
        "estudionogal.es",
        [_SME],
    ),
    ("Panadería La Espiga S.L.", "Salamanca", "SA", "ESB37123467", "panaderialaespiga.es", [_SME]),
    ("Gimnasio Energía Fit S.L.", "Málaga", "MA", "ESB29123468", "energiafit.es", [_SME]),
    (
        "Consultores Atlántico S.L.",
        "A Coruña",
        "C",
        "ESB15123469",
        "consultoresatlantico.es",
        [_RES],
    ),
    (
        "Industrias Metálicas del Norte S.A.",
        "Santander",
        "S",
        "ESA39123470",
        "metalicasnorte.es",
        [_VIP],
    ),
    (
        "Farmacia Central Palma C.B.",
        "Palma",
        "PM",
        "ESE07123471",
        "farmaciacentralpalma.es",
        [_SME],
    ),
    ("Colegio Santa Teresa", "Pamplona", "NA", "ESR3100123B", "colegiosantateresa.es", [_PUB]),
    (
        "Agencia de Viajes Horizonte S.L.",
        "Alicante",
        "A",
        "ESB03123472",
        "viajeshorizonte.es",
        [_SME],
    ),
    ("Electrodomésticos Vega S.L.", "Córdoba", "CO", "ESB14123473", "electrovega.es", [_RES]),
    ("Óptica Visión Clara S.L.", "Vigo", "PO", "ESB36123474", "visionclara.es", [_SME]),
    ("Restaurante Casa Lola S.L.", "San Sebastián", "SS", "ESB20123475", "casalola.es", [_SME]),
    ("Mudanzas Rápidas Express S.L.", "Getafe", "M", "ESB28123476", "mudanzasexpress.es", [_SME]),
    ("Laboratorios Biosalud S.A.", "Barcelona", "B", "ESA08123477", "biosalud.es", [_VIP]),
    ("Editorial Páginas Vivas S.L.", "Madrid", "M", "ESB28123478", "paginasvivas.es", [_SME]),
    ("Seguros Confianza S.A.", "Madrid", "M", "ESA28123479", "segurosconfianza.es", [_VIP]),
    ("Cooperativa Agrícola San Isidro", "Requena", "V", "ESF46123480", "coopsanisidro.es", [_SME]),
    ("Inmobiliaria Costa Azul S.L.", "Marbella", "MA", "ESB29123481", "costaazul.es", [_SME]),
    ("Distribuciones Sol y Mar S.L.", "Cádiz", "CA", "ESB11123482", "solymar.es", [_RES]),
    (
        "Centro Médico Salud Integral S.L.",
        "Valencia",
        "V",
        "ESB46123483",
        "saludintegral.es",
        [_SME],
    ),
    ("Tecnologías Verdes Renovables S.L.", "Sevilla", "SE", "ESB41123484", "tecverdes.es", [_SME]),
    ("Academia de Idiomas Babel S.L.", "Granada", "GR", "ESB18123485", "academiababel.es", [_SME]),
]
#: (company index, first name, last names, job position)
CONTACTS = [
    (0, "María", "Torres Blanco", "Jefa de compras"),
    (0, "Andrés", "Ruiz Lozano", "Gerente"),
    (0, "Pilar", "Ortega Sanz", "Responsable de taller"),
    (1, "Fernando", "Castro Vidal", "Director de obra"),
    (1, "Beatriz", "Molina Reyes", "Administración"),
    (2, "Jordi", "Puig Serra", "Director comercial"),
    (2, "Montse", "Vila Roca", "Compras"),
    (3, "María", "Gómez Herrero", "Directora financiera"),
    (3, "Iván", "Pascual Ferrer", "CTO"),
    (4, "Rodrigo", "Sáenz Miguel", "Enólogo jefe"),
    (4, "Cristina", "Íñiguez Solano", "Administración"),
    (5, "Alberto", "Maldonado Ruiz", "Director del hotel"),
    (5, "Nuria", "Expósito Vargas", "Recepción"),
    (6, "Patricia", "Romero Díaz", "Odontóloga y gerente"),
    (7, "Tomás", "Gil Hernández", "Jefe de tráfico"),
    (7, "Silvia", "Gil Martín", "Administración"),
    (8, "José Antonio", "Martínez Cano", "Presidente"),
    (9, "Rafael", "Aguado Pérez", "Librero"),
    (10, "Isabel", "Prieto Mora", "Jefa de informática"),
    (10, "Gonzalo", "Benítez Luna", "Técnico municipal"),
    (11, "Ainhoa", "Etxeberria Goñi", "Arquitecta"),
    (12, "Manuel", "Sastre Ramos", "Propietario"),
    (13, "Sergio", "Cabrera Núñez", "Director"),
    (14, "Carmen", "Varela Souto", "Socia directora"),
    (14, "Xoán", "Rivas Pazos", "Consultor sénior"),
    (15, "Luis", "Pereda Gutiérrez", "Director de planta"),
    (15, "Marta", "Cobo Hierro", "Compras"),
    (16, "Margalida", "Ferrer Coll", "Farmacéutica titular"),
    (17, "Sor Teresa", "Larrea Arraiza", "Directora"),
    (18, "Daniela", "Soler Amat", "Gerente"),
    (19, "Antonio", "Vega Priego", "Director comercial"),
    (20, "Lorena", "Otero Castro", "Óptica optometrista"),
    (21, "Íñigo", "Arrieta Zubia", "Chef y propietario"),
    (22, "Rubén", "Serrano Pardo", "Operaciones"),
    (23, "Elisa", "Bosch Pons", "Directora de I+D"),
    (23, "Marc", "Camps Riera", "IT manager"),
    (24, "Teresa", "Alonso Rey", "Editora jefe"),
    (25, "Guillermo", "Ibáñez Cortés", "Director de sistemas"),
    (25, "Raquel", "Mendoza Flores", "Responsable de compras"),
    (26, "Vicente", "Llorens Martí", "Gerente"),
    (27, "Francisco", "Jurado Espinosa", "Director"),
    (28, "Rocío", "Benjumea Ortiz", "Logística"),
    (29, "Adrián", "Climent Sales", "Administrador"),
    (30, "Irene", "Marín Ponce", "Ingeniera de proyectos"),
    (31, "Hugo", "Calvo Medina", "Director académico"),
]
INDIVIDUALS = [
    ("Jorge", "Navas Gil", "Madrid"),
    ("Elena", "Castillo Ruiz", "Sevilla"),
    ("Raúl", "Medina Prieto", "Valencia"),
    ("Sofía", "Herrera León", "Bilbao"),
]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == ".")


def phone(prefix: str, rng: random.Random) -> str:
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(prefix)))
    return f"+34 {digits[:3]} {digits[3:6]} {digits[6:]}"


def short_name(company: str) -> str:
    for suffix in (" S.L.P.", " S.Coop.", " S.L.", " S.A.", " C.B."):
        if company.endswith(suffix):
            return company[: -len(suffix)]
    return company
