"""The Dutch language layer, below every stage: nothing here knows about documents,
indexes, registers or recommendations.

* ``analysis``    folding, word tokens, stop words, lemma lookup (spacy-lookups-data),
                  Snowball stemming, compound splitting (the analysis BM25 indexes)
* ``sentences``   sentences of reports, of re-typeset plans and as an answer quotes them (Dutch
                  abbreviations), list items (bullets, "1. 2."), words a line cannot end on
* ``verbs``       modal, commitment and auxiliary verbs, finite forms of irregular verbs
* ``targets``     a target's direction and bound, baseline markers, deadline words, years, months
* ``concepts``    content words as policy concepts (spaCy lookup lemmas, concept lexicon, the short
                  stop list of linking), the shared spaCy pipeline
* ``patterns``    regex alternations built from these word lists (one definition of each word)
* ``amounts``     Dutch numbers and euro amounts ("1.000", "2,1", "1,75 miljoen", "x € 1.000")
* ``numberwords`` numbers written in words ("alle vijf", "een derde van") as digits
* ``thesaurus``   query expansion with the thesaurus in ``lexicons/thesaurus_nl.txt``
* ``planform``    advice about a plan's form (SMART goals, monitoring, restraint with projects,
                  roles) and the passages that show that form (targets, indicators, choices)
* ``bodies``      Dutch governing bodies (Gedeputeerde Staten, college van B&W, ...), the kind of
                  territory each governs, and where a text names a province or municipality
* ``lexicons/``   word lists in one format: one comma-separated group per line, ``#`` comments

A stage that needs Dutch policy language imports it from here; where two stages need a different
variant (two sentence splitters, two stop lists), both variants live here, named, with why they differ.
"""
