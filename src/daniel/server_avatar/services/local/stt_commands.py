"""The English voice commands the offline recogniser listens for (its JSGF grammar).

pocketsphinx's bundled en-US model is poor at free speech, so the local STT only
recognises these phrases, written in the words the local brain understands (see
`services/local/brain/lexicon.py`). Anything else is heard as the closest phrase or not
at all: free speech needs STT=openai or elevenlabs. Lower case, words in cmudict only.
"""

from __future__ import annotations

COMMANDS: tuple[str, ...] = (
    # pipeline and leads
    "how is the pipeline",
    "show the pipeline summary",
    "how many open leads do we have",
    "show my open leads",
    "list the leads",
    "show the leads won this month",
    "show the lost leads",
    "create a new lead",
    "mark the lead as won",
    "mark the lead as lost",
    "move the lead to the next stage",
    "add a note to the lead",
    "list the stages",
    # tasks and projects
    "list my tasks",
    "what do i have to do today",
    "show my tasks for today",
    "show the overdue tasks",
    "create a new task",
    "assign the task to me",
    "set the deadline to tomorrow",
    "list the projects",
    "show the project tasks",
    # sales
    "how much have we sold this month",
    "show the sales summary",
    "list the sales orders",
    "show the last quotation",
    "create a quotation",
    "confirm the quotation",
    # people and search
    "who am i",
    "list the users",
    "search for a customer",
    # conversation
    "the first one",
    "the second one",
    "tell me more",
    "yes",
    "yes please",
    "go ahead",
    "no",
    "cancel",
    "confirm",
    "stop",
    "help",
    "thank you",
    "hello daniel",
)
