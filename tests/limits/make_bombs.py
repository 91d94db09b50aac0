"""Writes the hostile workbooks of the limits test (check_bombs.py) into a folder.

  bomb-2g.xlsx       a worksheet part of 2 GiB of spaces, 2 MiB compressed, sizes declared truly
  bomb-2g-lying.xlsx the same part, its local and central headers declaring 1 KiB inflated
  laughs.xlsx        shared strings declaring nested entities ("billion laughs")
  dimension-1m-columns.xlsx  a sheet whose dimension claims A1:BDWGN1, a million columns
                             (past Excel's last, XFD = 16,384)
  dimension-whole-sheet.xlsx a dimension of A1:XFD1048576 and a row spanning 1:1000000 over one
                             cell: valid, and read as the one cell it is
  cell-column-1m.xlsx        a cell in column 1,000,000

Made without zipfile's own deflate: the 2 GiB part is one compressed MiB of spaces repeated
(each copy ends in a full flush, so it refers to nothing before it), so writing it takes a second.
"""
import os
import struct
import sys
import zlib

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
SHEET = SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
STRINGS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           '<si><t>Looked after children</t></si></sst>')


class Entry:
    def __init__(self, name, chunks, crc, size, declared_size=None):
        self.name, self.chunks, self.crc, self.size = name.encode(), chunks, crc, size
        self.declared = size if declared_size is None else declared_size


def deflated(name, text):
    data = text.encode()
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Entry(name, [c.compress(data) + c.flush()], zlib.crc32(data), len(data))


def repeated(name, head, block, times, tail, declared_size=None):
    """A part of head + block * times + tail, deflated with the block compressed once."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    middle = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * times + len(tail)
    return Entry(name, [first] + [middle] * times + [last], crc, size, declared_size)


def write_zip(path, entries):
    with open(path, "wb") as out:
        central = b""
        for e in entries:
            offset = out.tell()
            compressed = sum(len(c) for c in e.chunks)
            fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, e.crc, compressed, e.declared)
            out.write(b"PK\x03\x04" + fields + struct.pack("<HH", len(e.name), 0) + e.name)
            for c in e.chunks:
                out.write(c)
            central += (b"PK\x01\x02" + struct.pack("<H", 20) + fields +
                        struct.pack("<HHHHHII", len(e.name), 0, 0, 0, 0, 0, offset) + e.name)
        start = out.tell()
        out.write(central)
        out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(central), start, 0))


def package(path, sheet=None, strings=None):
    entries = [deflated("[Content_Types].xml", CONTENT_TYPES), deflated("_rels/.rels", ROOT_RELS),
               deflated("xl/workbook.xml", WORKBOOK), deflated("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
               sheet or deflated("xl/worksheets/sheet1.xml", SHEET),
               strings or deflated("xl/sharedStrings.xml", STRINGS)]
    write_zip(path, entries)


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    mib = b" " * (1 << 20)
    head = (SHEET_HEAD + "<sheetData>").encode()
    tail = b"</sheetData></worksheet>"
    package(os.path.join(folder, "bomb-2g.xlsx"),
            sheet=repeated("xl/worksheets/sheet1.xml", head, mib, 2048, tail))
    package(os.path.join(folder, "bomb-2g-lying.xlsx"),
            sheet=repeated("xl/worksheets/sheet1.xml", head, mib, 2048, tail, declared_size=1024))
    laughs = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "hahahahahahahahahaha">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
              + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
              'uniqueCount="1"><si><t>&j;</t></si></sst>')
    package(os.path.join(folder, "laughs.xlsx"), strings=deflated("xl/sharedStrings.xml", laughs))
    package(os.path.join(folder, "dimension-1m-columns.xlsx"), sheet=deflated(
        "xl/worksheets/sheet1.xml", SHEET_HEAD + '<dimension ref="A1:BDWGN1"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'))
    package(os.path.join(folder, "dimension-whole-sheet.xlsx"), sheet=deflated(
        "xl/worksheets/sheet1.xml", SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1" spans="1:1000000"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'))
    package(os.path.join(folder, "cell-column-1m.xlsx"), sheet=deflated(
        "xl/worksheets/sheet1.xml", SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="BDWGN1"><v>1</v></c></row></sheetData></worksheet>'))

if __name__ == "__main__":
    main()
