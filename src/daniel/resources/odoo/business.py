"""Static tables behind the sandbox demo data: products, CRM, projects and schedules."""

from __future__ import annotations

import random
from datetime import date, timedelta

from daniel.resources.odoo.people import COMPANIES

UOMS = [
    ("uom.product_uom_unit", "Unidades"),
    ("uom.product_uom_hour", "Horas"),
    ("uom.product_uom_day", "Días"),
    ("uom.product_uom_month", "Meses"),
]
TAXES = [
    ("account.tax_21", "21% IVA", 21.0),
    ("account.tax_10", "10% IVA", 10.0),
    ("account.tax_4", "4% IVA", 4.0),
]
PRODUCT_CATEGORIES = [
    ("demo.categ_services", "Servicios"),
    ("demo.categ_hardware", "Hardware"),
    ("demo.categ_software", "Software"),
    ("demo.categ_furniture", "Mobiliario"),
]
_U, _H, _D, _MO = (
    "uom.product_uom_unit",
    "uom.product_uom_hour",
    "uom.product_uom_day",
    "uom.product_uom_month",
)
_SV, _HW, _SW, _FU = (
    "demo.categ_services",
    "demo.categ_hardware",
    "demo.categ_software",
    "demo.categ_furniture",
)
#: (code, name, category, type, price, cost, unit, tax)
PRODUCTS = [
    ("SRV-CONS", "Hora de consultoría", _SV, "service", 75.0, 40.0, _H, "account.tax_21"),
    ("SRV-DEV", "Desarrollo a medida (hora)", _SV, "service", 65.0, 35.0, _H, "account.tax_21"),
    ("SRV-FORM", "Formación (jornada)", _SV, "service", 600.0, 250.0, _D, "account.tax_21"),
    ("SRV-INST", "Instalación in situ", _SV, "service", 150.0, 60.0, _U, "account.tax_21"),
    ("SRV-SOP", "Soporte anual", _SV, "service", 1200.0, 500.0, _U, "account.tax_21"),
    ("SRV-HOST", "Hosting gestionado (mes)", _SV, "service", 49.0, 15.0, _MO, "account.tax_21"),
    ("SW-ERP", "Licencia ERP (usuario/año)", _SW, "service", 360.0, 120.0, _U, "account.tax_21"),
    ("SW-OFF", "Suite ofimática (usuario/año)", _SW, "service", 126.0, 90.0, _U, "account.tax_21"),
    (
        "SW-AV",
        "Antivirus empresarial (equipo/año)",
        _SW,
        "service",
        35.0,
        18.0,
        _U,
        "account.tax_21",
    ),
    ("HW-PORT", "Portátil ProBook 14", _HW, "consu", 899.0, 690.0, _U, "account.tax_21"),
    ("HW-MON27", 'Monitor 27" 4K', _HW, "consu", 349.0, 240.0, _U, "account.tax_21"),
    ("HW-IMP", "Impresora láser multifunción", _HW, "consu", 249.0, 170.0, _U, "account.tax_21"),
    ("HW-SRV", "Servidor rack R250", _HW, "consu", 2890.0, 2150.0, _U, "account.tax_21"),
    ("HW-SW24", "Switch 24 puertos", _HW, "consu", 410.0, 290.0, _U, "account.tax_21"),
    ("HW-ROUT", "Router empresarial", _HW, "consu", 299.0, 190.0, _U, "account.tax_21"),
    ("HW-SAI", "SAI 1500 VA", _HW, "consu", 330.0, 230.0, _U, "account.tax_21"),
    ("HW-SSD", "Disco SSD 1 TB", _HW, "consu", 95.0, 62.0, _U, "account.tax_21"),
    ("HW-TECL", "Teclado inalámbrico", _HW, "consu", 39.9, 21.0, _U, "account.tax_21"),
    ("HW-RAT", "Ratón ergonómico", _HW, "consu", 29.9, 14.0, _U, "account.tax_21"),
    ("HW-CAM", "Cámara web HD", _HW, "consu", 79.0, 45.0, _U, "account.tax_21"),
    ("MOB-SILLA", "Silla ergonómica", _FU, "consu", 219.0, 130.0, _U, "account.tax_21"),
    ("MOB-MESA", "Mesa elevable", _FU, "consu", 489.0, 310.0, _U, "account.tax_21"),
    ("DOC-MAN", "Manual técnico impreso", _SV, "consu", 24.0, 9.0, _U, "account.tax_4"),
]

