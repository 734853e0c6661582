"""The print engine: board layouts as HTML (theme/print/) rendered to PDF by WeasyPrint.

`documents` decides what prints and at which size (pure); `markup` turns bodies into
print HTML; `fit` finds the largest type that fits; `tiles` cuts a snapshot into sheets;
`engine` renders and writes the files.
"""
