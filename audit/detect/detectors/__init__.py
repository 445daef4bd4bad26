"""The detectors, one module each, in the order they run. Names are what the security officer sees."""

from audit.detect.detectors.auth_attacks import AuthAttacks
from audit.detect.detectors.bulk_enumeration import BulkEnumeration
from audit.detect.detectors.disabled_account import DisabledAccount
from audit.detect.detectors.new_source import NewSource
from audit.detect.detectors.off_hours import OffHours
from audit.detect.detectors.purpose import Purpose
from audit.detect.detectors.sensitive_classes import SensitiveClasses
from audit.detect.detectors.sensitive_subjects import SensitiveSubjects
from audit.detect.detectors.volume import Volume

DETECTORS = (Volume, OffHours, BulkEnumeration, Purpose, SensitiveSubjects, AuthAttacks, NewSource,
             DisabledAccount, SensitiveClasses)

__all__ = ["DETECTORS", "AuthAttacks", "BulkEnumeration", "DisabledAccount", "NewSource", "OffHours", "Purpose",
           "SensitiveClasses", "SensitiveSubjects", "Volume"]
