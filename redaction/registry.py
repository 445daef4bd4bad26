"""Kawal's recognizer set: ours where Presidio has none, Presidio's where it is good.

One module per recognizer, as in Presidio. Kept from Presidio: credit cards (Luhn), IBAN
(mod-97), IP addresses, e-mail (with an offline suffix check). Replaced: phone numbers (Indonesian
formats, and no 16-digit IDs taken for phones), US SSN (validity rules and cues), Singapore
NRIC/FIN (Presidio's has no check letter). Not used: Presidio's date, URL, crypto, UK NHS, US
driver-licence and passport recognizers: not PII in this domain or too noisy on order numbers.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, IbanRecognizer

from redaction.recognizers.address import AddressRecognizer
from redaction.recognizers.address_answer import AddressAnswerRecognizer
from redaction.recognizers.bank_account import BankAccountRecognizer
from redaction.recognizers.cued_number import CuedNumberRecognizer
from redaction.recognizers.date_of_birth import DateOfBirthRecognizer
from redaction.recognizers.dialogue_slots import DialogueSlotRecognizer
from redaction.recognizers.email import OfflineEmailRecognizer
from redaction.recognizers.name_answer import NameAnswerRecognizer
from redaction.recognizers.nik import IdNikRecognizer
from redaction.recognizers.npwp import IdNpwpRecognizer
from redaction.recognizers.person import PersonRecognizer
from redaction.recognizers.phone import PhoneRecognizer
from redaction.recognizers.place import PlaceRecognizer
from redaction.recognizers.prechecked import PrecheckedIpRecognizer
from redaction.recognizers.sg_nric import SgNricRecognizer
from redaction.recognizers.speaker_name import SpeakerNameRecognizer
from redaction.recognizers.strict_number import StrictNumberRecognizer
from redaction.recognizers.us_ssn import UsSsnRecognizer

__all__ = ["kawal_recognizers"]


def kawal_recognizers(language: str = "en") -> list[EntityRecognizer]:
    """A fresh instance of every recognizer Kawal runs, for one Presidio language key."""
    return [
        PersonRecognizer(supported_language=language),
        NameAnswerRecognizer(supported_language=language),
        SpeakerNameRecognizer(supported_language=language),
        PhoneRecognizer(supported_language=language),
        OfflineEmailRecognizer(supported_language=language),
        CreditCardRecognizer(supported_language=language),
        IdNikRecognizer(supported_language=language),
        IdNpwpRecognizer(supported_language=language),
        BankAccountRecognizer(supported_language=language),
        SgNricRecognizer(supported_language=language),
        UsSsnRecognizer(supported_language=language),
        IbanRecognizer(supported_language=language),
        PrecheckedIpRecognizer(supported_language=language),
        AddressRecognizer(supported_language=language),
        AddressAnswerRecognizer(supported_language=language),
        PlaceRecognizer(supported_language=language),
        DateOfBirthRecognizer(supported_language=language),
        CuedNumberRecognizer(supported_language=language),
        DialogueSlotRecognizer(supported_language=language),
        StrictNumberRecognizer(supported_language=language),
    ]