CRM_STAGES = [
    ("crm.stage_lead1", "Nuevo", 1, False),
    ("crm.stage_lead2", "Calificado", 2, False),
    ("crm.stage_lead3", "Propuesta", 3, False),
    ("crm.stage_lead4", "Negociación", 4, False),
    ("crm.stage_lead5", "Ganado", 70, True),
]
CRM_TAGS = [
    "Producto",
    "Servicios",
    "Consultoría",
    "Formación",
    "Mantenimiento",
    "Urgente",
    "Sector público",
    "Renovación",
]
LOST_REASONS = [
    "Demasiado caro",
    "Eligió a la competencia",
    "Sin presupuesto este año",
    "No responde",
    "Proyecto cancelado",
]
REVENUES = [
    1500,
    2400,
    3200,
    4800,
    6500,
    7200,
    9800,
    12000,
    15500,
    18000,
    22000,
    27500,
    35000,
    42000,
    58000,
    75000,
    96000,
    120000,
]
NEEDS = [
    "renovación flota",
    "licencias ERP",
    "ampliación almacén",
    "mantenimiento anual",
    "formación equipo de ventas",
    "migración a la nube",
    "consultoría logística",
    "implantación CRM",
    "portátiles para oficina",
    "reforma de oficinas",
    "auditoría de seguridad",
    "soporte 24x7",
    "tienda online",
    "integración TPV",
    "renovación servidores",
    "cableado estructurado",
    "wifi corporativo",
    "copias de seguridad",
    "puestos de teletrabajo",
    "centralita VoIP",
    "digitalización de facturas",
    "app móvil de pedidos",
    "cuadro de mando de ventas",
    "sillas ergonómicas",
    "mesas elevables",
    "monitores 4K",
    "impresoras multifunción",
    "firma electrónica",
    "portal de clientes",
    "control horario",
    "videovigilancia",
    "renovación de licencias",
    "plan de continuidad",
    "formación en ciberseguridad",
    "automatización de almacén",
    "gestión documental",
    "web corporativa",
    "SAI para CPD",
    "ampliación del contrato de soporte",
    "tablets para comerciales",
]
#: Contacts of leads without a customer yet (first name, last name, company name).
LEAD_CONTACTS = [
    ("Marta", "Iglesias", "Reformas Iglesias"),
    ("Óscar", "Pineda", "Autoescuela Pineda"),
    ("Lidia", "Fuentes", "Floristería Las Fuentes"),
    ("Víctor", "Crespo", "Crespo Abogados"),
    ("Alicia", "Domínguez", "Peluquería Alicia"),
    ("Pablo", "Rubio", "Imprenta Rubio"),
    ("Carla", "Santos", "Santos Arquitectura Interior"),
    ("Diego", "Lorenzo", "Talleres Lorenzo"),
]
TASK_STAGES = [
    ("project.project_stage_0", "Por hacer", 1, False),
    ("project.project_stage_1", "En curso", 2, False),
    ("project.project_stage_2", "Revisión", 3, False),
    ("project.project_stage_3", "Hecho", 4, True),
]
PROJECT_TAGS = ["Interno", "Cliente", "Urgente", "Bug", "Mejora", "Documentación"]
TASK_TAGS = ["Urgente", "Bug", "Mejora", "Documentación"]
_ERP = [
    "Análisis de requisitos",
    "Configurar plan contable",
    "Migración de datos de clientes",
    "Migración de artículos",
    "Configurar facturación electrónica",
    "Integración con el TPV",
    "Formación a usuarios clave",
    "Pruebas de aceptación",
    "Puesta en producción",
    "Soporte post-arranque",
    "Informe de cierre",
    "Revisión de permisos de usuarios",
]
_WEB = [
    "Reunión de arranque",
    "Diseño de la página de inicio",
    "Catálogo de vinos",
    "Pasarela de pago",
    "Textos legales y cookies",
    "Versión en inglés",
    "Optimización SEO",
    "Pruebas en móviles",
    "Publicación",
    "Formación al equipo de marketing",
    "Analítica web",
    "Fotografías de producto",
]
_CLOUD = [
    "Inventario de servidores",
    "Diseño de la arquitectura",
    "Migrar servidor de ficheros",
    "Migrar correo electrónico",
    "Configurar copias de seguridad",
    "Pruebas de restauración",
    "VPN para obras",
    "Documentar procedimientos",
    "Apagar servidores antiguos",
    "Revisión de costes",
    "Formación en la nueva plataforma",
    "Plan de recuperación ante desastres",
]
_APP = [
    "Prototipo de reservas",
    "API de disponibilidad",
    "Pantalla de pago",
    "Notificaciones push",
    "Versión iOS",
    "Versión Android",
    "Panel de recepción",
    "Pruebas con clientes",
    "Publicar en tiendas",
    "Corregir error de fechas en reservas",
    "Integración con PMS",
    "Manual de uso",
]
_CITY = [
    "Inventario de equipos",
    "Pliego técnico",
    "Entrega de portátiles",
    "Instalar monitores",
    "Configurar impresoras",
    "Retirada de equipos antiguos",
    "Formación al personal",
    "Acta de recepción",
    "Etiquetado de activos",
    "Informe de consumo energético",
    "Actualizar antivirus",
    "Revisión de garantías",
]
_INTERNAL = [
    "Preparar feria de tecnología",
    "Actualizar web corporativa",
    "Plan comercial del trimestre",
    "Revisar tarifas de servicios",
    "Renovar certificado SSL",
    "Auditoría interna de seguridad",
    "Onboarding de nuevos empleados",
    "Calendario de vacaciones",
    "Encuesta de satisfacción",
    "Actualizar plantillas de presupuesto",
    "Inventario de licencias",
    "Cena de empresa",
]
_SUPPORT = [
    "Incidencia: impresora no imprime",
    "Incidencia: correo no sincroniza",
    "Revisión mensual de copias",
    "Actualizar servidores",
    "Incidencia: lentitud en el ERP",
    "Renovar dominio",
    "Cambio de contraseñas",
    "Incidencia: wifi en sala de juntas",
    "Mantenimiento preventivo",
    "Alta de usuario nuevo",
    "Informe mensual de soporte",
    "Revisión de SAI",
    "Incidencia: VPN caída",
    "Limpieza de equipos",
]
#: (name, customer company index or None, manager login, member logins, task names)
PROJECTS = [
    ("Implantación ERP - Talleres Ruiz", 0, "ana", ["ana", "javier", "lucia"], _ERP),
    ("Web corporativa - Bodegas Valdemar", 4, "carlos", ["carlos", "maria"], _WEB),
    (
        "Migración a la nube - Construcciones Iberia",
        1,
        "carlos",
        ["carlos", "javier", "lucia"],
        _CLOUD,
    ),
    ("App de reservas - Hotel Mirador de Granada", 5, "carlos", ["carlos", "javier"], _APP),
    (
        "Renovación de equipos - Ayuntamiento de Alcobendas",
        10,
        "ana",
        ["javier", "lucia", "laura"],
        _CITY,
    ),
    ("Proyectos internos", None, "admin", ["admin", "ana", "maria", "laura"], _INTERNAL),
    ("Soporte y mantenimiento", None, "ana", ["lucia", "javier", "admin"], _SUPPORT),
]
TIMESHEET_DESCRIPTIONS = [
    "Reunión con el cliente",
    "Análisis",
    "Desarrollo",
    "Pruebas",
    "Documentación",
    "Configuración",
    "Soporte remoto",
    "Desplazamiento e instalación",
    "Revisión interna",
]
LEAD_NOTES = [
    "Llamada con el cliente: interesado, pide presupuesto detallado antes de fin de mes.",
    "Enviada propuesta por correo. Quedamos en hablar el jueves.",
    "El cliente compara con otro proveedor; el precio es clave.",
    "Visita comercial realizada. Muy buena sintonía con el gerente.",
    "Pendiente de aprobación del presupuesto por su dirección.",
    "Solicitan una demo del producto para el equipo técnico.",
]
TASK_NOTES = [
    "Bloqueado hasta recibir los accesos del cliente.",
    "Revisado con el cliente, faltan pequeños ajustes.",
    "Hecho en local; pendiente de subir a producción.",
    "El cliente pide adelantar la entrega una semana.",
]


