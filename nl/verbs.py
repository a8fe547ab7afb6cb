"""Dutch verbs that policy language turns on.

* :data:`MODAL`: forms that say what could, should or may happen ("moet", "dient", "kan", "zou", "mag"): a
  sentence with one states no commitment;
* :data:`OBLIGATION`: the modal forms of obligation ("moet(en)", "dient", "dienen"), as advice is worded;
* :data:`COMMIT`: forms with which an actor commits to an outcome ("wil", "zorgt", "gaat", "zal", "streeft");
* :data:`STRIVE`: the forms of "streven (naar)", the verb of a goal;
* :func:`present`: the present tense (3rd person singular, plural) of auxiliaries and frequent irregular verbs;
* :data:`FINITE`: finite forms (present and past) of auxiliaries and irregular verbs, which a lookup of
  infinitives does not derive.

Knowledge of Dutch only; the stages build their patterns from these lists (:func:`nl.patterns.one_of`).
"""
from __future__ import annotations

MODAL = ("moet", "moeten", "dient", "dienen", "kan", "kunnen", "zou", "zouden", "mag", "mogen")
OBLIGATION = ("moet", "moeten", "dient", "dienen")
COMMIT = ("wil", "willen", "zorgt", "zorgen", "gaat", "gaan", "zal", "zullen", "streeft", "streven")
STRIVE = ("streeft", "streven", "gestreefd", "nastreven")

# present tense: 3rd person singular, plural
PRESENT: dict[str, tuple[str, str]] = {
    "zijn": ("is", "zijn"), "worden": ("wordt", "worden"), "hebben": ("heeft", "hebben"),
    "kunnen": ("kan", "kunnen"), "moeten": ("moet", "moeten"), "zullen": ("zal", "zullen"),
    "mogen": ("mag", "mogen"), "willen": ("wil", "willen"), "dienen": ("dient", "dienen"),
    "gaan": ("gaat", "gaan"), "komen": ("komt", "komen"), "staan": ("staat", "staan"),
    "liggen": ("ligt", "liggen"), "blijven": ("blijft", "blijven"), "doen": ("doet", "doen"),
    "geven": ("geeft", "geven"), "krijgen": ("krijgt", "krijgen"), "weten": ("weet", "weten"),
    "zien": ("ziet", "zien"), "vinden": ("vindt", "vinden"), "ontbreken": ("ontbreekt", "ontbreken"),
    "missen": ("mist", "missen"), "lopen": ("loopt", "lopen"), "maken": ("maakt", "maken"),
    "houden": ("houdt", "houden"), "zorgen": ("zorgt", "zorgen"), "streven": ("streeft", "streven"),
    "blijken": ("blijkt", "blijken"), "lijken": ("lijkt", "lijken"),
}


def present(*lemmas: str) -> tuple[str, ...]:
    """The present-tense forms (3rd person singular, plural) of ``lemmas``, in the order given:
    ``present("zijn", "worden")`` -> ("is", "zijn", "wordt", "worden")."""
    return tuple(f for lemma in lemmas for f in PRESENT[lemma])


# past tense forms (singular, plural where listed) of the same verbs
PAST: dict[str, tuple[str, ...]] = {
    "zijn": ("was", "waren"), "worden": ("werd", "werden"), "hebben": ("had", "hadden"),
    "kunnen": ("kon", "konden"), "moeten": ("moest", "moesten"), "zullen": ("zou", "zouden"),
    "mogen": ("mocht",), "willen": ("wilde", "wilden"), "blijken": ("bleek",), "lijken": ("leek",),
    "gaan": ("ging", "gingen"), "komen": ("kwam", "kwamen"), "staan": ("stond", "stonden"),
    "liggen": ("lag", "lagen"), "blijven": ("bleef",), "doen": ("deed",), "geven": ("gaf",),
    "krijgen": ("kreeg",), "weten": ("wist",), "zien": ("zag",), "vinden": ("vond",),
    "ontbreken": ("ontbrak",), "lopen": ("liep",),
}

# Finite forms a lookup of infinitives does not derive: the auxiliaries and irregular verbs above, present
# and past; of "blijken" and "lijken" only the singular ("blijkt", "lijkt": the plural is the infinitive).
FINITE = frozenset(
    present("zijn", "worden", "hebben", "kunnen", "moeten", "zullen", "mogen", "willen", "gaan", "komen", "staan",
            "liggen", "blijven", "doen", "geven", "krijgen", "weten", "zien", "vinden", "ontbreken", "missen", "lopen")
    + ("blijkt", "lijkt") + tuple(f for forms in PAST.values() for f in forms))
