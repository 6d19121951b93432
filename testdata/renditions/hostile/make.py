#!/usr/bin/env python3
"""hostile/make.py - write the hostile PDFs of the robustness tests into this folder,
with expect.json (what each must end as) used by renditions_test.go.

    python3 testdata/renditions/hostile/make.py

Needs qpdf (the encrypted file) and poppler-utils' pdftoppm (the scanned page).
Bases are rendition fixtures of this repository (run ../make.sh first):
../seed-003/libreoffice.pdf (4 pages, LibreOffice 7.4) and ../seed-004/chromium.pdf.
Everything is deterministic (fixed random seeds) except the bases themselves.

Every file is built so that no text can be recovered from it, whatever a reader
repairs: the expected outcome of each is a failed document with a reason, within
a bounded time and memory, and the run going on. Files that a good reader can
repair (a broken xref table alone, junk around the file) are not here: they
belong with the samples that must give the right text.
"""
import json
import os
import random
import re
import subprocess
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
LO = os.path.join(HERE, '..', 'seed-003', 'libreoffice.pdf')
CHR = os.path.join(HERE, '..', 'seed-004', 'chromium.pdf')

EXPECT = {}


# A damaged or hostile file that is not a scan must not be reported as one:
# "scanned document; OCR not supported" would send the user to an OCR tool.
NOT_A_SCAN = r'(?i)scanned|OCR'


def put(name, data, how, reason='', note='', reason_not=NOT_A_SCAN):
    """Write one file and record what it must end as: status failed, a reason
    matching reason (any when ''), and not matching reason_not."""
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)
    EXPECT[name] = {'status': 'failed', 'reason': reason, 'reason_not': reason_not, 'how': how,
                    'note': note, 'size': len(data)}


# ---------------------------------------------------------------------------
# a small PDF writer (classic xref table)

