"""The words the local brain listens for, in Spanish and English (folded: no accents).

Each cue is a regular expression matched against text from `text.fold`, so "tareas",
"Tareas" and "tareás" are the same. Word lists (`STOP`) name the words that can never be
part of a person, customer, project or record name.
"""

from __future__ import annotations

import re

from daniel.language.text import words

from .questions import ORDINALS as ORDINALS


def cue(pattern: str) -> re.Pattern[str]:
    """A whole-word regular expression."""
    return re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])")


# --------------------------------------------------------------------------- domains
LEAD_NOUN = cue(
    r"oportunidad(?:es)?|leads?|deals?|negocios?|opportunit(?:y|ies)|prospect(?:o|os|s)?"
    r"|pistas?|iniciativas?|oportunidade?s?|crm"
)
LEAD_SINGULAR = cue(r"oportunidad|lead|deal|negocio|opportunity|prospecto|prospect|pista")
TASK_NOUN = cue(
    r"tareas?|tasks?|to-dos?|to dos|todo list|pendientes|quehaceres|actividades|activities"
)
TASK_SINGULAR = cue(r"tarea|task|to-do|actividad|activity")
PROJECT_NOUN = cue(r"proyectos?|projects?")
PROJECT_SINGULAR = cue(r"proyecto|project")
SALES_NOUN = cue(
    r"ventas|vendido|vendimos|vendemos|facturado|facturacion|sales|sold|revenue|turnover"
    r"|ingresos|hemos vendido|we sold|have we sold|did we sell|selling"
)
ORDER_NOUN = cue(
    r"pedidos?|presupuestos?|cotizacion(?:es)?|ofertas?|orders?|quotations?|quotes?"
    r"|sale orders?|sales orders?"
)
ORDER_SINGULAR = cue(r"pedido|presupuesto|cotizacion|oferta|order|quotation|quote")
USERS_NOUN = cue(
    r"usuarios|users|comerciales|vendedores|salespeople|sales reps|equipo comercial|sales team"
    r"|companeros|colleagues"
)
STAGES_NOUN = cue(r"etapas|fases|stages|pipeline stages")
NEXT_STAGE = cue(
    r"(?:la |the )?(?:siguiente (?:etapa|fase)|proxima (?:etapa|fase)|etapa siguiente"
    r"|next stage|following stage)"
)
PIPELINE = cue(
    r"pipeline|embudo|funnel|forecast|prevision(?:es)?|resumen (?:del |de )?(?:crm|comercial"
    r"|oportunidades|pipeline)|estado del crm|crm overview|crm summary|(?:como|que tal) va"
    r" el crm|how(?:'s| is) the crm|summary of (?:the )?(?:crm|opportunities|leads|deals)"
    r"|(?:opportunities|leads|deals|crm) (?:overview|summary)"
)

