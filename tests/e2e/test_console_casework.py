"""The offline console shows consultation casework: forwarding with a user picker, a call agreed."""

from __future__ import annotations

from tests.e2e.test_console import _run

STEPS = [
    "som kurator i #ekholmsskolan: /konsultation",
    "som kurator skriv: 8 | Frånvaro | En elev i åk 8 är ofta borta på måndagar och verkar trött. |",
    "som sara klicka Ta emot",
    "som sara klicka Vidarebefordra",
    "som sara skriv: @omar | Familjehemsteamet tar frågan, jag lämnar över.",
    "som omar klicka Föreslå samtalstid",
    "som omar skriv: imorgon | 10",
    "som kurator klicka Föreslå annan tid",
    "som kurator skriv: imorgon | 13",
    "som omar klicka Acceptera",
    "som kurator i #ekholmsskolan: /konsultation mina",
]


def test_a_case_is_forwarded_and_a_call_agreed_in_the_console() -> None:
    output = _run("\n".join(STEPS) + "\n")
    assert "vidarebefordrad hit av @sara. Svar i den kommer hit från och med nu." in output
    assert "*Anteckning:* Familjehemsteamet tar frågan, jag lämnar över." in output
    assert "till @omar, som har ärendet nu. Dina svar här går dit." in output
    assert "kl. 10:00 är ersatt av ett nytt förslag." in output
    assert "@omar har accepterat samtalet om *K-" in output
    assert output.count(".ics] sparad som ") == 2
    assert "(du frågade) · hos @omar · samtal " in output
