"""Recommendations and findings from evaluations: extraction, plan checks and
recurring findings across evaluations and years.

* :mod:`recommendations.extract` finds recommendations (aanbevelingen, adviezen)
  and findings (conclusies, bevindingen, knelpunten, samenvattingen) in the
  stored blocks of a document and links a letter's recommendation to the report
  recommendation it repeats (``same_as``).
* :mod:`recommendations.stage` is the per-document ingest stage that stores them.
* :mod:`recommendations.check` checks a plan against earlier recommendations.
* :mod:`recommendations.themes` is the theme lexicon of issues that evaluations
  of Dutch municipalities keep reporting (capaciteit, monitoring, SMART doelen, ...).
* :mod:`recommendations.recurring` groups findings that recur across evaluations
  (by theme, multi-label, plus similarity clusters for the rest).
"""
