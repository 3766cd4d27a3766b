"""The grammar of questions about an ERP, in Spanish and English: which words name what
kind of record, what measure, which status, which field, which grouping.

These are words of the languages, not names of the ERP: stage, people, customer and
project names always come from the live ERP through `names.NameIndex`. All words are in
folded form (`language.text.fold`: lower case, no accents).

`PHRASES` are multi-word cues matched first (longest first); `WORDS` single words. A
word that is neither here, nor in `FILLER`, nor part of a name, is "unexplained": the
engine never turns it into a filter silently.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA, Prefix

from daniel.language.text import words


def _many(tag: str, words: str) -> dict[str, str]:
    return {word: tag for word in words.split()}


def _phrases(tag: str, *phrases: str) -> dict[str, str]:
    return {phrase: tag for phrase in phrases}


# --------------------------------------------------------------------------- subjects
SUBJECT_WORDS: dict[str, str] = {
    **_many(
        "opportunity",
        "oportunidad oportunidades oportunidade oportunidads opportunity opportunities opp opps "
        "oppty deal deals negocio negocios trato tratos pipeline pipe embudo",
    ),
    **_many("lead", "lead leads prospecto prospectos iniciativa iniciativas"),
    **_many("task", "tarea tareas task tasks to-dos"),
    **_many("project", "proyecto proyectos project projects"),
    **_many(
        "order",
        "pedido pedidos order orders venta ventas sale sales vendido vendidos vendimos "
        "vendemos vender vende facturado facturamos sold sell sells selling facturacion "
        "invoiced billed",
    ),
    **_many(
        "quotation",
        "presupuesto presupuestos cotizacion cotizaciones oferta ofertas quotation quotations "
        "quote quotes estimate estimates",
    ),
    **_many(
        "customer",
        "cliente clientes customer customers client clients empresa empresas company "
        "companies cuenta cuentas account accounts",
    ),
    **_many("contact", "contacto contactos contact contacts"),
    **_many(
        "person",
        "comercial comerciales vendedor vendedores vendedora vendedoras salesperson salespeople "
        "salesman salesmen rep reps usuario usuarios user users equipo team empleado empleados "
        "employee employees gente people persona personas colleague colleagues companero "
        "companeros miembro miembros member members",
    ),
    **_many("product", "producto productos product products articulo articulos item items"),
    **_many("stage", "etapa etapas fase fases stage stages columna columnas"),
}

# --------------------------------------------------------------------------- measures
MEASURE_WORDS: dict[str, str] = {
    **_many("count", "cuantos cuantas cuanta numero number count many cantidad"),
    **_many(
        "sum",
        "total totales suma sumado importe importes valor value worth monto cuanto much "
        "amount acumulado",
    ),
    **_many("avg", "media promedio average mean medio"),
    **_many(
        "max",
        "mayor mayores grande grandes biggest largest highest mas top mejor mejores principal "
        "principales maximo maxima best most greatest",
    ),
    **_many(
        "min",
        "menor menores pequeno pequena pequenos pequenas smallest lowest least minimo "
        "minima peor worst menos fewest",
    ),
    **_many("list", "lista listado list show muestrame ensename dime cuales which what"),
    **_many(
        "detail",
        "hablame cuentame detalles detalle details informacion info ficha resumen abre "
        "abrela abrelo abreme open",
    ),
}
MEASURE_PHRASES: dict[str, str] = {
    **_phrases("count", "how many", "cuantos hay", "cuantas hay", "el numero de", "number of"),
    # "¿cuál cierra antes?", "which one closes first?": the nearest expected closing date
    **_phrases(
        "soonest",
        "cierra antes",
        "cierran antes",
        "cierra primero",
        "se cierra antes",
        "proxima en cerrar",
        "proximo en cerrar",
        "closes first",
        "closes soonest",
        "closing soonest",
        "close soonest",
        "closes next",
        "next to close",
    ),
    **_phrases(
        "sum",
        "how much",
        "en total",
        "in total",
        "total value",
        "valor total",
        "por valor de",
        "cuanto dinero",
        "cuanto suman",
        "cuanto vale",
        "cuanto valen",
        "what is it worth",
        "what are they worth",
        "sum of",
        "la suma",
    ),
    **_phrases("avg", "on average", "de media", "en promedio", "average size", "ticket medio"),
    # deals won of those closed (won or lost): "¿cuál es nuestra tasa de éxito este año?"
    **_phrases(
        "win_rate",
        "tasa de conversion",
        "tasa de exito",
        "tasa de cierre",
        "ratio de conversion",
        "ratio de exito",
        "porcentaje de exito",
        "porcentaje de conversion",
        "win rate",
        "win ratio",
        "conversion rate",
        "close rate",
        "closing rate",
        "success rate",
        "hit rate",
    ),
    **_phrases(
        "max",
        "el mas grande",
        "la mas grande",
        "los mas grandes",
        "las mas grandes",
        "la mayor",
        "el mayor",
        "the biggest",
        "the largest",
        "the most",
        "more than anyone",
        "mas que nadie",
    ),
    **_phrases(
        "detail",
        "tell me about",
        "what about the",
        "talk to me about",
        "info on",
        "info about",
        "details of",
        "details on",
        "que sabes de",
        "what do you know about",
        "que hay de",
    ),
    **_phrases("min", "the smallest", "the least", "el mas pequeno", "la mas pequena"),
}

# --------------------------------------------------------------------------- statuses
STATUS_WORDS: dict[str, str] = {
    **_many(
        "open",
        "abierta abiertas abierto abiertos open activa activas activo activos "
        "active pendiente vivas vivos curso ongoing current live",
    ),
    **_many(
        "won",
        "ganada ganadas ganado ganados won win wins cerradas closed-won conseguidas cerramos "
        "cerraron gano gane ganamos ganaron",
    ),
    **_many("lost", "perdida perdidas perdido perdidos perdimos perdieron perdio lost lose losing"),
    **_many(
        "overdue",
        "vencida vencidas vencido vencidos atrasada atrasadas atrasado atrasados retrasada "
        "retrasadas overdue late delayed behind caducadas caducada caducados caducado expired",
    ),
    **_many(
        "done", "hecha hechas terminada terminadas completada completadas done finished completed"
    ),
    **_many("confirmed", "confirmado confirmados confirmada confirmadas confirmed"),
    **_many("draft", "borrador borradores draft drafts"),
    **_many("sent", "enviado enviados enviada enviadas sent"),
    **_many("cancelled", "cancelado cancelados cancelada canceladas cancelled canceled"),
    **_many(
        "high_priority",
        "urgente urgentes prioritaria prioritarias urgent priority "
        "prioritized starred importantes important",
    ),
    **_many("unassigned", "unassigned"),
    **_many("weighted", "ponderado ponderada ponderados ponderadas weighted prorated"),
}
STATUS_PHRASES: dict[str, str] = {
    **_phrases(
        "open",
        "en curso",
        "in progress",
        "not closed",
        "sin cerrar",
        "still open",
        "to do",
        "por hacer",
        "queda pendiente",
        "quedan pendientes",
        "left to do",
        "still to do",
        "queda por hacer",
        "quedan por hacer",
    ),
    **_phrases(
        "overdue",
        "fuera de plazo",
        "past due",
        "past their deadline",
        "van tarde",
        "se han pasado de fecha",
        "con retraso",
        "running late",
        "fecha de cierre pasada",
        "fecha de cierre ya pasada",
        "fecha de cierre vencida",
        "past their close date",
        "past their expected close date",
        "past the expected close date",
        "past the close date",
        "past their closing date",
        "past close date",
    ),
    **_phrases(
        "high_priority", "alta prioridad", "prioridad alta", "high priority", "top priority"
    ),
    **_phrases(
        "top_priority",
        "prioridad muy alta",
        "muy alta prioridad",
        "very high priority",
        "maxima prioridad",
        "highest priority",
        "prioridad maxima",
    ),
    **_phrases(
        "unassigned",
        "sin asignar",
        "without an owner",
        "no owner",
        "sin comercial",
        "not assigned",
        "nobody assigned",
        "no salesperson",
        "without a salesperson",
        "without salesperson",
        "sin vendedor",
        "sin responsable",
        "no one assigned",
        "sin nadie asignado",
        "no tienen responsable",
        "no tiene responsable",
        "no tienen asignado",
        "no tiene asignado",
        "no tienen nadie asignado",
        "no tiene nadie asignado",
        "no estan asignadas",
        "no esta asignada",
        "no tienen comercial",
        "no tiene comercial",
        "no assignee",
        "without an assignee",
        "nobody is assigned",
        "no one is assigned",
        "nobody owns",
        "are unassigned",
    ),
    # "tareas sin fecha límite", "deals with no close date": the deadline is not set
    **_phrases(
        "undated",
        "sin fecha limite",
        "sin fecha de entrega",
        "sin fecha de vencimiento",
        "sin fecha de cierre",
        "sin plazo",
        "sin vencimiento",
        "no deadline",
        "without a deadline",
        "without deadline",
        "without deadlines",
        "no due date",
        "without a due date",
        "no close date",
        "no closing date",
        "without a close date",
        "no expected close date",
        "no tiene fecha limite",
        "no tienen fecha limite",
        "no tienen fecha",
        "no tiene fecha",
        "no tienen fecha de cierre",
        "no tiene fecha de cierre",
        "no tienen fecha de vencimiento",
        "no tiene fecha de vencimiento",
        "no tienen fecha de entrega",
        "no tiene fecha de entrega",
        "don't have a deadline",
        "don't have a closing date",
        "don't have a close date",
        "doesn't have a closing date",
        "doesn't have a deadline",
        "do not have a deadline",
        "have no deadline",
        "has no deadline",
    ),
    **_phrases("won", "cerradas ganadas", "closed won"),
    **_phrases("all", "incluidas las cerradas", "including closed", "all of them", "todas ellas"),
    **_phrases(
        "quotation",
        "sin confirmar",
        "not confirmed",
        "unconfirmed",
        "haven't been confirmed",
        "have not been confirmed",
        "no confirmados",
        "no confirmadas",
        "pending confirmation",
        "waiting to be confirmed",
        "awaiting confirmation",
        "waiting for confirmation",
        "esperando confirmacion",
        "pendientes de confirmacion",
        "not yet confirmed",
        "not confirmed yet",
        "aun sin confirmar",
        "todavia sin confirmar",
        "pendientes de confirmar",
    ),
}

# --------------------------------------------------------------------------- fields
FIELD_WORDS: dict[str, str] = {
    **_many("email", "email emails correo correos mail e-mail"),
    **_many("phone", "telefono telefonos phone numero_de_telefono movil mobile tel cell celular"),
    **_many("function", "cargo puesto position"),
    # what a product costs the company ("precio de coste"), not what it is sold for
    **_many("cost", "coste costo costes"),
    **_many("city", "ciudad city poblacion town localidad"),
    **_many("address", "direccion address"),
    **_many(
        "owner",
        "responsable owner owns lleva llevan gestiona handles manages manager "
        "encargado encargada charge asignado asignada lleve jefe jefa",
    ),
    **_many(
        "probability",
        "probabilidad probability chance chances posibilidades likelihood likely probable",
    ),
    **_many(
        "deadline",
        "deadline vence vencimiento plazo entrega due cierre close closing cuando when",
    ),
    **_many("assignees", "asignados asignadas"),
    **_many("stage_field", "status estado situacion"),
    **_many("revenue", "ingreso"),
    **_many("country", "pais country"),
    **_many("website", "web website"),
    # a product's sales price ("¿cuánto cuesta?", "what does it cost?")
    **_many("price", "precio precios cuesta cuestan pvp price prices cost costs"),
}
FIELD_PHRASES: dict[str, str] = {
    **_phrases("email", "correo electronico", "email address", "direccion de correo"),
    **_phrases(
        "phone",
        "phone number",
        "numero de telefono",
        "telephone number",
        "cell number",
        "cell phone",
    ),
    # "¿por qué perdimos X?": the reason noted when it was marked lost
    **_phrases(
        "lost_reason",
        "por que perdimos",
        "por que hemos perdido",
        "por que se perdio",
        "por que la perdimos",
        "por que lo perdimos",
        "por que se ha perdido",
        "motivo de perdida",
        "motivo de la perdida",
        "razon de la perdida",
        "why did we lose",
        "why we lost",
        "why have we lost",
        "lost reason",
        "reason we lost",
        "reason for losing",
    ),
    **_phrases(
        "cost",
        "cost price",
        "precio de coste",
        "precio de costo",
        "unit cost",
        "purchase price",
        "precio de compra",
        "cost us",
        "nos cuesta",
        "nos cuestan",
    ),
    **_phrases("function", "job title", "que cargo", "que puesto", "what position", "what role"),
    **_phrases(
        "price",
        "a cuanto vendemos",
        "a cuanto se vende",
        "a cuanto vende",
        "do we charge",
    ),
    **_phrases(
        "owner",
        "who owns",
        "quien lleva",
        "quien gestiona",
        "who is in charge",
        "who's in charge",
        "in charge of",
        "a cargo de",
        "quien es el responsable",
        "quien es la responsable",
        "who manages",
        "who handles",
        "who is handling",
        "who's handling",
        "de quien es",
        "whose is it",
        "whose is that",
        "whose is this",
        "who owns it",
        "who owns that",
        "who does it belong to",
        "who is responsible",
        "who's responsible",
        "who runs",
        "quien se encarga",
        "que comercial",
        "which salesperson",
    ),
    **_phrases(
        "assignees",
        "who is working on",
        "who's working on",
        "quien trabaja en",
        "quien esta en",
        "assigned to",
        "asignada a",
        "asignado a",
        "quien tiene",
    ),
    **_phrases(
        "deadline",
        "fecha limite",
        "fecha de cierre",
        "fecha de entrega",
        "due date",
        "when is it due",
        "cuando vence",
        "cuando se cierra",
        "when does it close",
        "expected closing",
        "cierre previsto",
    ),
    **_phrases(
        "stage_field",
        "en que etapa",
        "what stage",
        "which stage is",
        "en que fase",
        "como va",
        "how is",
        "how's",
        "what's the status",
        "status of",
    ),
    **_phrases(
        "revenue",
        "importe esperado",
        "valor esperado",
        "expected revenue",
        "ingreso esperado",
        "cuanto vale",
        "how much is",
        "what is it worth",
        "valor de",
    ),
}

# --------------------------------------------------------------------------- grouping
GROUP_CUES = words("por by per each cada segun")
#: "¿Cuál fue el mes con más ventas?", "the month with the most deals won": the months
#: ranked. Read before dates, where "el mes" would be this month.
MONTH_RANKED = (
    "el mes con",
    "el mes en que",
    "el mes en el que",
    "the month with",
    "the month in which",
    "the month when",
)
GROUP_PHRASES: dict[str, str] = {
    **_phrases(
        "stage",
        "por etapa",
        "por etapas",
        "by stage",
        "per stage",
        "each stage",
        "cada etapa",
        "por fase",
        "by status",
    ),
    **_phrases(
        "owner",
        "por comercial",
        "por vendedor",
        "by salesperson",
        "per salesperson",
        "by rep",
        "each salesperson",
        "cada comercial",
        "por persona",
        "by person",
        "por responsable",
        "by owner",
        "per person",
        "each person",
        "cada persona",
        "cada vendedor",
        "cada responsable",
        "each rep",
        "per rep",
        "each owner",
        "per owner",
        "por usuario",
        "by user",
        "cada usuario",
        "each user",
        "por empleado",
        "by employee",
        "cada empleado",
        "each employee",
    ),
    **_phrases(
        "customer",
        "por cliente",
        "by customer",
        "per customer",
        "each customer",
        "cada cliente",
        "by client",
    ),
    **_phrases(
        "project", "por proyecto", "by project", "per project", "each project", "cada proyecto"
    ),
    **_phrases(
        "month",
        "por mes",
        "by month",
        "per month",
        "each month",
        "cada mes",
        "mes a mes",
        "month by month",
        "monthly",
        "mensual",
        # "¿en qué mes hemos vendido más?", "our best month": the months ranked
        "que mes",
        "which month",
        "what month",
        "mejor mes",
        "best month",
        *MONTH_RANKED,
    ),
}

SHIFT_PHRASES: dict[str, str] = {
    **_phrases(
        "1",
        "el que viene",
        "la que viene",
        "the next one",
        "next one",
        "el siguiente",
        "la siguiente",
        "el proximo",
        "la proxima",
        "and next",
        "y el proximo",
    ),
    **_phrases(
        "-1",
        "el anterior",
        "la anterior",
        "the previous one",
        "the one before",
        "el de antes",
        "la de antes",
        "el pasado",
        "la pasada",
        "al anterior",
        "a la anterior",
    ),
}

#: Two periods compared: "compara este trimestre con el anterior", "this year vs last".
COMPARE_WORDS = words(
    "compara comparar comparame comparado comparada comparados comparadas comparacion "
    "comparativa compare compared comparing comparison vs versus frente against"
)
#: "más … que", "more … than": a comparison when said between two periods; "respecto"
#: only there ("este mes respecto al anterior"; "respecto a Acme, …" is "about Acme").
THAN_WORDS = words("que than")
VERSUS_BETWEEN = words("respecto")
COMPARING = COMPARE_WORDS | VERSUS_BETWEEN  # the words tagged as the comparison itself
MORE_LESS_WORDS = words("mas menos more less better worse mejor peor fewer")

# --------------------------------------------------------------------------- people
ME_WORDS = words("mi mis mio mia mios mias tengo yo conmigo llevo my mine myself gestiono")
ME_PHRASES = frozenset(
    {"de mi", "a mi", "assigned to me", "asignadas a mi", "asignados a mi", "i have",
     "do i have", "have i got", "i own", "i'm working on", "i am working on", "for me",
     "para mi", "i've got", "have i", "am i", "i manage", "i handle", "i'm handling",
     "me toca", "me tocan", "me quedan", "me queda", "he vendido", "he ganado", "he cerrado",
     "he confirmado", "he perdido", "he creado"}
)  # fmt: skip
EVERYONE_PHRASES = frozenset(
    {
        "todo el equipo",
        "the whole team",
        "everyone",
        "everybody",
        "todos",
        "the team",
        "de todos",
        "del equipo",
        "whole company",
        "toda la empresa",
        "company-wide",
    }
)

# --------------------------------------------------------------------------- references
ORDINALS: dict[str, int] = {
    **{w: 1 for w in ["primero", "primera", "primer", "first", "1st", "1o", "1a"]},
    **{w: 2 for w in ["segundo", "segunda", "second", "2nd", "2o", "2a"]},
    **{w: 3 for w in ["tercero", "tercera", "tercer", "third", "3rd", "3o", "3a"]},
    **{w: 4 for w in ["cuarto", "cuarta", "fourth", "4th"]},
    **{w: 5 for w in ["quinto", "quinta", "fifth", "5th"]},
    **{w: -1 for w in ["ultimo", "ultima", "last"]},
}
REFERENCE_WORDS = words(
    "ese esa eso esos esas este esta esto estos estas ello ellas ellos it its that those "
    "these them they one ones su sus their his her cual cuales"
)
FOLLOWUP_PHRASES = frozenset(
    {
        "y",
        "and",
        "what about",
        "how about",
        "y de",
        "y los de",
        "y las de",
        "and for",
        "and of",
        "and the",
        "y el",
        "y la",
        "y los",
        "y las",
        "de esas",
        "de esos",
        "of those",
        "of them",
        "de ellas",
        "de ellos",
        "among them",
        "entre ellas",
        "entre ellos",
        "and what about",
    }
)

# --------------------------------------------------------------------------- role cues
#: A name after these words is a customer ("de Acme" is ambiguous; "cliente Acme" is not).
CUSTOMER_CUES = words(
    "cliente clientes customer customers client empresa company account con with para for to"
)
PROJECT_CUES = words("proyecto project")
STAGE_CUES = words("etapa fase stage column columna")
PERSON_CUES = words(
    "comercial vendedor vendedora salesperson rep user usuario asignada asignado "
    "asignadas asignados assigned"
)
OF_WORDS = words("de del of for para from")
#: Words before a city: "clientes de Madrid", "deals in Boston", "la ciudad de Sevilla".
CITY_CUES = words("de del en in from ciudad city based")

# --------------------------------------------------------------------------- amounts
MORE_THAN = frozenset(
    {
        "mas de",
        "more than",
        "over",
        "above",
        "greater than",
        "superior a",
        "mayor de",
        "mayores de",
        "por encima de",
        "at least",
        "al menos",
        "minimo de",
        "bigger than",
        "larger than",
        "exceeding",
        "superan",
        "supera",
        "over a",
    }
)
LESS_THAN = frozenset(
    {
        "menos de",
        "less than",
        "under",
        "below",
        "inferior a",
        "menor de",
        "menores de",
        "por debajo de",
        "at most",
        "como mucho",
        "smaller than",
        "up to",
    }
)

#: Comparisons said of a percentage that are not said of money ("mayor al 60 %").
MORE_THAN_PERCENT = frozenset(
    {"mayor a", "mayor que", "superior a", "mas que", "higher than", "better than", "de mas de"}
)
LESS_THAN_PERCENT = frozenset({"menor a", "menor que", "inferior a", "lower than"})
#: Words said with a percentage that make it a deal's probability.
PROBABILITY_WORDS = words(
    "probabilidad probabilidades probability chance chances posibilidades likelihood likely "
    "probable probables"
)

# --------------------------------------------------------------------------- not the ERP
OUT_OF_SCOPE = words(
    "tiempo weather clima lluvia rain chiste joke jokes cancion song futbol football "
    "soccer partido match receta recipe pelicula movie movies film noticias news bitcoin "
    "capital poema poem traduce traduceme translate horoscopo horoscope musica music "
    "payroll nomina nominas salario salarios salary salaries earn cobra sueldo sueldos "
    "vacaciones holidays escribeme cup copa mundial world liga league champions presidente "
    "president vendor vendors proveedor proveedores"
)
#: What Odoo keeps that Daniel does not read: invoices and payments (Accounting) and
#: activities (calls, meetings, reminders). Said, they get an answer saying so and what can
#: be asked instead, never a pipeline or a list of projects labelled with the word left out.
#: Not grammar words: a name holding one ("Bodegas Valdemar: digitalización de facturas")
#: is still found, and then the word is the name's, not a question about invoices.
NOT_READ_WORDS: dict[str, str] = {
    **_many(
        "accounting",
        "factura facturas invoice invoices impagada impagadas impagado impagados unpaid "
        "cobro cobros cobrar cobrado cobrados cobradas paid pago pagos payment payments "
        "deuda deudas debt debts receivable receivables moroso morosos bills billing",
    ),
    **_many("activity", "actividad actividades activity activities"),
    # timesheets: hours logged on projects and tasks
    **_many("timesheet", "horas hours timesheet timesheets imputadas imputado imputados logged"),
    # deliveries and stock (Inventory); not "entregar" ("¿qué hay que entregar el
    # viernes?" is tasks due) nor "delivered" (a common name of a task stage)
    **_many(
        "inventory",
        "delivery deliveries shipped shipping shipment shipments stock existencias "
        "inventario inventory almacen warehouse",
    ),
}
NOT_READ_PHRASES: dict[str, str] = _phrases(
    "accounting",
    "me debe",
    "me deben",
    "nos debe",
    "nos deben",
    "debe dinero",
    "deben dinero",
    "owes us",
    "owe us",
    "owes me",
    "owe me",
    "owes money",
    "owe money",
    "owe us money",
) | _phrases(
    "inventory",
    "pendientes de entregar",
    "pendiente de entregar",
    "pendientes de entrega",
    "pendiente de entrega",
    "sin entregar",
    "waiting to be delivered",
    "yet to be delivered",
    "not yet delivered",
    "not delivered",
)
#: Words of a job title that say nothing of the job ("Jefa de compras", "Head of Sales").
TITLE_FILLER = words("de del la el y of the and a")
#: Words of a job that say someone leads, not what: needed only when nothing else is said
#: ("el jefe de marketing" is whoever's title has "marketing").
JOB_LEAD_WORDS = words(
    "head chief lead manager director directora jefe jefa responsable encargado encargada"
)
#: Hedges that ask for no measure: "¿cuánto vendimos, más o menos?" is not the smallest.
FILLER_PHRASES = frozenset({"mas o menos", "more or less", "o asi", "or so", "por ahi"})
#: Out of scope even beside a name: "¿cuánto cobra María de nómina?" is no pipeline.
PRIVATE = words(
    "payroll nomina nominas salario salarios salary salaries earn cobra sueldo sueldos "
    "vacaciones holidays"
)
SMALL_TALK = words("hola hello hi hey gracias thanks thank adios bye buenas")
HELP_WORDS = words("ayuda help puedes can capable hacer do")

#: Words that carry no meaning for the query: articles, auxiliaries, polite frames.
FILLER = words(
    "crm odoo erp sistema system database whats hows respecto debe deben debo debemos placed "
    "acumulan acumula "
    "a al algo alguien algun alguna algunas alguno algunos ahora ahi alla aqui asi aun "
    "aunque bien bueno buena cada como con contar cosa cosas cual cuales cuando de decir "
    "del desde dime donde dos e el ella ellas ellos en entonces era eres es esa ese eso "
    "esta estan estamos estas este esto estos estoy fue ha han hasta hay he hemos hoy la "
    "las le les lo los mas me mucho muchos muy nada ni no nos nosotros nuestra nuestras "
    "nuestro nuestros o para pero podrias poder por porfa porque puedes pues que quien "
    "quienes quiero saber se sea segun ser si sido sin sobre solo son soy su sus tal "
    "tambien te tenemos tener tengo tenia ti tiene tienen toda todas todo todos tu tus un "
    "una unas uno unos usted va vamos van ver vez y ya favor gustaria querria necesito "
    "necesitaria mirar mira miras dame damelo decirme decime dimelo ensenar muestra "
    "mostrar sabes podriamos consultar consulta quisiera actualmente actual ahora mismo "
    "momento dia hacemos hace llevamos tiene tenemos estado llevan total hay existen "
    "existe registrados registradas registrado tenido quedan queda exactamente "
    "aproximadamente mas o menos cerca alrededor poco rapido rapidamente the a an and or "
    "of to in on at for from by with about as is are was were be been being am do does "
    "did doing have has had having i me my we our us you your he she it its they them "
    "their this that these those there here what which who whom whose when where why how "
    "can could would should will shall may might must please tell show give list let lets "
    "let's get got any some all each every much many more most other such only own same "
    "so than too very just now right currently today's up down out off over again further "
    "then once also still yet ever even really quite pretty okay ok well hey hi hello "
    "thanks know need want like see check look find pull give me quick quickly currently "
    "moment anything something everything nothing one ones there's what's who's how's going "
    "where's it's that's i'd i'll we've we're they're you're isn't aren't don't doesn't "
    "didn't haven't hasn't "
    # asking to look something up says what to do, not what to look for; "units" of a
    # product sold are what "how many" already asks
    "busca buscar buscame buscas encuentra encontrar encuentrame search "
    "unidad unidades unit units "
    # courtesy: "¿serías tan amable de…?", "sorry to bother you, …"
    "serias seria tan amable amables molestar molestia molesto disculpa disculpe perdona "
    "perdone sorry bother bothering kind enough mind telling saying asking wondering "
    "wonder curious thing things forma forman parte hacer "
    # "¿cuánto hay previsto cerrar…?", "expected to close": what a closing date already says
    "previsto prevista previstos previstas planned expected "
    # "pedidos que incluyen <producto>": the product names the orders
    "incluye incluyen include includes including contiene contienen contain contains containing "
    # "how much money is sitting in X?": what "how much" already says
    "money sitting sits"
)


def correct(word: str) -> str | None:
    """The grammar word `word` is a misspelling of (the same sound, else one edit, two for
    long words), or None. Only content words are corrected, never names.

    Between grammar words as near, the one sharing the longest beginning with `word` wins
    ("pedimos" is "pedidos", not "perdimos"; "orner" is "order", not "owner"), then the
    first in alphabetical order: the same word is always read the same way, whatever the
    process's hash seed."""
    if len(word) == 4:  # "sodl", "tsak": two letters swapped, nothing looser
        swapped = [k for k in _CORRECTABLE_SHORT if sorted(k) == sorted(word)]
        return next((k for k in swapped if OSA.distance(word, k) == 1), None)
    limit = 1 if len(word) < 8 else 2
    spoken = _sound(word)
    best: tuple[int, int, str] | None = None
    for known in _CORRECTABLE:
        if abs(len(known) - len(word)) > limit:
            continue
        if _sound(known) == spoken:
            return known
        distance = OSA.distance(word, known, score_cutoff=limit)
        if distance > limit:
            continue
        rank = (distance, -Prefix.similarity(word, known), known)
        if best is None or rank < best:
            best = rank
    return best[2] if best else None


