"""The spreadsheet kit every Excel import and export uses (分解表, indicator targets and
actuals, key projects), so that a rule about files is written once:

columns   one `Column`: key, heading, help, width, required, aliases, choices, text
cells     single cells read as text, numbers, whole numbers (`CellError` says why not, in Chinese)
reading   an upload checked and opened, the header found, the rows read — streamed, or with
          merged cells spread (the 分解表's 报告任务原文 spans its sub-items)
outcome   `RowError`, `ImportOutcome`, and the change plan an update-import previews:
          added · changed (cell by cell) · unchanged · refused (row and column)
writing   cells written safely — text stays text (never a formula), numbers stay numeric
          with a number format — header rows, workbook bytes
held      an upload kept between its preview and its apply, through Django's storage API
summary   what a preview or apply says back, as plain data (the page, the API, a stored job)
progress  how far a long read or apply has got, for the background job that watches it
"""
