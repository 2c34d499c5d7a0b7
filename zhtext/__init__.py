"""zhtext: read Chinese official documents (work reports, news of meetings) into facts.

>>> import zhtext
>>> doc = zhtext.read("政府工作报告\\n今年主要预期目标是：地区生产总值增长5%左右。".encode())
>>> doc.doc_type
'work_report'

Pure Python, offline, deterministic: bytes or text in, frozen dataclasses out.
"""

from zhtext.classify import classify
from zhtext.clean import Cleaned, clean
from zhtext.contract import SCHEMA_ID, json_schema, to_contract
from zhtext.decode import DEFAULT_MAX_BYTES, Decoded, decode
from zhtext.errors import ReadError
from zhtext.model import (
    Commitment,
    Document,
    Enumeration,
    Event,
    Indicator,
    Instruction,
    Person,
    Quality,
    Rank,
    Region,
    Section,
    Source,
    Span,
    Structure,
    Target,
)
from zhtext.reader import read
from zhtext.script import detect_script, to_simplified
from zhtext.structure import structure

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SCHEMA_ID",
    "Cleaned",
    "Commitment",
    "Decoded",
    "Document",
    "Enumeration",
    "Event",
    "Indicator",
    "Instruction",
    "Person",
    "Quality",
    "Rank",
    "ReadError",
    "Region",
    "Section",
    "Source",
    "Span",
    "Structure",
    "Target",
    "classify",
    "clean",
    "decode",
    "detect_script",
    "json_schema",
    "read",
    "structure",
    "to_contract",
    "to_simplified",
]