def _sound(word: str) -> str:
    return word.replace("v", "b").replace("z", "s").replace("ll", "y").replace("h", "")


def longest_first(phrases: Iterable[str]) -> list[str]:
    return sorted(phrases, key=lambda phrase: (-len(phrase.split()), phrase))


#: The letters that are words of their own: Spanish "a", "e", "o", "u", "y"; English
#: "a", "I". Any other letter standing alone is filler to a typed question, and in a
#: heard one Whisper spelling out noise (`Parse.unexplained`).
LETTER_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset("aeouy"),
    "en": frozenset("ai"),
}

#: "Nuevas", "created": records asked about by when they were created.
CREATED_WORDS = words(
    "creadas creados creada creado created nuevas nuevos nueva nuevo new entraron entrado "
    "crearon creamos abrieron abrimos opened "
    "llegaron llegado came added anadidas registradas generated generadas"
)

#: Every word the grammar knows (a name made only of these needs a cue to count).
GRAMMAR_WORDS: frozenset[str] = frozenset(
    [
        *SUBJECT_WORDS,
        *MEASURE_WORDS,
        *STATUS_WORDS,
        *FIELD_WORDS,
        *GROUP_CUES,
        *ME_WORDS,
        *ORDINALS,
        *REFERENCE_WORDS,
        *FILLER,
        *OUT_OF_SCOPE,
    ]
)

