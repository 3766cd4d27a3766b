"""The words the understanding layer listens for, in Spanish and English, in folded form
(`language.text.fold`: lower case, no accents). Words of the languages only: names of
stages, people, customers, projects and records always come from the live ERP
(`understanding.names`).

    questions   the grammar of questions: record kinds, measures, statuses, fields,
                groupings, filler; misspelt grammar words corrected
    requests    the grammar of requests: change verbs and the record nouns they act on,
                small talk, the slot words of changes, the words that never start a name
"""
