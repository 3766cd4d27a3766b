"""The Spanish demo company: "Daniel Demo S.L.", IT services and equipment in Madrid
(EUR, es_ES, Europe/Madrid).

Users (password = login, except admin whose password and API key come from the settings):
admin (Daniel Martín, general manager and sales manager: leads the "Grandes cuentas" team
and owns part of the pipeline), ana (sales and project manager), maria, carlos (project
manager), javier, lucia (support, no sales) and laura (Laura Sánchez, restricted to her own
and unassigned leads and orders, cannot create projects; API key `RESTRICTED_API_KEY`).
Deliberate ambiguities for "which one?" questions: two contacts called María (plus the user
María López), two companies called "Acme...", leads named "<customer>: <need>" beside an
opportunity whose own name has a colon ("Renovación: licencias 2025"), task names sharing
words ("Revisar tarifas de servicios" / "Revisar tarifas de hardware", "Renovar dominio" /
"Renovar dominio danieldemo.es").
"""

from __future__ import annotations

import random
import sys

from daniel.resources.odoo.datasets import es_catalog as cat
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

RESTRICTED_API_KEY = "sandbox-laura-api-key-0000"

USERS = [
    User("__system__", "OdooBot", "odoobot@danieldemo.es", None, None),
    User("admin", "Daniel Martín", "daniel.martin@danieldemo.es", None, "Director general"),
    User(
        "ana",
        "Ana García",
        "ana.garcia@danieldemo.es",
        [*SELLER, SALES_ADMIN, PROJECT_ADMIN],
        "Directora comercial",
    ),
    User("maria", "María López", "maria.lopez@danieldemo.es", SELLER, "Comercial"),
    User(
        "carlos",
        "Carlos Navarro",
        "carlos.navarro@danieldemo.es",
        [*SELLER, PROJECT_ADMIN],
        "Jefe de proyectos",
    ),
    User("javier", "Javier Moreno", "javier.moreno@danieldemo.es", SELLER, "Consultor"),
    User(
        "lucia", "Lucía Fernández", "lucia.fernandez@danieldemo.es", SUPPORT, "Técnica de soporte"
    ),
    User("laura", "Laura Sánchez", "laura.sanchez@danieldemo.es", RESTRICTED_SELLER, "Comercial"),
]

COUNTRIES = [
    Country("ES", "España", 34, "EUR"),
    Country("PT", "Portugal", 351, "EUR"),
    Country("FR", "Francia", 33, "EUR"),
    Country("DE", "Alemania", 49, "EUR"),
    Country("IT", "Italia", 39, "EUR"),
    Country("NL", "Países Bajos", 31, "EUR"),
    Country("GB", "Reino Unido", 44, None),
    Country("US", "Estados Unidos", 1, "USD"),
    Country("MX", "México", 52, None),
    Country("AR", "Argentina", 54, None),
    Country("CO", "Colombia", 57, None),
    Country("CL", "Chile", 56, None),
]
#: Provinces: code, name, landline prefix, postcode prefix.
STATES = [
    State("M", "Madrid", "91", "28"),
    State("B", "Barcelona", "93", "08"),
    State("V", "Valencia", "96", "46"),
    State("SE", "Sevilla", "95", "41"),
    State("BI", "Bizkaia", "94", "48"),
    State("Z", "Zaragoza", "976", "50"),
    State("MA", "Málaga", "95", "29"),
    State("VA", "Valladolid", "983", "47"),
    State("C", "A Coruña", "981", "15"),
    State("MU", "Murcia", "968", "30"),
    State("PM", "Illes Balears", "971", "07"),
    State("GR", "Granada", "958", "18"),
    State("A", "Alacant", "96", "03"),
    State("PO", "Pontevedra", "986", "36"),
    State("SA", "Salamanca", "923", "37"),
    State("NA", "Navarra", "948", "31"),
    State("SS", "Gipuzkoa", "943", "20"),
    State("S", "Cantabria", "942", "39"),
    State("TO", "Toledo", "925", "45"),
    State("CO", "Córdoba", "957", "14"),
    State("LO", "La Rioja", "941", "26"),
    State("CA", "Cádiz", "956", "11"),
]
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


def phone(prefix: str, rng: random.Random) -> str:
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(prefix)))
    return f"+34 {digits[:3]} {digits[3:6]} {digits[6:]}"


#: The administrator's own pipeline (customer indexes into COMPANIES; stages of CRM_STAGES).
DEALS = [
    Deal(25, "Renovación: licencias 2025", 3, "open", 48000, "2", day_of_month=28, tags=(7,)),
    Deal(15, "Digitalización de planta", 2, "open", 86000, "1", day_of_month=15, tags=(1, 2)),
    Deal(23, "Plataforma de datos de laboratorio", 1, "open", 35000, day_of_month=20),
    Deal(1, "Portátiles para obra", 2, "open", 18500, "0", day_of_month=8, tags=(0,)),
    Deal(2, "Ampliación de licencias ERP", 3, "open", 22000, "2", in_days=25, tags=(7,)),
    Deal(10, "Puestos de la biblioteca municipal", 0, "open", 12000, "0", in_days=40, tags=(6,)),
    Deal(4, "Tienda online de vinos", 4, "won", 27500, in_days=-2, tags=(1,)),
    Deal(5, "Wifi para el hotel", 4, "won", 9800, "0", in_days=-15),
    Deal(7, "Gestión de flota con GPS", 2, "lost", 31000, in_days=-12),
]
#: The administrator's own tasks (project indexes into es_catalog.PROJECTS).
OWN_TASKS = [
    OwnTask(5, "Revisar tarifas de hardware", "overdue", "1"),
    OwnTask(6, "Renovar dominio danieldemo.es", "overdue"),
    OwnTask(5, "Preparar presupuesto anual", "today", "1"),
    OwnTask(5, "Cena de empresa: reservar restaurante", "week"),
    OwnTask(0, "Revisión del proyecto con Talleres Ruiz", "week", "1"),
    OwnTask(5, "Entrevistas para el puesto de comercial", "later"),
    OwnTask(5, "Informe de ventas del mes", "done"),
    OwnTask(5, "Llamar a Seguros Confianza", "none"),
]

DATASET = Dataset(
    name="es",
    company=Company(
        name="Daniel Demo S.L.",
        email="info@danieldemo.es",
        phone="+34 910 000 000",
        website="https://www.danieldemo.es",
        street="Calle de Alcalá 123",
        zip="28009",
        city="Madrid",
        state="M",
        country="ES",
        vat="ESB12345674",
        lang="es_ES",
        tz="Europe/Madrid",
        currency="EUR",
    ),
    currencies=[
        Currency("EUR", "Euro", "€", "after"),
        Currency("USD", "US Dollar", "$", "before"),
    ],
    sellers=["ana", "maria", "carlos", "javier", "laura"],
    restricted_login="laura",
    restricted_api_key=RESTRICTED_API_KEY,
    phone=phone,
    mobile_prefix="6",
    individual_domain="correo.es",
    company_suffixes=(" S.L.P.", " S.Coop.", " S.L.", " S.A.", " C.B."),
    root_category="Todos",
    teams=("Ventas", "Grandes cuentas"),
    lead_name="{company}: {need}",
    lead_email_tld="es",
    order_ref="PED",
    **tables(sys.modules[__name__], cat),
)
