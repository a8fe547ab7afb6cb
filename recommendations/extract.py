"""Find recommendations and findings in a document's stored blocks.

The document is read as a flow of segments (paragraphs and list items, joined
across page breaks when a sentence runs on). Each segment gets a *mode* from
the headings above it: ``rec`` (aanbevelingen, adviezen), ``finding``
(conclusies, bevindingen, knelpunten, samenvatting, beschouwing), ``both``
(conclusies en aanbevelingen), ``other`` (inleiding, bijlage, methode, ...) or
``neutral`` (inherits nothing). Within a segment:

* a recommendation is an item of a list under a recommendations heading that
  opens with an imperative or advice ("Versterk ...", "We adviseren ..."), or a
  sentence of that kind in running text, with the sentences that elaborate it;
  an advice sentence ("We adviseren ...", "Ons advies is ...") counts anywhere
  in an evaluation;
* a finding is an item of a list under a findings heading, or a run of up to
  three consecutive sentences with problem or conclusion language ("te weinig",
  "onvoldoende", "niet laagdrempelig genoeg", "behoefte aan", "blijkt", ...).
  Not findings: direct quotations (interviewees' words), reported doubts ("vragen
  zich af of ..."), the views of a few respondents ("volgens sommige betrokkenen"),
  method and reading-guide text, list items without a finite verb (target groups),
  lists introduced as the policy's principles, and a letter's "Vervolg" section.

Repeats inside one document (a summary and its chapter) are kept once, at the
later (chapter) place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from beleid.types import Block, Document, Finding, Recommendation

from .text import (ELABORATION, FIRST_PERSON, MODAL_ADVICE, TermWeights, clean, has_finite_verb, is_advice,
                   is_finding, is_imperative, label_kind, not_asserted, opens_quote, quoted, sentences, split_items,
                   stems, strip_label, token_f1, words)

REC_HEAD = re.compile(r"aanbevel|advie[sz]|adviser|verbeterpunt|verbetervoorstel|handelingsperspectie|"
                      r"wat kan (?:er )?beter|suggesties", re.I)
FIND_HEAD = re.compile(r"conclusie|bevinding|knelpunt|samenvatting|beschouwing|kernboodschap|"
                       r"belangrijkste uitkomst|geleerde lessen|lessons learned|resum[eé]|slotsom|synthese", re.I)
OTHER_HEAD = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:inleiding|bijlage|literatuur|bronnen|"
                        r"onderzoeksverantwoording|verantwoording|methode|methodiek|onderzoeksmethode|aanpak|"
                        r"leeswijzer|inspiratie|colofon|inhoud|inhoudsopgave|voorwoord|tijdpad|planning|"
                        r"afbakening|aanleiding|doelstelling|de vraag|onderzoeksvragen|"
                        # the council's decision (it repeats the recommendations as decision points) and its recitals
                        r"raadsbesluit|besluit\b|ontwerp-?\s?besluit|concept-?\s?besluit|beslispunten|voorgesteld besluit|dictum)",
                        re.I)

AD_HEAD = re.compile(r"^\s*ad\.?\s*\d", re.I)
# the reply of the college (or the researchers' afterword) printed in a report: not the report's own findings
# or recommendations, even where it names them ("Reactie van het college op de aanbevelingen")
RESPONSE_HEAD = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:bestuurlijke\s+(?:reactie|wederhoor)|"
                           r"reactie\s+(?:van\s+)?(?:het\s+)?(?:college|b\s?(?:&|en)\s?w|burgemeester|wethouder)|"
                           r"collegereactie|(?:ambtelijk\s+)?wederhoor|nawoord|naschrift)", re.I)
# "Reactie college", "Nawoord rekenkamer:" set as a short paragraph of their own: what follows (up to the next
# heading or the next lettered/numbered item) is the college's reaction or the author's afterword
RESPONSE_LINE = re.compile(r"^\W*(?:(?:bestuurlijke\s+)?reactie(?:\s+van)?(?:\s+het)?\s+(?:college|b\s?(?:&|en)\s?w|"
                           r"burgemeester|wethouders?)|collegereactie|bestuurlijke\s+reactie|(?:ambtelijk\s+)?wederhoor|"
                           r"(?:nawoord|naschrift)(?:\s+(?:van\s+)?(?:de\s+)?\w+)?)\s*:?\s*$", re.I)
# "Besluit:", "Besluit het college het volgende op te dragen:", "De raad van de gemeente X,": a council decision
DECISION_LINE = re.compile(r"^\W*(?:besluit(?:\s|:|$)|besluiten\s*:|de\s+raad\s+(?:van\s+de\s+gemeente|der\s+gemeente)\b"
                           r"|gelet\s+op\s+artikel)", re.I)
ITEM_LABEL = re.compile(r"^\s*(?:[a-z]|\d{1,2}[a-z]?|[ivx]{1,4})[.)]\s+", re.I)
# a heading that states one conclusion or recommendation: "2. Hoofdconclusie: ...", "Deelconclusie 1: ...",
# "Aanbeveling 3: Draag het college op ..."
STATED_HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?P<word>(?:hoofd|deel|eind|kern)?conclusie|aanbeveling|advies|"
                            r"bevinding)(?:\s+\d{1,2}[a-z]?)?\s*:\s*(?P<body>\S.*)$", re.I)
# sentences about the recommendations or the reaction to them ("Deze aanbevelingen hebben als doel ...", "Het
# college geeft aan onze aanbevelingen op te volgen"): about the report, not findings on what was examined
META = re.compile(r"\baanbeveling(?:en)?\b|\b(?:hoofd|deel)conclusies?\b|\breactie\b|\bnawoord\b|\bhet\s+college\s+(?:geeft\s+aan|zegt\s+toe|reageert)"
                  r"|\bin\s+dit\s+(?:hoofdstuk|rapport|voorstel)\b", re.I)
# the evaluator's own finding in a recommendation's explanation: "In ons onderzoek constateren we ...",
# "Uit ons onderzoek is gebleken ...", "Het praktijkonderzoek ... constateerde ..."
OWN_FINDING = re.compile(r"\bconstate(?:ren|erde|erden|ert|erd)\b|\bgebleken\b|\bblijkt\b|\bbleek\b|"
                         r"\buit\s+(?:ons|het)\s+onderzoek\b|\bin\s+ons\s+onderzoek\b|\bstellen\s+(?:we|wij)\s+vast\b", re.I)


def is_footnote(b: Block, body_size: float) -> bool:
    """A footnote: a numbered line in a smaller font than the body text."""
    return bool(re.match(r"^\d{1,3}\s+\S", b.text.strip())) and 0 < b.font_size <= body_size - 0.5


def is_page_number(text: str) -> bool:
    return bool(re.fullmatch(r"(?:pagina\s+)?\d{1,4}(?:\s+(?:van|/)\s+\d{1,4})?", text.strip(), re.I))


# a letter's "Vervolg" / "Aanknopingspunten voor het vervolg" / "Hoe nu verder": the college's next steps,
# neither the evaluation's findings nor its recommendations
FOLLOW_UP_HEAD = re.compile(r"\bvervolg(?:stappen|proces|aanpak)?\b|\bhoe\s+(?:nu\s+)?verder\b|"
                            r"\b(?:volgende|vervolg)\s*stap(?:pen)?\b", re.I)
# a list introduced as the policy's own principles or the research questions ("In Almelo staan de volgende
# beleidsuitgangspunten centraal:"): background, so its items are findings only where their own words say so
BACKGROUND_LEAD = re.compile(r"uitgangspunt|\bprincipes?\b|\bpijlers?\b|speerpunt|\bambities?\b|staan\b.*\bcentraal\b"
                             r"|onderzoeksvra|deelvra|hoofdvra", re.I)
ANNOUNCES_FINDINGS = re.compile(r"conclu|bevinding|knelpunt|uitkomst|resultat|constater|aandachtspunt", re.I)
# a heading that names one conclusion: its paragraphs are the conclusion, cue words or not
SINGLE_CONCLUSION = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:(?:hoofd|eind|kern|algemene\s+)conclusie|slotsom|"
                               r"kernboodschap|conclusie)\s*$", re.I)


# a sentence that draws the consequence of the one before ("Hierdoor loopt de gemeente het risico ...")
CONSEQUENCE = re.compile(r"^(?:hierdoor|daardoor|daarmee|hiermee|mede\s+als\s+gevolg|als\s+gevolg|dit\s+betekent|"
                         r"dat\s+betekent|zo\s+\w+|hoewel)\b", re.I)


# a sentence that opens the next point of an enumeration ("Ten tweede ...", "Daarnaast ...", "Ook ...")
ENUMERATION = re.compile(r"^(?:ten\s+(?:eerste|tweede|derde|vierde|vijfde|slotte)|allereerst|daarnaast|tot\s+slot|"
                         r"voorts|bovendien|tenslotte)\b", re.I)


# a sentence that goes on with the one before ("De eerste is dat ...", "En dat ...", "Maar ...")
CONTINUATION = re.compile(r"^(?:en|maar|(?:de|het)\s+(?:eerste|tweede|derde)|zo\s+(?:heeft|is|zijn|stelt|maakt|wordt))\b",
                          re.I)


def popped_label(entry) -> str | None:
    return entry[1] if entry else None


EVALUATIVE_KINDS = ("evaluatie", "raadsbrief")
MAX_FINDING_SENTENCES = 5
COHESION = 2  # shared content stems with the previous sentence that make a sentence elaborate it
MAX_REC_SENTENCES = 6
MIN_WORDS = 5


@dataclass
class Segment:
    kind: str  # paragraph | list_item
    mode: str  # rec | finding | both | other | neutral
    section: str
    pieces: list[tuple[int, str]] = field(default_factory=list)  # (page, text)
    lead: str = ""  # list items: the paragraph that introduces the list ("... de volgende conclusies op:")

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.pieces)

    def page_at(self, offset: int) -> int:
        pos = 0
        for page, text in self.pieces:
            pos += len(text) + 1
            if offset < pos:
                return page
        return self.pieces[-1][0]


@dataclass
class Unit:
    kind: str  # rec | finding
    page: int
    section: str
    text: str
    order: int
    labelled: bool = False  # opened with "Aanbeveling 2:" / "Conclusie 1:"


def fake_heading(text: str) -> bool:
    """Headings that are really numbered lists or questions set in bold."""
    t = text.strip()
    if STATED_HEADING.match(t):  # "Aanbeveling 2: Draag het college op ..." is long, but a real heading
        return False
    if re.search(r"(?:^|\s)\d{1,2}\.\s+\S.*\s\d{1,2}\.\s+\S", t):
        return True
    return t.endswith("?") or len(words(t)) > 16


def heading_label(text: str) -> str:
    rec, find = bool(REC_HEAD.search(text)), bool(FIND_HEAD.search(text))
    if rec and find:
        return "both"
    if rec:
        return "rec"
    if find:
        return "finding"
    if OTHER_HEAD.search(text) or FOLLOW_UP_HEAD.search(text):
        return "other"
    return "neutral"


def segments(blocks: list[Block], responses_other: bool = True) -> list[Segment]:
    """The document as segments with their mode. ``responses_other``: the college's reaction and the author's
    afterword ('Reactie van het college', 'Nawoord') count as ``other``. Footnotes and page numbers are left out;
    a heading line that continues the line before it ('a. de inventarisatie ... van ICT' + 'integraal onderdeel
    te maken ...') is joined to it; a heading that states a recommendation or conclusion ('Aanbeveling 2: Draag
    het college op ...', 'Deelconclusie 1: ...') is a segment of its own, and the text under a recommendation
    heading explains it (mode ``rec_body``)."""
    import statistics

    out: list[Segment] = []
    stack: list[tuple[int, str, str]] = []  # (level, label, heading text)
    last_page = None
    heading_since_page = True
    last_was_heading = False
    sizes = [b.font_size for b in blocks if b.kind == "paragraph" and b.font_size]
    body_size = statistics.median(sizes) if sizes else 0.0
    aside: str | None = None  # "response" in a reaction/afterword, "decision" in a council decision
    for b in sorted(blocks, key=lambda b: (b.page, b.order)):
        text = clean(b.text)
        if not text or b.kind == "table" or is_page_number(text) or (b.kind != "heading" and is_footnote(b, body_size)):
            continue
        if b.page != last_page:
            heading_since_page = False
            last_page = b.page
            new_page = True
        else:
            new_page = False
        if b.kind == "heading" and text[:1].islower():
            # the rest of the line before (a bold item or a heading broken over two lines)
            if last_was_heading and stack and not re.search(r"[.!?:;]$", stack[-1][2]):
                level, label, head = stack.pop()
                stack.append((level, label, f"{head} {text}"))
                if out and out[-1].kind == "stated" and out[-1].section.endswith(head):
                    out[-1].pieces.append((b.page, text))
                continue
            if out and not last_was_heading and not re.search(r"[.!?:;]$", out[-1].text.strip()):
                out[-1].pieces.append((b.page, text))
                continue
        if b.kind == "heading":
            if fake_heading(text):
                continue
            level = b.heading_level or 1
            popped = None
            while stack and stack[-1][0] >= level:
                popped = stack.pop()
            label = heading_label(text)
            if responses_other and RESPONSE_HEAD.match(text):
                label = "other"
            stated = STATED_HEADING.match(text)
            if label == "neutral" and AD_HEAD.match(text) and popped is not None:
                # "Ad. 2 Preventie": elaborates point 2 of the list under the previous heading
                label = popped[1] if popped[1] != "neutral" else label
                if popped[1] != "neutral":
                    stack.append(popped)
            if stated and label != "other":
                is_rec = stated.group("word").lower() in ("aanbeveling", "advies")
                body = stated.group("body").strip()
                section = " > ".join([h for _, _, h in stack] + [text])
                if is_rec:
                    label = "rec_body"
                    if not body.endswith(":") and len(words(body)) >= 4:
                        out.append(Segment("stated", "rec", section, [(b.page, body)]))
                elif len(words(body)) >= 4:
                    out.append(Segment("stated", "finding", section, [(b.page, body)]))
            stack.append((level + (1 if label == popped_label(popped) and AD_HEAD.match(text) else 0), label, text))
            heading_since_page = True
            last_was_heading = True
            aside = None
            continue
        last_was_heading = False
        if b.kind != "list_item" and len(words(text)) <= 6 and RESPONSE_LINE.match(text):
            aside = "response" if responses_other else aside
            continue
        if b.kind != "list_item" and DECISION_LINE.match(text):
            aside = "decision"
        elif b.kind == "list_item" and aside == "response" and ITEM_LABEL.match(text):
            aside = None  # the next (sub-)recommendation
        mode = next((lab for _, lab, _ in reversed(stack) if lab != "neutral"), "neutral")
        if aside:
            mode = "other"
        section = " > ".join(h for _, _, h in stack)
        prev = out[-1] if out else None
        runs_on = (prev is not None and new_page and not heading_since_page and prev.kind != "stated"
                   and (not re.search(r"[.!?:;]['\"’”)]?$", prev.text.strip())
                        or re.search(r"(?:^|\s)\d{1,2}[.)]$", prev.text.strip())))
        if runs_on:
            prev.pieces.append((b.page, text))
            continue
        kind = b.kind if b.kind == "list_item" else "paragraph"
        lead = ""
        if kind == "list_item" and prev is not None and prev.section == section:
            lead = prev.lead if prev.kind == "list_item" else (prev.text if prev.text.rstrip().endswith(":") else "")
        if kind == "list_item" and not lead and stack and stack[-1][2].rstrip().endswith(":"):
            lead = stack[-1][2]  # "Aanbeveling 1: Draag het college op ... en daarbij:" introduces items a-d
        out.append(Segment(kind, mode, section, [(b.page, text)], lead))
    return out


def _n_words(text: str) -> int:
    return len(words(text))


def _elaborates(prev: str, nxt: str) -> bool:
    """Lexical cohesion: the next sentence takes up the subject of the previous
    one ('... wisselingen bij de functie Hoofd uitvoering sociaal domein. In vijf
    jaar zijn er zes hoofden uitvoering sociaal geweest.')."""
    return len(set(stems(prev, generic=False)) & set(stems(nxt, generic=False))) >= COHESION


def _rec_start(sentence: str, mode: str) -> bool:
    if is_advice(sentence) or label_kind(sentence) == "rec":
        return True
    if mode in ("rec", "both") and is_imperative(sentence):
        return True
    return False


def _rec_item(sents: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split an item into its recommendation sentences and the trailing rest
    (a letter's own comment glued to the last item, e.g. 'Wij herkennen ...')."""
    keep = [sents[0]]
    for i, (off, s) in enumerate(sents[1:], start=1):
        if (FIRST_PERSON.match(s) and not is_advice(s)) or len(keep) >= MAX_REC_SENTENCES:
            return keep, sents[i:]
        keep.append((off, s))
    return keep, []


def _units_from_sentences(seg: Segment, sents: list[tuple[int, str]], base: int, evaluative: bool,
                          out: list[Unit]) -> None:
    """Running text: recommendation sentences with their elaboration, and runs of finding sentences."""
    mode = seg.mode
    findings_ok = mode in ("finding", "both", "rec")
    # under a heading that states a conclusion ("Deelconclusie 1: ..."), the paragraphs substantiate it: every
    # statement may open a finding, cue words or not
    stated = mode == "finding" and bool(STATED_HEADING.match(seg.section.rsplit(" > ", 1)[-1]))
    in_quote = quoted(seg.text, [base + off for off, _ in sents])
    i = 0
    while i < len(sents):
        off, s = sents[i]
        if s.endswith("?"):
            i += 1
            continue
        label = label_kind(s)
        if (evaluative or mode in ("rec", "both")) and _rec_start(s, mode):
            group = [(off, strip_label(s))]
            j = i + 1
            while j < len(sents) and len(group) < 3:
                nxt = sents[j][1]
                if label_kind(nxt) or FIRST_PERSON.match(nxt) or nxt.endswith("?") or nxt.endswith(":"):
                    break
                # another advice or imperative starts the next recommendation, unless it takes up this one
                # ("Leg hierbij vast ..."), or the recommendation is one of a labelled series
                if _rec_start(nxt, mode) and (is_advice(nxt) or not (label or ELABORATION.match(nxt))):
                    break
                group.append(sents[j])
                j += 1
            out.append(Unit("rec", seg.page_at(base + group[0][0]), seg.section,
                            " ".join(t for _, t in group), base + group[0][0], labelled=bool(label)))
            i = j
            continue
        if label == "finding" and (evaluative or findings_ok) and not s.endswith("?"):
            # "Conclusie 2: ..." with the sentences that explain it, up to the next label or recommendation
            group = [(off, strip_label(s))]
            j = i + 1
            while j < len(sents) and len(group) < MAX_FINDING_SENTENCES:
                nxt = sents[j][1]
                if label_kind(nxt) or _rec_start(nxt, mode) or nxt.endswith("?") or nxt.endswith(":"):
                    break
                group.append(sents[j])
                j += 1
            out.append(Unit("finding", seg.page_at(base + group[0][0]), seg.section,
                            " ".join(t for _, t in group), base + group[0][0], labelled=True))
            i = j
            continue
        conclusion = evaluative and re.search(r"\bconclu(?:sie|deren|deert)\b", s, re.I)
        if ((findings_ok and (is_finding(s) or OWN_FINDING.search(s) or stated)) or conclusion) and (not FIRST_PERSON.match(s) or OWN_FINDING.search(s)) \
                and not in_quote[i] and not not_asserted(s) and not META.search(s) and not s.endswith(":"):
            group = [(off, s)]
            j = i + 1
            while j < len(sents) and len(group) < MAX_FINDING_SENTENCES:
                nxt = sents[j][1]
                if _rec_start(nxt, mode) or nxt.endswith("?") or label_kind(nxt) or in_quote[j] or ENUMERATION.match(nxt) \
                        or META.search(nxt) or nxt.endswith(":"):
                    break
                if is_finding(nxt) or _n_words(nxt) <= 6 or _elaborates(group[-1][1], nxt) \
                        or CONSEQUENCE.match(nxt) or CONTINUATION.match(nxt):
                    group.append(sents[j])
                    j += 1
                else:
                    break
            text = " ".join(t for _, t in group)
            if _n_words(text) >= MIN_WORDS:
                out.append(Unit("finding", seg.page_at(base + group[0][0]), seg.section, text, base + group[0][0]))
            i = j
            continue
        i += 1


def background_list(seg: Segment) -> bool:
    """Is the list introduced as background (the policy's principles, the research questions)? Only the
    sentence that opens the list counts ("Dit levert de volgende conclusies op:" after a sentence on principles
    introduces findings)."""
    sents = sentences(seg.lead)
    intro = sents[-1][1] if sents else ""
    return bool(BACKGROUND_LEAD.search(intro)) and not is_finding(intro) and not ANNOUNCES_FINDINGS.search(intro)


def _explanation_units(seg: Segment, out: list[Unit]) -> None:
    """The text under a recommendation: its explanation. Advice there restates the recommendation, so no new
    recommendations; findings only where the author reports one ("In ons onderzoek constateren we ...")."""
    sents = sentences(seg.text)
    i = 0
    while i < len(sents):
        off, s = sents[i]
        if OWN_FINDING.search(s) and not META.search(s) and not is_advice(s) and not s.endswith((":", "?")) \
                and not not_asserted(s):
            group = [(off, s)]
            j = i + 1
            while j < len(sents) and len(group) < 3:
                nxt = sents[j][1]
                if is_advice(nxt) or _rec_start(nxt, "rec") or META.search(nxt) or OWN_FINDING.search(nxt) \
                        or nxt.endswith((":", "?")):
                    break
                if not (CONSEQUENCE.match(nxt) or _elaborates(group[-1][1], nxt)):
                    break
                group.append(sents[j])
                j += 1
            text = " ".join(t for _, t in group)
            if _n_words(text) >= MIN_WORDS:
                out.append(Unit("finding", seg.page_at(group[0][0]), seg.section, text, group[0][0]))
            i = j
            continue
        i += 1


def _sub_recommendation(seg: Segment) -> bool:
    """An item of a list that a recommendation introduces ('Draag het college op ... en daarbij:' a. ... b. ...)."""
    lead = strip_label(STATED_HEADING.sub(lambda m: m.group("body"), seg.lead)) if seg.lead else ""
    return bool(lead.rstrip().endswith(":") and (is_imperative(lead) or is_advice(lead) or REC_HEAD.search(seg.lead))
                and ITEM_LABEL.match(seg.text) and len(split_items(seg.text)) == 1)


def segment_units(seg: Segment, evaluative: bool) -> list[Unit]:
    out: list[Unit] = []
    text = seg.text
    if seg.mode == "other":
        return out
    if seg.kind == "stated":
        out.append(Unit(seg.mode, seg.page_at(0), seg.section, text, 0, labelled=True))
        return out
    if seg.kind == "list_item" and seg.mode in ("rec", "both", "rec_body") and _sub_recommendation(seg):
        item = ITEM_LABEL.sub("", text, count=1).strip()
        keep = [s for _, s in sentences(item)][:MAX_REC_SENTENCES]
        if _n_words(" ".join(keep)) >= 4:
            out.append(Unit("rec", seg.page_at(0), seg.section, " ".join(keep), 0, labelled=True))
        return out
    if seg.mode == "rec_body":
        _explanation_units(seg, out)
        return out
    if seg.kind == "list_item" and seg.mode in ("rec", "finding", "both"):
        for off, item in split_items(text):
            sents = [(off + o, s) for o, s in sentences(item)]
            if not sents:
                continue
            first = sents[0][1]
            if item.strip().endswith("?") and len(sents) == 1:
                continue
            if seg.mode in ("rec", "both") and (_rec_start(first, seg.mode) or MODAL_ADVICE.search(first)) \
                    and off > 0 or (seg.mode in ("rec", "both") and _rec_start(first, seg.mode)):
                keep, rest = _rec_item(sents)
                unit_text = " ".join(s for _, s in keep)
                if _n_words(unit_text) >= 4:
                    out.append(Unit("rec", seg.page_at(keep[0][0]), seg.section, unit_text, keep[0][0]))
                if rest:
                    _units_from_sentences(seg, rest, 0, evaluative, out)
            elif seg.mode in ("finding", "both") and off > 0 or (seg.mode == "finding" and _n_words(item) >= 8):
                # an item of a findings list is a finding as a whole when it states something (not a bare
                # noun phrase such as a target group), is no quotation and the list is not background
                if _n_words(item) >= 6 and not _rec_start(first, seg.mode) and has_finite_verb(item) \
                        and not opens_quote(item) and not background_list(seg):
                    out.append(Unit("finding", seg.page_at(off), seg.section, item, off))
                else:
                    _units_from_sentences(seg, sents, 0, evaluative, out)
            else:
                _units_from_sentences(seg, sents, 0, evaluative, out)
        return out
    if seg.mode == "neutral" and not evaluative:
        return out
    sents = sentences(text)
    innermost = seg.section.rsplit(" > ", 1)[-1]
    if seg.mode == "finding" and SINGLE_CONCLUSION.match(innermost) and sents \
            and not any(_rec_start(s, seg.mode) or label_kind(s) or s.endswith("?") for _, s in sents):
        # the paragraph under "Hoofdconclusie" is the conclusion, whatever words it uses
        keep = sents[:MAX_FINDING_SENTENCES]
        unit_text = " ".join(s for _, s in keep)
        if _n_words(unit_text) >= MIN_WORDS:
            out.append(Unit("finding", seg.page_at(keep[0][0]), seg.section, unit_text, keep[0][0]))
        if len(sents) > MAX_FINDING_SENTENCES:
            _units_from_sentences(seg, sents[MAX_FINDING_SENTENCES:], 0, evaluative, out)
        return out
    _units_from_sentences(seg, sents, 0, evaluative, out)
    if seg.mode == "neutral":
        # in running text outside the evaluative sections only explicit advice and conclusions count
        out = [u for u in out if u.kind == "rec" and (is_advice(u.text) or u.labelled)
               or u.kind == "finding" and (u.labelled or re.search(r"\bconclu(?:sie|deren|deert)\b", u.text, re.I))]
    return out


def containment(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _dedupe(units: list[Unit], threshold: float = 0.7) -> list[Unit]:
    """Keep each repeated unit once, at its last place (the chapter after the summary)."""
    kept: list[Unit] = []
    for u in units:
        dup = [k for k in kept if token_f1(k.text, u.text) >= threshold or containment(k.text, u.text) >= 0.85]
        for k in dup:
            kept.remove(k)
        kept.append(u)
    return kept


def has_evaluative_sections(blocks: list[Block]) -> bool:
    return any(b.kind == "heading" and not fake_heading(b.text) and heading_label(clean(b.text)) in ("rec", "both")
               or b.kind == "heading" and re.search(r"conclusie|bevinding|knelpunt", b.text, re.I)
               for b in blocks)


def extract(doc: Document, blocks: list[Block]) -> tuple[list[Recommendation], list[Finding]]:
    """Recommendations and findings of one document (empty for plans without such sections)."""
    evaluative = doc.kind in EVALUATIVE_KINDS
    if not evaluative and not has_evaluative_sections(blocks):
        return [], []
    segs = segments(blocks)
    if not evaluative:
        # plans and proposals: only their explicit conclusions/recommendations sections
        segs = [s for s in segs if s.mode in ("rec", "both", "rec_body") or
                (s.mode == "finding" and re.search(r"conclusie|bevinding|knelpunt", s.section, re.I))]
    units: list[Unit] = []
    for seg in segs:
        units.extend(segment_units(seg, evaluative))
    recs = _dedupe([u for u in units if u.kind == "rec"])
    finds = _dedupe([u for u in units if u.kind == "finding"])
    finds = [f for f in finds if not any(token_f1(f.text, r.text) >= 0.7 for r in recs)]
    weights = TermWeights([clean(b.text) for b in blocks if b.kind != "heading"])
    rec_out = [Recommendation(f"{doc.doc_id}:r{i + 1}", doc.doc_id, u.page, u.section, doc.year, doc.author,
                              weights.topic(u.text), u.text) for i, u in enumerate(recs)]
    find_out = [Finding(f"{doc.doc_id}:f{i + 1}", doc.doc_id, u.page, u.section, doc.year, doc.author,
                        weights.topic(u.text), u.text) for i, u in enumerate(finds)]
    return rec_out, find_out