# --------------------------------------------------------------------------- actions
#: A message starting so asks something; it changes nothing ("¿cuántas hemos ganado?").
QUESTION_START = re.compile(
    r"^(?:cuant[ao]s?|cuales?|que(?! lleve)|quien(?:es)?|como|cuando|donde|por que|porque|why"
    r"|dime|muestrame"
    r"|ensename|lista\w*|ver|hay|tiene|how|which|what|who|when|where|show|list|give me"
    r"|are there|do we have|tell me|is|are|do|does|did)\b"
)
#: How change verbs start, for the question parser: a question that starts so and names
#: no record asks what is meant ("cámbialo", "delete it").
CHANGE_STEMS = (
    "cambia", "cambie", "mueve", "muev", "marca", "asigna", "apunta", "anota", "pon", "borra",
    "elimina", "change", "move", "mark", "assign", "note", "delete", "remove", "set",
)  # fmt: skip
#: A change is asked for with a verb first ("crea…", "marca…", "add…", "please create…").
IMPERATIVE = re.compile(
    r"^\W*(?:por favor,? |please,? |oye,? |hey,? )?(?:crea|crear|anade|apunta|anota|registra|"
    r"recuerda|remind|agenda|"
    r"marca|mueve|muevel|pasa|asigna|cambia|pon|confirma|create|add|log|note|mark|move|"
    r"assign|change|set|put|confirm|make|new(?! \w+s\b)|nuevas? (?!\w+s\b)|nuevo (?!\w+s\b)|"
    r"quiero crear|i want to create|"
    r"necesito crear|need to create|let's create|vamos a crear|registrar|escribe|write)"
)
CREATE = cue(
    r"crea|crear|creame|creamos|nuev[ao]s?|anade|anademe|anadir|agrega|agregar|registra"
    r"|registrar|da de alta|dar de alta|abre una?|abrir una?|apunta(?:me)? una?|pon(?:me)? una?"
    r"|create|add|new|make|open a|log a new|set up|raise|schedule|programa"
)
REMIND = cue(r"recuerdame|recordarme|remind me(?: to)?")
MOVE = cue(
    r"mueve|mover|muevel[ao]|mueva|pasa|pasal[ao]|pasar"
    r"|cambia(?:la|lo)? (?:de |a |la )?(?:etapa|fase)|lleva|llevala|avanza|avanzala"
    r"|move|put|advance|push|set (?:the )?stage|change (?:the )?stage"
)
WON = cue(r"ganad[ao]s?|won|win|ganamos|hemos ganado|cerrad[ao]s? con exito|closed won")
LOST = cue(r"perdid[ao]s?|lost|lose|perdimos|hemos perdido|closed lost|descartad[ao]s?")
MARK = cue(
    r"marca\w*|mark|pon(?:la|lo)?|set|cierra\w*|close|da(?:la|lo)? por|dar por|declara\w*"
    r"|hemos (?:ganado|perdido)|he (?:ganado|perdido)|(?:we|i)(?:'ve)? (?:won|lost)|ganamos"
    r"|perdimos|descarta\w*"
)
NOTE = cue(r"notas?|notes?|comentarios?|comments?|apunta(?: que)?|anota|log")
NOTE_VERB = cue(
    r"anade\w*|agrega\w*|pon\w*|deja\w*|escribe\w*|apunta\w*|anota\w*|registra\w*|add"
    r"|log|write|leave|put|record|attach"
)
ASSIGN = cue(
    r"asigna\w*|reasigna\w*|assign\w*|reassign\w*|give|hand|dale la tarea|que lleve|pasasela"
)
REVENUE = cue(r"importe esperado|ingreso esperado|valor esperado|expected revenue")
#: "he terminado X", "I've finished X": the speaker closed a task.
FINISHED = cue(
    r"he terminado|he acabado|he completado|i've finished|i have finished|i finished"
    r"|i've completed|i have completed|cierra la tarea|close the task"
)
DEADLINE_CHANGE = cue(
    r"(?:cambia\w*|mueve\w*|pon\w*|retrasa\w*|aplaza\w*|adelanta\w*|set|change|move|push"
    r"|update)\b[\w\s]{0,30}\b(?:fecha|plazo|vencimiento|deadline|due date|fecha limite)"
    r"|reprograma\w*|pospon\w*|postpone|reschedule|aplaza\w*|retrasa\w*|delay"
)
#: A deal's expected closing date named: "la fecha de cierre de X", "the close date of X".
CLOSING_DATE = cue(
    r"fecha (?:prevista |estimada )?de cierre|cierre previsto|el cierre de|close date"
    r"|closing date|the closing of|expected clos(?:e|ing)(?: date)?"
)
#: A verb that changes a value ("cambia", "mueve", "set", "push").
CHANGE_VERB = cue(
    r"cambia\w*|mueve\w*|pon\w*|retrasa\w*|aplaza\w*|adelanta\w*|actualiza\w*|modifica\w*"
    r"|set|change|move|push|update|reschedule|postpone|delay|bring"
)
CONFIRM_ORDER = cue(
    r"confirma\w*|valida\w*|convierte\w* en pedido|acepta\w*|confirm|validate|approve"
    r"|turn (?:it )?into an order"
)
SEARCH = cue(r"busca\w*|buscar|encuentra\w*|search(?: for)?|find|look up|lookup|look for")
DETAIL = cue(
    r"detalles?|details?|hablame de|cuentame (?:sobre|de)|informacion (?:de|sobre)|info"
    r"|tell me (?:more )?about|more about|show me the|abre|abrela|abrelo|open|dime mas|mas info"
    r"|tell me more|what about it|ver la|ver el|ensename la|ensename el|muestrame la"
    r"|muestrame el"
)
STATUS_QUESTION = cue(
    r"como va|como van|como esta|como estan|que tal va|que tal van|estado|situacion|avance"
    r"|progreso|status|how is|how's|how are|progress|going|state of|update on"
)
LIST_PROJECTS = cue(
    r"(?:que|cuales|cuantos|mis|los|lista(?:r)?(?: de)?|ver|dime|muestrame|ensename) proyectos"
    r"|(?:list|show|which|what|my|all|the) projects|projects (?:do|are|we|i)"
)

