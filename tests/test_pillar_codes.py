"""The six Smart City pillars have one list of codes (``analysis.i18n.PILLAR_CODES``, from the
text catalogue); the workbook's drop-down spellings and every module use it, in one order."""
from __future__ import annotations

from analysis import i18n
from analysis.data import template_tables as templates

# Kominfo's six pillars (Gerakan Menuju 100 Smart City), in the order the reports list them.
SIX = ("governance", "branding", "economy", "living", "society", "environment")


def test_one_list_of_pillar_codes():
    assert i18n.PILLAR_CODES == SIX
    assert tuple(templates.CHOICES["pillar"]) == SIX     # the workbook's spellings, same order
    assert templates.PILLAR_CODES is i18n.PILLAR_CODES   # imported, not defined again
