"""Targets and time in Dutch policy language: the words of a target's direction and bound, the markers of
a baseline, the words that tie a goal to a moment ("uiterlijk 2025", "eind 2022", "in 2025"), years and
months.

* :data:`YEAR`: a year of this or the last century as a regex fragment (``(?:19|20)\\d\\d``);
* :data:`MONTHS`, :data:`MONTH_ABBREVIATIONS`: Dutch month names and their short forms;
* :data:`DIRECTION`: nouns of a change in a target ("toename", "afname", "daling", "stijging");
* :data:`BOUNDS`: words of a target's bound ("maximaal", "minimaal", "ten minste", "tenminste");
* :data:`BASELINE`: the markers of a baseline a target is compared with ("t.o.v. 2017", "ten opzichte van",
  "vergeleken met"), a regex fragment that also reads the OCR misreading "t.0.v.";
* :data:`BASELINE_VALUES`, :data:`TARGET_VALUE`: the names plans give the value a target starts from
  ("peilwaarde", "nulmeting", "basiswaarde", "uitgangssituatie", "startwaarde") and the value it aims at
  ("streefwaarde");
* :data:`DEADLINE_PREPOSITIONS`: the words before a year that state when a goal is to be reached
  ("in 2025", "eind 2025", "uiterlijk medio 2025", "vóór 2025", "ultimo 2025");
* :data:`DEADLINE_BOUNDS`: those that fix the moment on their own ("uiterlijk", "eind", "medio", "begin",
  "vóór", "ultimo"), where "in", "voor", "per", "op" also have other senses ("voor 2025" may mean "for").

Knowledge of Dutch only; the stages build their patterns from these lists (:func:`nl.patterns.one_of`).
"""
from __future__ import annotations

YEAR = r"(?:19|20)\d\d"

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec")

DIRECTION = ("toename", "afname", "daling", "stijging")
BOUNDS = ("maximaal", "minimaal", "ten minste", "tenminste")

BASELINE = r"t\.[o0]\.v\.|ten opzichte van|vergeleken met"

BASELINE_VALUES = ("peilwaarde", "nulmeting", "basiswaarde", "uitgangssituatie", "startwaarde")
TARGET_VALUE = "streefwaarde"

DEADLINE_PREPOSITIONS = ("in", "eind", "uiterlijk", "vóór", "voor", "medio", "begin", "per", "vanaf", "tegen", "op",
                         "ultimo")
DEADLINE_BOUNDS = ("uiterlijk", "eind", "medio", "begin", "vóór", "ultimo")