# --------------------------------------------------------------------------- small talk
#: The opening of a message that is no part of the request ("hola Daniel, …", "vale, …").
OPENING = re.compile(
    r"^[\s\x01]*(?:hola|buenas|buenos dias|buenas tardes|buenas noches|hey|hi|hello"
    r"|good morning|good afternoon|good evening|oye|mira|vale|ok|okay|bueno|pues|please"
    r"|por favor|porfa)\b(?:\s+daniel\b)?[\s,!.]*"
)
GREETING = cue(
    r"buenos dias|buenas tardes|buenas noches|hola|buenas|hey|hi|hello|good morning"
    r"|good afternoon|good evening|que tal|saludos|hiya|howdy"
)
THANKS = cue(r"gracias|muchas gracias|mil gracias|thanks|thank you|cheers|thx|ty|genial|great")
GOODBYE = cue(r"adios|hasta luego|hasta manana|nos vemos|chao|chau|bye|goodbye|see you|good night")
HELP = cue(
    r"ayuda|ayudame|que puedes hacer|que sabes hacer|que haces|como funciona|que te puedo"
    r" (?:pedir|preguntar)|help|what can you do|what do you do|how does (?:this|it) work"
    r"|what can i ask|opciones|comandos|commands|options"
)
WHOAMI = cue(
    r"quien soy|con que usuario|que usuario soy|mi usuario|como me llamo|who am i|which user"
    r"|what user|my user|logged in as|my name"
)
FOLLOW_UP = re.compile(
    r"^\s*(?:y|e|and|what about|how about|and what about|lo mismo (?:para|de|con)|igual"
    r" (?:para|con)|same (?:for|with)|ahora|now|tambien|also|solo|only)\b"
)

# --------------------------------------------------------------------------- slot words
MINE = cue(
    r"mis|mias|mios|mia|mio|mi|tengo|me tocan?|yo|para mi|a mi|my|mine|i have|do i have"
    r"|i've got|i got|have i|should i|me toca|assigned to me|for me|to me|i need to|i must"
    r"|tenemos|asignamel[ao]|ponmel[ao]|pasamel[ao]"
)
OPEN = cue(
    r"abiert[ao]s|abiert[ao]|activ[ao]s?|vivas?|vivos?|en curso|pendientes?|open|active|ongoing"
    r"|in progress|pending|current"
)
STATUS_WON = cue(
    r"ganad[ao]s|won|ganamos|hemos ganado|we won|did we win|have we won|cerradas con exito"
    r"|closed won"
)
STATUS_LOST = cue(
    r"perdid[ao]s|lost|perdimos|hemos perdido|we lost|did we lose|have we lost|closed lost"
)
OVERDUE = cue(
    r"atrasad[ao]s?|vencid[ao]s?|retrasad[ao]s?|caducad[ao]s?|fuera de plazo|pasad[ao]s de fecha"
    r"|overdue|late|past due|behind|expired"
)
NO_DEADLINE = cue(
    r"sin fecha|sin plazo|sin fecha limite|no deadline|without (?:a )?deadline|undated"
)
PRIORITY_HIGH = cue(
    r"urgentes?|alta prioridad|prioritari[ao]s?|importantes?|high priority|urgent|important"
    r"|priority|prioridad"
)
GROUP_CUSTOMER = cue(r"por clientes?|por cuenta|by customers?|per customer|by client|per client")
GROUP_SALESPERSON = cue(
    r"por comercial(?:es)?|por vendedor(?:es|a|as)?|por persona|por equipo|by salesperson"
    r"|per salesperson|by rep|per rep|by seller|by sales ?rep|by person|por usuario"
)
GROUP_MONTH = cue(r"por mes(?:es)?|mensual(?:es)?|mes a mes|by month|per month|monthly")
STATE_DRAFT = cue(r"borrador(?:es)?|drafts?")
STATE_SENT = cue(r"enviad[ao]s?|sent")
STATE_CANCEL = cue(r"cancelad[ao]s?|cancell?ed")

#: How the usual stage words are said in either language. Words, not names: which stages
#: exist and what they are called is read from the ERP; a stage the ERP names
#: "Negociación" is also found when someone says "negotiation".
STAGE_SYNONYMS = {
    "new": ("nuevo", "nueva", "nuevos", "nuevas", "new"),
    "qualified": ("cualificado", "cualificada", "calificado", "calificada", "qualified"),
    "proposition": ("propuesta", "propuestas", "proposal", "proposition", "oferta enviada"),
    "negotiation": ("negociacion", "negotiation", "negotiating", "en negociacion"),
    "won": ("ganado", "ganada", "won"),
    "lost": ("perdido", "perdida", "lost"),
}

#: How a task's usual stages are said: Spanish words first, then English. The stages
#: themselves are the ERP's (a task is closed in its project's folded stage).
TASK_STAGE_SYNONYMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "done": (
        ("hecho", "hecha", "terminado", "terminada", "completado", "completada", "finalizado",
         "finalizada", "acabado", "acabada", "cerrado"),
        ("done", "finished", "complete", "completed"),
    ),
    "in_progress": (("en curso", "en progreso", "haciendo"), ("in progress", "doing")),
    "cancelled": (("cancelado", "cancelada"), ("cancelled", "canceled")),
}  # fmt: skip
TASK_STAGE_WORDS = cue(
    "|".join(
        sorted(
            (word for said in TASK_STAGE_SYNONYMS.values() for words_ in said for word in words_),
            key=len,
            reverse=True,
        )
    )
)