def lead_plan() -> list[tuple[int | None, str, str]]:
    """(company index or None, need, type) of the 66 demo leads, names all different."""
    plan: list[tuple[int | None, str, str]] = []
    used: set[tuple[int | None, str]] = set()
    for i in range(66):
        company: int | None = None if i % 9 == 4 else (i * 5) % len(COMPANIES)
        step = 0
        need = NEEDS[(i * 11) % len(NEEDS)]
        while (company, need) in used:
            step += 1
            need = NEEDS[(i * 11 + step) % len(NEEDS)]
        used.add((company, need))
        kind = "lead" if company is None or i % 11 == 7 else "opportunity"
        plan.append((company, need, kind))
    return plan


def lead_outcome(index: int) -> str:
    if index in (30, 57):
        return "archived"
    if index % 8 == 5:
        return "won"
    if index % 13 == 9:
        return "lost"
    return "open"


def task_schedule(
    counter: int, today: date, week_start: date, rng: random.Random
) -> tuple[int, str, date | None]:
    """(stage index, state, deadline) so that some tasks are overdue, due today, this week."""
    pattern = counter % 10
    if pattern == 0:
        return 3, "1_done", today - timedelta(days=rng.randint(5, 40))
    if pattern == 1:
        return 1, "01_in_progress", today - timedelta(days=rng.randint(1, 10))
    if pattern == 2:
        return 1, "01_in_progress", today
    if pattern == 3:
        return 0, "01_in_progress", week_start + timedelta(days=rng.randint(0, 6))
    if pattern == 4:
        return 1, "01_in_progress", week_start + timedelta(days=counter % 7)
    if pattern == 5:
        return (
            2,
            rng.choice(["02_changes_requested", "03_approved"]),
            today + timedelta(days=rng.randint(1, 14)),
        )
    if pattern == 6:
        return 0, "01_in_progress", today + timedelta(days=rng.randint(8, 45))
    if pattern == 7:
        return 0, "01_in_progress", None
    if pattern == 8:
        return 1, "04_waiting_normal", today + timedelta(days=rng.randint(2, 20))
    return (
        3,
        "1_canceled" if counter % 30 == 9 else "1_done",
        today - timedelta(days=rng.randint(2, 30)),
    )


RECENT_STATES = ["draft", "sent", "draft", "sale", "sent", "draft", "sale", "draft"]


def order_state(offset: int, newest: int, rng: random.Random) -> str:
    """State of an order `offset` days old (`newest` = 0 for the most recent one)."""
    if newest < len(RECENT_STATES):
        return RECENT_STATES[newest]
    roll = rng.random()
    if offset > 60:
        return "sale" if roll < 0.8 else "cancel"
    if offset > 15:
        return "sale" if roll < 0.6 else "sent" if roll < 0.85 else "cancel"
    return "draft" if roll < 0.5 else "sent" if roll < 0.8 else "sale"
