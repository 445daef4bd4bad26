"""Names given as the bare answer to the agent's name question on the previous turn are PERSON.

Also the precision fix in the person recognizer: "saya login dari IP ..." is a verb and a
preposition, not a self-introduction.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from redaction import Redactor
from redaction.recognizers.name_answer import NameAnswerRecognizer
from redaction.recognizers.person import PersonRecognizer
from redaction.registry import kawal_recognizers

R = NameAnswerRecognizer()


def found(text: str) -> list[str]:
    return [text[r.start : r.end] for r in R.analyze(text, ["PERSON"])]


# -- positives ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the two canaries that leaked (call-id-55, chat-en-56)
        ("agent: boleh dengan siapa saya bicara\ncustomer: fitriani kak mau tanya soal paket", "fitriani"),
        ("Agent: May I have your full name please?\nCustomer: Bryony Castellano\nAgent: Thank you. How can I help today?",
         "Bryony Castellano"),
        # Indonesian questions, lowercase speech-to-text and cased chat, with lead-ins and fillers
        ("agent: atas nama siapa pak\ncustomer: ya, saya Budi Santoso", "Budi Santoso"),
        ("agent: boleh tahu namanya\ncustomer: zalindra padmasari", "zalindra padmasari"),
        ("agent: nama lengkapnya siapa bu\ncustomer: iya kak, ratna kusumawati mau tanya refund", "ratna kusumawati"),
        ("agent: dengan bapak ibu siapa saya berbicara\ncustomer: dengan ibu sari wulandari", "sari wulandari"),
        ("Agen: Dengan Bapak/Ibu siapa saya berbicara?\nPelanggan: Hendra Gunawan, mau komplain", "Hendra Gunawan"),
        ("CS: Boleh tahu nama lengkapnya?\nUser: fitriani aja kak", "fitriani"),
        ("agent: siapa namanya kak\ncustomer: oh iya, jumari thamrin ya", "jumari thamrin"),
        ("agent: boleh tahu nama lengkapnya\ncustomer: a n jamalia salwa widiastuti kak", "jamalia salwa widiastuti"),
        ("agent: nama lengkapnya bu\ncustomer: siti aisyah binti abdul rahman", "siti aisyah binti abdul rahman"),
        # English questions
        ("Agent: Who am I speaking with?\nCustomer: it's Bryony Castellano", "Bryony Castellano"),
        ("agent: can i get your name\ncustomer: sure it's koh li ting", "koh li ting"),
        ("agent: what's your name\ncustomer: marguerite okonkwo here", "marguerite okonkwo"),
        ("CS: Could I have your name please?\nUser: Priya Raghunathan.", "Priya Raghunathan"),
        ("agent: may i have your full name please\ncustomer: it's lee kok wai", "lee kok wai"),
        # blank lines and a timestamp between the turns
        ("[10:02] agent: who am i speaking with\n\n[10:03] customer: tan wei ming", "tan wei ming"),
    ],
)
def test_a_name_answering_a_name_question_is_found(text: str, name: str) -> None:
    assert found(text) == [name]


def test_scores_and_offsets() -> None:
    text = "Agent: May I have your full name please?\r\nCustomer: Bryony Castellano\r\n"
    (r,) = R.analyze(text, ["PERSON"])
    assert (r.start, r.end, r.entity_type) == (text.index("Bryony"), text.index("\r\n", 50), "PERSON")
    assert r.score == 0.7
    (r,) = R.analyze("agent: boleh dengan siapa saya bicara\ncustomer: fitriani kak", ["PERSON"])
    assert r.score == 0.6  # an unlisted lowercase word: weaker, still above the 0.5 threshold
    assert r.recognition_metadata["recognizer_name"] == "KawalNameAnswerRecognizer"


# -- negatives ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "sebentar ya kak", "tidak mau", "why do you need it", "Why do you need it?", "gak usah kak", "buat apa ya",
        "hmm", "maaf kak saya lupa", "nanti aja", "0812 3456 7890", "123", "Sorry, what?", "Hold on a sec", "Hang on",
        "Never mind", "one moment please", "I'd rather not say", "I already told you", "Same as before",
        "suami saya kak", "iya dengan saya sendiri", "atas nama perusahaan", "ini pesanan saya belum sampai",
        "internet saya mati", "wifi mati terus", "paket saya kak", "halo halo suaranya putus", "apa kak?",
        "refund kak", "I want a refund", "selamat siang kak", "iya benar", "budi.santoso@example.com", "ya ampun",
        "mungkin kamu bisa bantu saya dengan pesanan ini",  # a sentence: more than four plain words
    ],
)
@pytest.mark.parametrize(
    "question", ["agent: boleh dengan siapa saya bicara", "Agent: May I have your full name please?"]
)
def test_answers_that_are_not_names(question: str, answer: str) -> None:
    assert found(f"{question}\ncustomer: {answer}") == []


@pytest.mark.parametrize(
    "text",
    [
        # no name question on the previous turn
        "customer: fitriani kak mau tanya soal paket",
        "agent: ada yang bisa dibantu\ncustomer: fitriani kak mau tanya soal paket",
        "agent: nomor hp nya berapa bu\ncustomer: wulan ya",
        "agent: nama produknya apa kak?\ncustomer: kopi arabika",
        "agent: baik nama sudah sesuai ya\ncustomer: siap kak",
        "Agent: What's the name of the product?\nCustomer: Galaxy Buds",
        # the question is on a customer turn, or an agent turn comes in between
        "customer: boleh dengan siapa saya bicara\nagent: dewi kak",
        "Customer: Who am I speaking with?\nAgent: Kelvin here.",
        "agent: boleh dengan siapa saya bicara\nagent: halo?\ncustomer: fitriani",
        # the answer is not the next turn
        "agent: boleh dengan siapa saya bicara\ncustomer: sebentar\ncustomer: fitriani",
        # no speaker labels at all
    ],
)
def test_nothing_without_an_agent_name_question_on_the_previous_turn(text: str) -> None:
    assert found(text) == []


# -- offsets under insertion (property) ----------------------------------------------------------------

QUESTIONS = [
    "boleh dengan siapa saya bicara", "atas nama siapa pak", "boleh tahu namanya?", "nama lengkapnya siapa bu",
    "dengan bapak/ibu siapa saya berbicara?", "may I have your full name please?", "who am I speaking with?",
    "can I get your name", "what's your name?",
]
ANSWERS = [
    "{}", "{} kak mau tanya soal paket", "ya, saya {}", "it's {}", "{}, mau tanya refund", "iya kak, {}",
    "nama saya {}", "atas nama {} ya", "oh ok, {} here", "{}.",
]
NAME_WORDS = [
    "fitriani", "bryony", "castellano", "budi", "santoso", "dewi", "kusumawati", "hendra", "gunawan", "wei",
    "ling", "tan", "priya", "raghunathan", "zalindra", "padmasari", "ahmad", "faizal", "okonkwo", "marguerite",
]
EARLIER_TURNS = [
    "agent: selamat pagi ada yang bisa dibantu", "customer: halo kak", "agent: baik mohon ditunggu",
    "customer: saya mau tanya soal tagihan", "agent: nomor tiketnya 48213 ya",
]


@settings(max_examples=300, deadline=None)
@given(
    earlier=st.lists(st.sampled_from(EARLIER_TURNS), max_size=4),
    question=st.sampled_from(QUESTIONS),
    answer=st.sampled_from(ANSWERS),
    words=st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4),
    later=st.lists(st.sampled_from(EARLIER_TURNS), max_size=3),
    cased=st.booleans(),
)
def test_the_inserted_name_is_found_at_its_offsets(
    earlier: list[str], question: str, answer: str, words: list[str], later: list[str], cased: bool
) -> None:
    name = " ".join(w.capitalize() for w in words) if cased else " ".join(words)
    agent, customer = ("Agent", "Customer") if cased else ("agent", "customer")
    head = "\n".join([*earlier, f"{agent}: {question}", f"{customer}: "])
    before, after = answer.split("{}")
    text = head + before + name + after + "".join("\n" + t for t in later)
    start = len(head) + len(before)
    spans = [(r.start, r.end) for r in R.analyze(text, ["PERSON"])]
    assert spans == [(start, start + len(name))], text


# -- wiring and the redactor ------------------------------------------------------------------------


def test_registered_next_to_the_person_recognizer() -> None:
    names = [r.name for r in kawal_recognizers()]
    assert names.index("KawalNameAnswerRecognizer") == names.index("KawalPersonRecognizer") + 1


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(profile="default")


def test_the_redactor_removes_the_answered_name(redactor: Redactor) -> None:
    text = "agent: boleh dengan siapa saya bicara\ncustomer: fitriani kak mau tanya soal paket"
    out = redactor.redact(text).text
    assert "fitriani" not in out and "kak mau tanya soal paket" in out


# -- the "saya login" false positive -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Pelanggan: saya login dari IP 203.0.113.45 tapi akunnya diblokir terus",
        "customer: saya login kak",
        "customer: saya checkout dari aplikasi",
        "customer: saya belanja di toko online kemarin",
        "customer: saya kemarin di rumah",
        # not in any list: a preposition after the word is no evidence of a name
        "customer: saya streaming dari laptop",
        "customer: saya kuliah di bandung",
    ],
)
def test_a_verb_after_saya_is_not_a_name(text: str, redactor: Redactor) -> None:
    assert PersonRecognizer().analyze(text, ["PERSON"]) == []
    assert [e for e in redactor.analyze(text) if e.type == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("customer: saya fitriani kak mau tanya", "fitriani"),
        ("customer: saya jumari thamrin, mau tanya", "jumari thamrin"),
        ("customer: saya zalindra di sini", "zalindra"),
        ("Pelanggan: saya Rina dari Bandung", "Rina"),
    ],
)
def test_saya_then_a_name_is_still_found(text: str, name: str) -> None:
    assert [text[r.start : r.end] for r in PersonRecognizer().analyze(text, ["PERSON"])] == [name]


def test_untagged_lines_are_read_by_what_they_say() -> None:
    """Without speaker tags the dialogue layer still knows a line that asks for a name is the agent's."""
    found = R.analyze("boleh dengan siapa saya bicara\nfitriani kak", ["PERSON"])
    assert [(r.start, r.end) for r in found] == [(31, 39)]