#: Words never read as a misspelt name: the grammar, and the words asking when records were
#: created ("leads nuevos" is not the stage "Nuevo"; said exactly, a name may still be).
NOT_MISSPELT_NAMES: frozenset[str] = GRAMMAR_WORDS | CREATED_WORDS

#: Words corrected when misspelt: the question's grammar, long enough to be safe.
#: Sorted, so that the first sound-alike found is the same in every process.
#: The single words of the grammar's tables.
_GRAMMAR = frozenset([*SUBJECT_WORDS, *MEASURE_WORDS, *STATUS_WORDS, *FIELD_WORDS])
_CORRECTABLE: tuple[str, ...] = tuple(sorted(w for w in _GRAMMAR if len(w) >= 5 and "-" not in w))
#: Four-letter grammar words, corrected only when two letters are swapped ("sodl").
_CORRECTABLE_SHORT: tuple[str, ...] = tuple(
    sorted(w for w in _GRAMMAR if len(w) == 4 and "-" not in w)
)
#: Ordinary words that are never corrected into grammar words.
KNOWN_WORDS = words(
    "whats hows wheres whos thats lets today tonight tomorrow yesterday week month year "
    "semana mes ano hoy manana ayer trimestre quarter"
)

#: Words of a period a misspelling is read as, and the words each one follows: "next
#: weak", "this moth", "la semana que biene" ("que tiene" is no period: "tiene" is a word).
_BEFORE_A_PERIOD = words("this next last the every per a each previous coming")
_PERIOD_TYPOS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("week", "month", "year", "quarter"), _BEFORE_A_PERIOD),
    "semana": words("esta la cada por una proxima ultima"),
    "trimestre": words("este el cada por un proximo ultimo"),
    "viene": words("que"),
    "pasado": words("mes ano trimestre"),
    "pasada": words("semana"),
}
_LEXICON_WORDS = _GRAMMAR | FILLER | KNOWN_WORDS


def period_typo(before: str, word: str) -> str | None:
    """The word of a period `word` misspells after `before` ("next weak" → "week"), or
    None: one edit or the same sound, for a word of four letters or more that is no word
    Daniel knows."""
    if len(word) < 4 or word in _PERIOD_TYPOS or word in _LEXICON_WORDS:
        return None
    for known, after in _PERIOD_TYPOS.items():
        if before not in after:
            continue
        if _sound(word) == _sound(known) or OSA.distance(word, known, score_cutoff=1) <= 1:
            return known
    return None