ORDINAL = re.compile(
    r"(?<![\w])(?:(?:el|la|lo|the|that|this|del|de la|al|a la)\s+)?(?P<word>"
    + "|".join(ORDINALS)
    + r")(?:\s+(?:one|uno|una|de la lista|in the list|of them|de ellas|de ellos|opcion|option))?"
    r"(?![\w])(?!\s+(?:semana|mes|dia|trimestre|week|month|day|quarter|time|vez))"
    r"|(?<![\w])(?:(?:el|la) )?(?:numero|number|n[ºo]|#) ?(?P<num>\d{1,2})(?![\w])"
)

# Words that never start or continue a name.
STOP = words(
    """
    a al algo alguna algunas alguno algunos ante aquel aquella asi aun cada como con contra
    cual cuales cuando cuanto cuanta cuantos cuantas de del desde donde dos durante e el ella
    ellas ellos en entre era es esa esas ese eso esos esta estan estar estas este esto estos
    fue ha han hace hacer hacia hasta hay he la las le les lo los mas me mi mis mucho muy nada
    ni no nos nosotros o os otra otro para pero poco por porque que quien quienes se sea ser
    si sin sobre su sus tambien te tengo tenemos tiene tienen tu tus un una unas uno unos y ya yo
    vale ok okay bueno pues entonces ahora hola gracias por favor porfa oye mira venga
    dime dame muestrame ensename ensena muestra mostrar ver lista listame listar quiero
    quisiera puedes podrias necesito saber consulta consultar busca buscar encuentra dar da
    cuantos cuantas cuanto hemos vendido vendimos facturado llevamos llevo van va vamos
    crea crear creame nueva nuevo nuevas nuevos anade anadir agrega agregar registra pon ponle
    ponla ponlo apunta anota marca marcala marcalo mueve muevela muevelo pasa pasala pasalo
    cambia cambiala asigna asignala asignalo reasigna confirma confirmala cierra cierrala
    lleva llevala avanza abre abrela hablame cuentame recuerdame
    oportunidad oportunidades lead leads deal deals negocio negocios pista pistas prospecto
    prospectos iniciativa iniciativas crm pipeline embudo tarea tareas pendiente pendientes
    proyecto proyectos venta ventas pedido pedidos presupuesto presupuestos cotizacion
    cotizaciones oferta ofertas cliente clientes comercial comerciales vendedor vendedora
    responsable usuario etapa fase estado nota notas comentario total resumen importe
    abierta abiertas abierto abiertos activa activas ganada ganadas ganado perdida perdidas
    perdido atrasada atrasadas vencida vencidas retrasadas urgente urgentes prioridad
    asignada asignadas asignado asignados fecha plazo limite vencimiento mayor mayores
    hoy manana semana mes ano trimestre dia dias euros euro eur mil k
    the an of and or in on at to for from by with about into onto as is are was were be been
    am i me my mine we our us you your he she it its they them their this that these those
    what which who whom whose how when where why do does did have has had can could would
    should will shall may might must not no yes please hi hello hey thanks thank okay ok so
    show list give tell find search look get see let lets want need know display check open
    create add new make log mark move put set change assign reassign confirm close update
    remind schedule note notes comment opportunity opportunities lead leads deal deals
    prospect prospects pipeline crm task tasks todo project projects sale sales order orders
    quotation quotations quote quotes customer customers client clients salesperson rep user
    stage status state amount total summary overview revenue won lost open active overdue
    late due deadline today tomorrow week month year quarter day days all any some every
    each more than over above worth least much many number one ones there here just also
    only now then same again going doing there's what's how's who's it's i'm i've let's
    called named titled llamada llamado titulada titulado soy ayuda help looking look
    win sell sold selling plate lot lots agenda going doing done please thank thanks
    seguro puedes podemos hacemos hecho hecha about around tell them those one's ones
    como va van vamos tal estamos estan tenemos hay ver visto ido muchas muchos todo todos
    toda todas cosa cosas algo nada mucho poco bien mal gracias hola adios
    cierre cierran closing close closes tenido habido grande grandes biggest largest top
    detalles detalle details detail info informacion estoy conectado conectada
    asignamela asignamelo asignale asignasela asignaselo ponle ponla dale
    stages etapas fases usuarios users son quienes quien who
    vence vencen venza venzan vencer ultimos ultimas recientes reciente latest recent newest
    """
)
CONNECTORS = words("de del la las los y e & and of")
