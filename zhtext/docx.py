"""Word documents: paragraph text in document order (tables after their paragraphs)."""

from __future__ import annotations

import io
import zipfile

from zhtext.errors import ReadError


def docx_to_text(data: bytes) -> str:
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError("not a readable .docx file (broken or not a Word archive)") from exc
    except Exception as exc:  # python-docx raises assorted errors on damaged archives
        raise ReadError(f"not a readable .docx file ({type(exc).__name__})") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("the .docx file contains no text")
    return text