def build(objs, root=1, header=b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', info=None):
    out = bytearray(header)
    offs = {}
    for num, body in objs:
        offs[num] = len(out)
        out += b'%d 0 obj\n' % num + body + b'\nendobj\n'
    size = max(offs) + 1
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % size
    for i in range(1, size):
        out += (b'%010d 00000 n \n' % offs[i]) if i in offs else b'0000000000 00000 f \n'
    out += b'trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n' % (
        size, root, b' /Info %d 0 R' % info if info else b'', xref)
    return bytes(out)


def stream(data, extra=b'', filters=()):
    """A stream object; filters are applied innermost first (Flate only)."""
    for _ in filters:
        data = zlib.compress(data, 9)
    if filters:
        names = b' '.join(b'/FlateDecode' for _ in filters)
        extra += b' /Filter ' + (names if len(filters) == 1 else b'[' + names + b']')
    return b'<< /Length %d%s >>\nstream\n' % (len(data), extra) + data + b'\nendstream'


FONT = b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'
TEXT = 'Underdatabehandlere: Amazon Web Services EMEA SARL – Irland – hosting (æøå)'.encode('cp1252')


def one_page(contents, resources=b'<< /Font << /F1 5 0 R >> >>', pages=None, page=None):
    """Catalog 1, Pages 2, Page 3, content 4 (or a /Contents value), font 5."""
    objs = [
        (1, b'<< /Type /Catalog /Pages 2 0 R >>'),
        (2, pages or b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
        (3, page or (b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources ' + resources +
                     b' /Contents 4 0 R >>')),
        (5, FONT),
    ]
    if contents is not None:
        objs.append((4, contents))
    return sorted(objs)


# ---------------------------------------------------------------------------
# byte damage to real files

STREAM = re.compile(rb'stream\r?\n')


def stream_starts(data):
    """Offsets of the first data byte of every stream whose dictionary says FlateDecode."""
    out = []
    for m in STREAM.finditer(data):
        head = data[max(0, m.start() - 300):m.start()]
        if b'FlateDecode' in head[head.rfind(b'obj'):]:
            out.append(m.end())
    return out


def kill_zlib_headers(data):
    """Flip the two zlib header bytes of every Flate stream: nothing inflates,
    so no content stream, font program or ToUnicode map can be read."""
    b = bytearray(data)
    for s in stream_starts(data):
        b[s] ^= 0xFF
        b[s + 1] ^= 0xFF
    return bytes(b)


def flip_random(data, rate, seed):
    """XOR a random non-zero value into rate of the bytes (positions from seed)."""
    rnd = random.Random(seed)
    b = bytearray(data)
    for i in rnd.sample(range(len(b)), int(len(b) * rate)):
        b[i] ^= rnd.randrange(1, 256)
    return bytes(b)


def main():
    lo = open(LO, 'rb').read()
    chrome = open(CHR, 'rb').read()

    # -- truncated ---------------------------------------------------------------
    for pct in (40, 70):
        put('truncated_%d.pdf' % pct, lo[:len(lo) * pct // 100],
            'first %d%% of ../seed-003/libreoffice.pdf' % pct,
            note='LibreOffice writes the page dictionaries, catalog and xref after the fonts, '
                 'at 90-100% of the file: no page survives the cut')

    # -- flipped bytes -----------------------------------------------------------
    put('flipped_zlib_headers.pdf', kill_zlib_headers(lo),
        'the 2 zlib header bytes of every FlateDecode stream of ../seed-003/libreoffice.pdf XORed with 0xFF',
        note='structure intact, every stream undecodable')
    for seed in (1, 2, 3):
        put('flipped_random_%d.pdf' % seed, flip_random(kill_zlib_headers(lo), 0.005, seed),
            'as flipped_zlib_headers, then 0.5%% of all bytes XORed with random values (random.Random(%d))' % seed,
            note='damage anywhere: dictionaries, numbers, xref, names')
    put('flipped_random_chromium.pdf', flip_random(kill_zlib_headers(chrome), 0.005, 4),
        'the same on ../seed-004/chromium.pdf (Type0 fonts, tagged PDF), random.Random(4)')

    # -- cyclic page trees ---------------------------------------------------------
    content = stream(b'BT /F1 12 Tf 72 700 Td (' + TEXT + b') Tj ET')
    put('cyclic_kids_self.pdf',
        build(one_page(content, pages=b'<< /Type /Pages /Kids [2 0 R] /Count 1 >>')),
        'crafted: the Pages node lists itself as its only kid (/Count 1); the page object is unreachable')
    objs = one_page(content, pages=b'<< /Type /Pages /Kids [6 0 R] /Count 3 >>')
    objs.append((6, b'<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 3 >>'))
    put('cyclic_kids_pair.pdf', build(sorted(objs)),
        'crafted: Pages 2 -> Pages 6 -> [Pages 2, Pages 6] (a two-node cycle and a self-loop), no leaf reachable')

    # -- deep nesting --------------------------------------------------------------
    deep = b'BT /F1 12 Tf 72 700 Td ' + b'[' * 2_000_000 + b']' * 2_000_000 + b' TJ ET'
    put('deep_nesting_content.pdf', build(one_page(stream(deep, filters=('flate',)))),
        'crafted: the only content stream is 2,000,000 nested [ then ] (Flate, 4 MB inflated)',
        note='recursive parsers overflow the stack; no text either way')
    put('deep_nesting_objstm.pdf', deep_objstm(),
        'crafted PDF 1.5: an object in a compressed object stream (xref stream) holding 3,000,000 '
        'nested arrays, referenced from the page /Resources; the page content is "q Q"',
        note='the nesting is hit while resolving the page, before any content')

    # -- compression bombs -----------------------------------------------------------
    put('flate_bomb_nested.pdf', nested_bomb(1100 << 20),
        'crafted: content stream /Filter [/FlateDecode /FlateDecode] of 1.1 GiB of spaces',
        note='inflates to > 1 GiB; spaces only, so no text even when inflated completely')
    inner = stream(b' ' * (16 << 20), filters=('flate',))
    refs = b' '.join(b'4 0 R' for _ in range(80))
    put('flate_bomb_refs.pdf',
        build(one_page(inner, page=b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] '
                                   b'/Resources << /Font << /F1 5 0 R >> >> /Contents [' + refs + b'] >>')),
        'crafted: /Contents lists one 16 MiB (inflated) stream of spaces 80 times',
        note='1.25 GiB of content from a small file; no text')

    # -- encrypted -------------------------------------------------------------------
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'enc.pdf')
        subprocess.run(['qpdf', '--encrypt', 'user', 'owner', '256', '--', LO, out], check=True)
        put('encrypted_user_password.pdf', open(out, 'rb').read(),
            'qpdf --encrypt user owner 256 -- ../seed-003/libreoffice.pdf OUT (AES-256, user password "user")',
            reason=r'(?i)encrypt|password')

        # -- image only: a scanned page ---------------------------------------------------
        pbm = os.path.join(tmp, 'scan')
        subprocess.run(['pdftoppm', '-r', '150', '-mono', '-f', '1', '-l', '1', '-singlefile', CHR, pbm], check=True)
        put('image_only_scan.pdf', scanned(open(pbm + '.pbm', 'rb').read()),
            'page 1 of ../seed-004/chromium.pdf rasterised (pdftoppm -r 150 -mono), with scanner speckle, '
            'as a 1-bit Flate image XObject on an A4 page; no fonts, no text operators',
            reason=r'(?i)text layer|scan|ocr|no text|image', reason_not='')

    with open(os.path.join(HERE, 'expect.json'), 'w') as f:
        json.dump(EXPECT, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write('\n')
    write_readme()
    for name, e in sorted(EXPECT.items()):
        print('%-32s %9d B' % (name, e['size']))


def write_readme():
    rows = []
    for name, e in sorted(EXPECT.items()):
        want = 'failed'
        if e['reason']:
            want += ', reason matching `%s`' % e['reason']
        else:
            want += ', any reason'
        if e['reason_not']:
            want += ', not matching `%s`' % e['reason_not']
        how = e['how'] + ('. ' + e['note'] if e['note'] else '')
        rows.append('| `%s` | %s | %s | %s |' % (name, '{:,}'.format(e['size']), how.replace('|', '\\|'), want.replace('|', '\\|')))
    text = """# Hostile PDFs

Written by `make.py` in this folder (`python3 testdata/renditions/hostile/make.py`, after
`../make.sh`; needs qpdf and poppler-utils' pdftoppm). `expect.json` holds the table below
in the form `TestHostilePDFs` (../../../renditions_test.go) reads.

Each file is built so that no text can be recovered from it, whatever a reader repairs:
every one must end as a **failed** document with a reason a user can act on, within the
test's per-file deadline (90 s, and the reader's own worker timeout well before it), without
hanging or killing the run, and a good PDF read right after them must still be ok. A
damaged file must not be called a scan ("scanned document; OCR not supported" would send
the user to an OCR tool). Files a good reader can repair (a broken xref table alone, junk
around the file) are not here: they belong with the samples that must give the right text
(../../../../shared/pdf-samples).

| file | bytes | how it was made | expected |
|---|---:|---|---|
""" + '\n'.join(rows) + '\n'
    with open(os.path.join(HERE, 'README.md'), 'w') as f:
        f.write(text)


def deep_objstm():
    nested = b'[' * 3_000_000 + b']' * 3_000_000
    first = b'6 0 '
    objstm = zlib.compress(first + nested, 9)
    body = [
        (1, b'<< /Type /Catalog /Pages 2 0 R >>'),
        (2, b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
        (3, b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Junk 6 0 R >> /Contents 4 0 R >>'),
        (4, stream(b'q Q')),
        (5, b'<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\nstream\n' % (len(first), len(objstm))
         + objstm + b'\nendstream'),
    ]
    out = bytearray(b'%PDF-1.5\n%\xe2\xe3\xcf\xd3\n')
    offs = {}
    for num, b in body:
        offs[num] = len(out)
        out += b'%d 0 obj\n' % num + b + b'\nendobj\n'
    xref_off = len(out)
    rows = [b'\x00' + (0).to_bytes(4, 'big') + (0xFFFF).to_bytes(2, 'big')]
    for n in range(1, 6):
        rows.append(b'\x01' + offs[n].to_bytes(4, 'big') + b'\x00\x00')
    rows.append(b'\x02' + (5).to_bytes(4, 'big') + (0).to_bytes(2, 'big'))   # obj 6: in objstm 5, index 0
    rows.append(b'\x01' + xref_off.to_bytes(4, 'big') + b'\x00\x00')         # obj 7: the xref stream
    data = b''.join(rows)
    out += b'7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n' % len(data)
    out += data + b'\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' % xref_off
    return bytes(out)


def nested_bomb(n):
    """A content stream of n spaces, Flate-compressed twice, streaming (no n-byte buffer)."""
    c = zlib.compressobj(9)
    chunk = b' ' * (1 << 20)
    parts = [c.compress(chunk) for _ in range(n >> 20)]
    parts.append(c.flush())
    once = b''.join(parts)
    twice = zlib.compress(once, 9)
    s = (b'<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n' % len(twice) + twice + b'\nendstream')
    return build(one_page(s))


def scanned(pbm):
    """A PDF page holding only a 1-bit image: a P4 PBM (1 = black) as /DeviceGray with /Decode [1 0]."""
    m = re.match(rb'P4\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s', pbm)
    w, h = int(m.group(1)), int(m.group(2))
    bits = bytearray(pbm[m.end():])
    rnd = random.Random(7)
    for _ in range(400):   # speckle, as a scanner leaves
        bits[rnd.randrange(len(bits))] |= 1 << rnd.randrange(8)
    img = zlib.compress(bytes(bits), 9)
    content = b'q 595 0 0 842 0 0 cm /Im1 Do Q'
    objs = [
        (1, b'<< /Type /Catalog /Pages 2 0 R >>'),
        (2, b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
        (3, b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 6 0 R >> >> '
            b'/Contents 4 0 R >>'),
        (4, stream(content)),
        (5, b'<< /Producer (ScanWorks 4.2 PDF Engine) /Creator (Kontorskanner MFP) /Title (Skann 0042) >>'),
        (6, b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 '
            b'/Decode [1 0] /Filter /FlateDecode /Length %d >>\nstream\n' % (w, h, len(img)) + img + b'\nendstream'),
    ]
    return build(objs, info=5)


if __name__ == '__main__':
    main()
