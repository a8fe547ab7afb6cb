"""Optional LLM judge (LangChain) for plan checks.

When ``Settings.llm_url``/``llm_model`` are configured (the application layer
builds the model with :func:`beleid.llm.chat_model`; tests pass LangChain's fake
chat model) the judge reads the
recommendation and the evidence passages and answers with one status and a
one-line reason. The status is only accepted when it is one of the four and
the evidence shown supports it; otherwise the scored status stays.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace

from beleid.types import CheckStatus

from .check import Result

STATUSES = tuple(s.value for s in CheckStatus)

PROMPT = """Je beoordeelt of een beleidsplan een aanbeveling uit een evaluatie oppakt.
Aanbeveling: {rec}
Passages uit het plan (met pagina):
{evidence}
Kies precies een status: addressed (concrete maatregelen), partly (deels of zonder concrete maatregelen),
not_addressed (niet opgepakt) of conflicts (het plan doet het tegenovergestelde).
Antwoord alleen met JSON: {{"status": "...", "reason": "een zin"}}"""


class LLMJudge:
    def __init__(self, chat_model):
        self.model = chat_model

    def review(self, result: Result) -> Result:
        evidence = "\n".join(f"- p. {p.page}: {p.text}" for p in result.evidence) or "- (geen)"
        try:
            msg = self.model.invoke(PROMPT.format(rec=result.recommendation.text, evidence=evidence))
            text = getattr(msg, "content", msg)
            m = re.search(r"\{.*\}", str(text), re.S)
            data = json.loads(m.group(0)) if m else {}
        except Exception:  # a failing judge never breaks the check
            return result
        status = str(data.get("status", "")).strip().lower()
        reason = " ".join(str(data.get("reason", "")).split())
        if status not in STATUSES or (status != "not_addressed" and not result.evidence):
            return result
        return replace(result, status=status, reason=(reason or result.reason) + " (LLM-beoordeling)",
                       reason_en=f"Status set by the LLM judge (the scored status was {result.status}).",
                       scores=dict(result.scores, scored_status=result.status))
