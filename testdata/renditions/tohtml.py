#!/usr/bin/env python3
"""tohtml.py - turn one subproc test document (.txt, .md or .rst) into a
realistic web page for the rendition fixtures (see README.md).

    tohtml.py SRC OUT --lang nb --brand "Plandisc" [--encoding windows-1252]
              [--doc] [--kv strong|dl] [--splitheader "Navn|Reg.nr.|Adresse|Beskrivelse"]

What the page gets, whatever the source:
  * <meta charset> for the encoding the file is written in (utf-8 or windows-1252),
    a <title>, a <script> and JSON-LD in <head> (a reader must drop them),
  * site chrome around the content: <header> with the brand and a <nav>, a
    breadcrumb <nav>, a <footer>; and a LibreOffice page footer (<div title="footer">
    with page-number fields; hidden in browsers) so both producers print
    "Side N av M"-style page numbers, Chromium through @page margin boxes,
  * print CSS: A4, Liberation fonts, tables with fixed, narrow column widths so
    long cells wrap over several lines and long tables break across pages with
    the <thead> header repeated on every page (both producers do that).

Text sources (.txt, the layout of the seeds and the golden documents):
  * runs of lines with >= 2 tabs become one <table>: the first line is the <thead>
    header; the same header repeated later in the run (a page break in the
    source) is dropped; a line whose first cell is empty continues the row above
    (cell text joined with a space, with <br> in address columns, or as a new <p>
    after a blank line when the cell text ended a sentence); "Page N of M" lines
    and form feeds inside the run are dropped;
  * table-of-contents lines ("Title.....<TAB>7") become a <ul class="toc">, other
    runs of one-tab lines (signature blocks) a borderless table;
  * "Name" + "Label: value" lines become <h3>Name</h3> and a <p> with
    <strong>Label:</strong> value<br> (or a <dl> with --kv dl); an unlabelled line
    after a labelled one continues its value (a hard wrap in the text);
  * bullet lines (•, -, –, and * when there are two or more) become <ul> (nested by
    indentation), runs of "N. text" lines an <ol start=N>;
  * short heading-like lines <h1>/<h2> (<h3> for a name before a key-value block);
    a block of short lines (an address) one <p> with <br>; other lines one <p> each;
  * --splitheader: the layout of seed 000, a web table flattened to text (the
    header one name per line, then "Name RegNo Address" lines each followed by
    the description paragraphs) is rebuilt as the real <table> it came from.
Markdown (.md): headings, pipe tables (inline HTML in cells kept), lists, definition
lists (Term / ": definition"), **bold**, [links](url), hard line breaks.
reStructuredText (.rst): titles and sections, field lists, paragraphs, definition lists.

Written for the documents this folder uses; not a general converter.
"""
import argparse
import html
import json
import re
import sys

# --------------------------------------------------------------------------
# words of the chrome, per language

CHROME = {
    'da': dict(nav=['Produkter', 'Priser', 'Kunder', 'Om os', 'Kontakt'], home='Forside', legal='Juridisk',
               privacy='Privatlivspolitik', cookies='Cookiepolitik', page='Side {p} af {n}', rights='Alle rettigheder forbeholdes'),
    'nb': dict(nav=['Produkter', 'Priser', 'Kunder', 'Om oss', 'Kontakt'], home='Hjem', legal='Juridisk',
               privacy='Personvern', cookies='Informasjonskapsler', page='Side {p} av {n}', rights='Alle rettigheter reservert'),
    'nn': dict(nav=['Produkt', 'Prisar', 'Kundar', 'Om oss', 'Kontakt'], home='Heim', legal='Juridisk',
               privacy='Personvern', cookies='Informasjonskapslar', page='Side {p} av {n}', rights='Alle rettar reserverte'),
    'sv': dict(nav=['Produkter', 'Priser', 'Kunder', 'Om oss', 'Kontakt'], home='Hem', legal='Juridiskt',
               privacy='Integritetspolicy', cookies='Kakor', page='Sida {p} av {n}', rights='Alla rättigheter förbehållna'),
    'en': dict(nav=['Product', 'Pricing', 'Customers', 'About', 'Contact'], home='Home', legal='Legal',
               privacy='Privacy', cookies='Cookies', page='Page {p} of {n}', rights='All rights reserved'),
}

# --------------------------------------------------------------------------
# inline text

# tags a cell or a Markdown line may carry through as HTML
PASS_TAGS = re.compile(r'</?(?:p|u|br|b|strong|i|em|ul|ol|li|sup|sub)\b[^<>]*?/?>', re.I)


def esc(s):
    return html.escape(s, quote=False)


def inline_txt(s):
    """Escape text from a .txt source, keeping the HTML fragments the seeds carry."""
    out, pos = [], 0
    for m in PASS_TAGS.finditer(s):
        out.append(esc(s[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(esc(s[pos:]))
    return ''.join(out)


def inline_md(s):
    """Markdown inline: HTML tags and entities pass, **bold**, *em*, [text](url)."""
    tags = []

    def keep(m):
        tags.append(m.group(0))
        return '\x00%d\x00' % (len(tags) - 1)
    s = PASS_TAGS.sub(keep, s)
    s = re.sub(r'&(?=[#a-zA-Z0-9]+;)', '\x01', s)   # entities already written as such
    s = esc(s).replace('\x01', '&')
    s = re.sub(r'\[([^\]]+)\]\(([^)\s]+)\)', lambda m: '<a href="%s">%s</a>' % (m.group(2), m.group(1)), s)
    s = re.sub(r'\*\*(.+?)\*\*', r'<strong>\1</strong>', s)
    s = re.sub(r'(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])', r'<em>\1</em>', s)
    return re.sub('\x00(\\d+)\x00', lambda m: tags[int(m.group(1))], s)


# --------------------------------------------------------------------------
# blocks: ('h', level, html, pagebreak) ('p', [html lines]) ('ul'|'ol', items, start)
# ('dl', [(term, [defs])]) ('table', header, rows, kind) ('kv', name|None, [(label, value)])
# ('toc', [(title, page)]) ; items of lists are (html, children-list-block|None)

PAGE_LINE = re.compile(r'^\s*(?:Side|Sida|Page)\s+\d+\s+(?:af|av|of)\s+\d+\s*$', re.I)
BULLET = re.compile(r'^(\s*)([•·\-–*])\s+(.*)$')
NUMBERED = re.compile(r'^(\d{1,2})\.\s+(\S.*)$')
LABEL = re.compile(r'^\s*([A-ZÆØÅÄÖÜa-zæøåäöü][\w .\-/()]{0,38}?):\s+(\S.*)$')
TOC = re.compile(r'^(.*?)(?:\s*\.{3,})?\t(\d{1,3})\s*$')
ADDRESS_COL = re.compile(r'adress|address|adresse', re.I)
SENT_END = re.compile(r'[.!?:)]\s*$')


def is_label(line):
    m = LABEL.match(line)
    if not m or '://' in line:
        return None
    label = m.group(1).strip()
    if len(label.split()) > 4:
        return None
    return label, m.group(2).strip()


def heading_like(line):
    s = line.strip()
    if not s or len(s) > 80 or len(s.split()) > 9:
        return False
    if s[-1] in '.,;:' or s[0] in '(*"“«[' or s[0].islower() or not re.search(r'[^\W\d_]{3}', s):
        return False
    if any(c in s for c in '"“”«»#\t'):
        return False
    if BULLET.match(line) or is_label(s):
        return False
    if re.search(r'\d', s) and not re.match(r'^(\d{1,2}(\.\d+)*\.?\s+[^\d\s]|[A-C]\.\d|(Bilag|Bilaga|Vedlegg|Annex|Schedule|Appendix)\b)', s):
        return False   # a street, a postcode, a date: not a heading
    return True


def section_heading(line):
    """Numbered clause titles, ALL-CAPS titles and annex titles: <h2>."""
    s = line.strip()
    return bool(re.match(r'^\d+(\.\d+)*\.?\s+\S', s) or (s.isupper() and len(s) > 3)
                or re.match(r'^(Bilag|Bilaga|Vedlegg|Annex|Schedule|Appendix)\b', s, re.I))


def parse_txt(text, opts):
    raw = text.split('\n')
    lines, breaks = [], set()
    pending_break = False
    for ln in raw:
        if '\f' in ln:
            pending_break = True
            ln = ln.replace('\f', '')
        if PAGE_LINE.match(ln):
            continue
        if pending_break and ln.strip():
            breaks.add(len(lines))
            pending_break = False
        lines.append(ln.rstrip(' \r'))
    blocks = []
    split_cols = opts.splitheader.split('|') if opts.splitheader else None
    i, n = 0, len(lines)

    def blank(k):
        return lines[k].strip() == '' and '\xa0' not in lines[k]

    while i < n:
        ln = lines[i]
        if ln.strip() == '':
            if '\xa0' in ln:
                blocks.append(('p', ['&nbsp;']))
            i += 1
            continue
        if split_cols and split_header_at(lines, i, split_cols):
            i = parse_split_table(lines, i, split_cols, blocks, opts)
            continue
        if ln.count('\t') >= 2:
            i = parse_tab_table(lines, i, blocks)
            continue
        if TOC.match(ln):
            items = []
            while i < n and TOC.match(lines[i]):
                m = TOC.match(lines[i])
                items.append((m.group(1).strip().rstrip('.'), m.group(2)))
                i += 1
            blocks.append(('toc', items))
            continue
        if ln.count('\t') == 1:
            rows = []
            while i < n and lines[i].count('\t') == 1 and not TOC.match(lines[i]):
                rows.append([c.strip() for c in lines[i].split('\t')])
                i += 1
            blocks.append(('table', None, [[[inline_txt(c)] if c else [] for c in r] for r in rows], 'plain'))
            continue
        j = i
        while j < n and lines[j].strip() and '\t' not in lines[j]:
            j += 1
        block_blocks = classify(lines[i:j], opts, first=not any(b[0] == 'h' for b in blocks))
        if i in breaks and block_blocks and block_blocks[0][0] == 'h' and opts.doc:
            block_blocks[0] = block_blocks[0][:3] + (True,)
        blocks.extend(block_blocks)
        i = j
    # a name line standing alone before a key-value block without a name is that block's heading
    for k in range(1, len(blocks)):
        if blocks[k][0] == "kv" and blocks[k][1] is None and blocks[k - 1][0] == "h" and blocks[k - 1][1] > 1:
            blocks[k - 1] = ('h', 3) + blocks[k - 1][2:]
    return blocks


def classify(ls, opts, first):
    """Blocks for one run of non-blank lines without tabs."""
    out = []
    # heading line followed by clause paragraphs or a labelled block
    if len(ls) >= 2 and heading_like(ls[0]) and not is_label(ls[1]) and \
            (section_heading(ls[0]) or len(ls[1]) > 80) and not BULLET.match(ls[1]):
        out.append(('h', 2 if not first else 1, inline_txt(ls[0].strip()), False))
        return out + classify(ls[1:], opts, False)
    labels = [is_label(l) for l in ls]
    if sum(1 for x in labels if x) >= 2:
        name = None
        body = ls
        if not labels[0]:
            name, body, labels = ls[0].strip(), ls[1:], labels[1:]
        if labels[0] and (name is None or not name.endswith(':')):
            pairs = []
            for l, lab in zip(body, labels):
                if lab:
                    pairs.append(list(lab))
                else:
                    pairs[-1][1] += ' ' + l.strip()
            return [('kv', name, [(a, b) for a, b in pairs])]
    if len(ls) == 1 and not BULLET.match(ls[0]):
        s = ls[0].strip()
        if heading_like(s):
            return [('h', 1 if first else 2, inline_txt(s), False)]
        return [('p', [inline_txt(s)])]
    if all(len(l.strip()) <= 70 and not BULLET.match(l) and not NUMBERED.match(l) for l in ls):
        return [('p', [inline_txt(l.strip()) for l in ls])]
    # runs of bullet lines, of numbered lines, and other lines (one paragraph each)
    k = 0
    while k < len(ls):
        j = k
        if BULLET.match(ls[k]):
            while j < len(ls) and BULLET.match(ls[j]):
                j += 1
            if j - k >= 2 or BULLET.match(ls[k]).group(2) != '*':
                out.append(list_block(ls[k:j]))
            else:
                out.append(('p', [inline_txt(ls[k].strip())]))
        elif NUMBERED.match(ls[k]):
            while j < len(ls) and NUMBERED.match(ls[j]):
                j += 1
            if j - k >= 2:
                nums = [NUMBERED.match(l) for l in ls[k:j]]
                out.append(('ol', [(inline_txt(m.group(2)), None) for m in nums], int(nums[0].group(1))))
            else:
                out.append(('p', [inline_txt(ls[k].strip())]))
        else:
            j = k + 1
            out.append(('p', [inline_txt(ls[k].strip())]))
        k = j
    return out


def list_block(ls):
    """A bullet list, nested one level by indentation."""
    items = []
    base = len(BULLET.match(ls[0]).group(1))
    for l in ls:
        m = BULLET.match(l)
        lettered = re.match(r'^[a-z][.)]\s', m.group(3))   # "- a. ...", " - b. ...": a flat list
        if len(m.group(1)) > base and items and not lettered:
            head, sub = items[-1]
            if sub is None:
                sub = ('ul', [], 1)
            sub[1].append((inline_txt(m.group(3)), None))
            items[-1] = (head, sub)
        else:
            items.append((inline_txt(m.group(3)), None))
    return ('ul', items, 1)


def cells_of(line, width):
    cs = [c.strip() for c in line.split('\t')]
    cs += [''] * (width - len(cs))
    return cs[:width] if len(cs) > width and not any(cs[width:]) else cs


def parse_tab_table(lines, i, blocks):
    header = cells_of(lines[i], 0)
    width = len(header)
    key = [c.lower() for c in header]
    rows = []   # each row: list of cells; a cell is a list of paragraphs (html strings)
    i += 1
    gap = False
    while i < len(lines):
        ln = lines[i]
        if ln.strip() == '':
            # a blank line inside the run: the table goes on if a tab line follows
            k = i
            while k < len(lines) and lines[k].strip() == '':
                k += 1
            if k < len(lines) and lines[k].count('\t') >= 2:
                gap, i = True, k
                continue
            break
        if ln.count('\t') < 2:
            break
        cs = cells_of(ln, width)
        if [c.lower() for c in cs] == key:          # header repeated after a page break
            i += 1
            continue
        if rows and cs[0] == '':                   # continuation of the row above
            row = rows[-1]
            for c, txt in enumerate(cs):
                if not txt:
                    continue
                while c >= len(row):
                    row.append([])
                cell = row[c]
                if not cell:
                    cell.append(inline_txt(txt))
                elif c < len(header) and ADDRESS_COL.search(header[c]):
                    cell[-1] += '<br>' + inline_txt(txt)
                elif gap and SENT_END.search(cell[-1]):
                    cell.append(inline_txt(txt))
                else:
                    cell[-1] += ' ' + inline_txt(txt)
        else:
            rows.append([[inline_txt(c)] if c else [] for c in cs])
        gap = False
        i += 1
    blocks.append(('table', [inline_txt(h) for h in header], rows, 'data'))
    return i


REGNO = re.compile(r'^(?P<name>.+?)\s+(?P<reg>(?:[A-Z]{1,2})?\d[\d ]{4,}\d|–|-)\s+(?P<addr>\d.*|[A-Z].*)$')


def split_header_at(lines, i, cols):
    got = []
    k = i
    while k < len(lines) and lines[k].strip() and len(got) < 6:
        got.append(lines[k].strip())
        if ' '.join(got) == ' '.join(cols):
            return True
        k += 1
    return False


def parse_split_table(lines, i, cols, blocks, opts):
    """Rebuild a web table whose text lost its cells (seed 000)."""
    k, got = i, []
    while ' '.join(got) != ' '.join(cols):
        got.append(lines[k].strip())
        k += 1
    rows = []
    para = []

    def flush_para():
        if para and rows:
            rows[-1][3].extend(classify_cell(para, opts))
        para.clear()
    while k < len(lines):
        ln = lines[k]
        m = REGNO.match(ln.strip()) if len(ln) < 200 and not ln.rstrip().endswith('.') else None
        if m:
            flush_para()
            rows.append([[inline_txt(m.group('name'))], [inline_txt(m.group('reg'))],
                         [inline_txt(m.group('addr'))], []])
        elif ln.strip() == '':
            flush_para()
        else:
            para.append(ln)
        k += 1
    flush_para()
    blocks.append(('table', [inline_txt(c) for c in cols], rows, 'data'))
    return k


def classify_cell(ls, opts):
    """Paragraphs of a cell: (kind, html) rendered later by render_cell."""
    bl = classify(ls, opts, first=False)
    out = []
    for b in bl:
        if b[0] == 'h':
            out.append('<p>%s</p>' % b[2])
        else:
            out.append(render_block(b, opts))
    return out


# --------------------------------------------------------------------------
# Markdown

def parse_md(text, opts):
    lines = text.split('\n')
    blocks, i, n = [], 0, len(lines)
    while i < n:
        ln = lines[i]
        if not ln.strip():
            i += 1
            continue
        m = re.match(r'^(#{1,6})\s+(.*)$', ln)
        if m:
            blocks.append(('h', len(m.group(1)), inline_md(m.group(2).strip()), False))
            i += 1
            continue
        if ln.lstrip().startswith('|') and i + 1 < n and re.match(r'^\s*\|?\s*:?-{3,}', lines[i + 1]):
            header = md_cells(ln)
            i += 2
            rows = []
            while i < n and lines[i].lstrip().startswith('|'):
                rows.append([[inline_md(c)] if c else [] for c in md_cells(lines[i])])
                i += 1
            blocks.append(('table', [inline_md(h) for h in header], rows, 'data'))
            continue
        if re.match(r'^\s*([*\-+]|\d+\.)\s+', ln):
            i = md_list(lines, i, blocks)
            continue
        # definition list: term line, optional blank, ": definition"
        k = i + 1
        while k < n and not lines[k].strip():
            k += 1
        if k < n and lines[k].startswith(': ') and not lines[i].startswith(':') and k - i <= 2:
            items = []
            while i < n:
                k = i + 1
                while k < n and not lines[k].strip():
                    k += 1
                if not (k < n and lines[k].startswith(': ')) or not lines[i].strip():
                    break
                term = inline_md(lines[i].strip())
                defs = []
                i = k
                while i < n:
                    if lines[i].startswith(': '):
                        defs.append(lines[i][2:].strip())
                    elif lines[i].startswith('    ') and lines[i].strip() and defs:
                        defs[-1] += ' ' + lines[i].strip()
                    elif not lines[i].strip():
                        k = i
                        while k < n and not lines[k].strip():
                            k += 1
                        if k < n and (lines[k].startswith(': ') or lines[k].startswith('    ')):
                            i = k
                            continue
                        break
                    else:
                        break
                    i += 1
                while i < n and not lines[i].strip():
                    i += 1
                items.append((term, [inline_md(d) for d in defs]))
            blocks.append(('dl', items))
            continue
        para = []
        while i < n and lines[i].strip() and not re.match(r'^(#{1,6}\s|\s*([*\-+]|\d+\.)\s+|\s*\|)', lines[i]):
            para.append(lines[i])
            i += 1
        # hard line breaks (two trailing spaces) split the paragraph into <br> lines
        if any(p.endswith('  ') for p in para[:-1]):
            blocks.append(('p', [inline_md(p.strip()) for p in para]))
        else:
            blocks.append(('p1', inline_md(' '.join(p.strip() for p in para))))
    return blocks


def md_cells(line):
    s = line.strip()
    if s.startswith('|'):
        s = s[1:]
    if s.endswith('|'):
        s = s[:-1]
    return [c.strip() for c in s.split('|')]


def md_list(lines, i, blocks):
    n = len(lines)
    m = re.match(r'^\s*(\d+)\.\s+', lines[i])
    ordered, start = bool(m), int(m.group(1)) if m else 1
    items = []
    pat = re.compile(r'^\s*(\d+\.)\s+(.*)$' if ordered else r'^\s*[*\-+]\s+(.*)$')
    while i < n:
        mm = pat.match(lines[i])
        if mm:
            items.append(mm.group(mm.lastindex))
        elif lines[i].startswith('   ') and lines[i].strip() and items:
            items[-1] += ' ' + lines[i].strip()
        else:
            break
        i += 1
    blocks.append(('ol' if ordered else 'ul', [(inline_md(t), None) for t in items], start))
    return i


# --------------------------------------------------------------------------
# reStructuredText (titles, sections, field lists, paragraphs, definition lists)

def parse_rst(text, opts):
    lines = text.split('\n')
    blocks, i, n = [], 0, len(lines)
    seen_h = False
    while i < n:
        ln = lines[i]
        if not ln.strip():
            i += 1
            continue
        if i + 1 < n and re.match(r'^([=\-~^"\'`#*+])\1{2,}\s*$', lines[i + 1]) and ln.strip() \
                and not re.match(r'^([=\-~])\1{2,}', ln):
            blocks.append(('h', 2 if seen_h else 1, esc(ln.strip()), False))
            seen_h = True
            i += 2
            continue
        if re.match(r'^:[^:]+:\s', ln):
            pairs = []
            while i < n and re.match(r'^:([^:]+):\s+(.*)$', lines[i]):
                m = re.match(r'^:([^:]+):\s+(.*)$', lines[i])
                pairs.append((esc(m.group(1)), esc(m.group(2))))
                i += 1
            blocks.append(('fields', pairs))
            continue
        if not ln.startswith(' ') and i + 1 < n and lines[i + 1].startswith('    ') and lines[i + 1].strip():
            items = []
            while i < n and lines[i].strip() and not lines[i].startswith(' ') and \
                    i + 1 < n and lines[i + 1].startswith('    '):
                term = esc(lines[i].strip())
                i += 1
                paras, cur = [], []
                while i < n and (lines[i].startswith('    ') or not lines[i].strip()):
                    if lines[i].strip():
                        cur.append(lines[i].strip())
                    elif cur:
                        paras.append(' '.join(cur))
                        cur = []
                    i += 1
                if cur:
                    paras.append(' '.join(cur))
                items.append((term, [''.join('<p>%s</p>' % esc(p) for p in paras)]))
            blocks.append(('dl', items))
            continue
        para = []
        while i < n and lines[i].strip():
            para.append(lines[i].strip())
            i += 1
        blocks.append(('p1', esc(' '.join(para))))
    return blocks


# --------------------------------------------------------------------------
# rendering

def col_widths(header, rows, cell_pt=8.5):
    """Percent widths of a 180 mm wide table: wide enough for the longest word of a
    column (no word is broken), the first (name) column at least 14%, the rest shared
    by the square roots of the columns' average text lengths, so long descriptions
    get the most room yet still wrap over several lines."""
    ncol = len(header)
    plain = lambda h: html.unescape(re.sub('<[^>]+>', ' ', h))
    avg, floor = [], []
    for c in range(ncol):
        texts = [plain(' '.join(r[c])) for r in rows if c < len(r)]
        lens = [len(t) for t in texts]
        avg.append(max(sum(lens) / max(len(lens), 1), 4))
        def wlen(w):   # rough width in em of Liberation Sans: capitals and digits are wider
            return sum(0.68 if ch.isupper() else 0.56 if ch.isdigit() else 0.5 for ch in w)
        longest = max([wlen(w) for t in texts + [plain(header[c])] for w in t.split()] + [2])
        floor.append(min(20, (longest * cell_pt * 1.05 + 14) / 510 * 100))
    floor[0] = max(floor[0], 14)
    if sum(floor) > 90:   # too many columns for their longest words: some words will break
        floor = [f * 90 / sum(floor) for f in floor]
    w = [min(a, 300) ** 0.5 for a in avg]
    fixed = {}
    while True:   # columns whose share is below their floor get the floor; the rest share what is left
        free = [c for c in range(ncol) if c not in fixed]
        left = 100 - sum(fixed.values())
        share = {c: left * w[c] / sum(w[k] for k in free) for c in free}
        low = [c for c in free if share[c] < floor[c]]
        if not low:
            break
        for c in low:
            fixed[c] = floor[c]
    pct = [fixed.get(c, share.get(c)) for c in range(ncol)]
    out = [round(x) for x in pct]
    out[out.index(max(out))] += 100 - sum(out)
    pct = out
    return pct


def render_cell(cell):
    if not cell:
        return ''
    if len(cell) == 1:
        return cell[0]
    return ''.join(c if c.lstrip().startswith(('<p', '<ul', '<ol', '<dl', '<table')) else '<p>%s</p>' % c
                   for c in cell)


def render_block(b, opts):
    kind = b[0]
    if kind == 'h':
        _, level, text, pb = b
        cls = ' class="pagebreak"' if pb else ''
        return '<h%d%s>%s</h%d>' % (level, cls, text, level)
    if kind == 'p':
        return '<p>%s</p>' % '<br>\n'.join(b[1])
    if kind == 'p1':
        return '<p>%s</p>' % b[1]
    if kind in ('ul', 'ol'):
        items = ''.join('<li>%s%s</li>\n' % (t, render_block(sub, opts) if sub else '') for t, sub in b[1])
        start = ' start="%d"' % b[2] if kind == 'ol' and b[2] != 1 else ''
        return '<%s%s>\n%s</%s>' % (kind, start, items, kind)
    if kind == 'dl':
        body = ''.join('<dt>%s</dt>\n%s' % (t, ''.join('<dd>%s</dd>\n' % d for d in ds)) for t, ds in b[1])
        return '<dl>\n%s</dl>' % body
    if kind == 'fields':
        return '<p class="meta">%s</p>' % '<br>\n'.join('<strong>%s:</strong> %s' % kv for kv in b[1])
    if kind == 'toc':
        return '<ul class="toc">\n%s</ul>' % ''.join(
            '<li><a href="#">%s</a><span class="pg">%s</span></li>\n' % (inline_txt(t), p) for t, p in b[1])
    if kind == 'kv':
        _, name, pairs = b
        head = '<h3>%s</h3>\n' % inline_txt(name) if name else ''
        if opts.kv == 'dl':
            return head + '<dl class="kv">\n%s</dl>' % ''.join(
                '<dt>%s:</dt><dd>%s</dd>\n' % (inline_txt(k), inline_txt(v)) for k, v in pairs)
        return head + '<p>%s</p>' % '<br>\n'.join(
            '<strong>%s:</strong> %s' % (inline_txt(k), inline_txt(v)) for k, v in pairs)
    if kind == 'table':
        _, header, rows, tkind = b
        if tkind == 'plain':
            return '<table class="plain" width="100%%" cellpadding="2" cellspacing="0">\n%s</table>' % ''.join(
                '<tr>%s</tr>\n' % ''.join('<td>%s</td>' % render_cell(c) for c in r) for r in rows)
        pct = col_widths(header, rows, float(opts.cell_pt.rstrip('pt')))
        cols = ''.join('<col width="%d%%" style="width:%d%%">' % (p, p) for p in pct)
        ths = ''.join('<th width="%d%%">%s</th>' % (p, h) for p, h in zip(pct, header))
        trs = ''.join('<tr>%s</tr>\n' % ''.join('<td>%s</td>' % render_cell(r[c] if c < len(r) else [])
                                               for c in range(len(header))) for r in rows)
        return ('<table class="data" width="100%%" border="1" cellpadding="4" cellspacing="0">\n'
                '<colgroup>%s</colgroup>\n<thead><tr>%s</tr></thead>\n<tbody>\n%s</tbody>\n</table>') % (cols, ths, trs)
    raise ValueError(kind)


CSS = '''
@page { size: A4; margin: 16mm 15mm 20mm 15mm;
  @bottom-center { content: "%(page_css)s"; font: 8pt "Liberation Sans", Arial, sans-serif; color: #555; } }
html, body, p, td, th, li, dt, dd { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; }
body { font-size: 10pt; color: #222; }
body { margin: 0; }
header.site { display: flex; justify-content: space-between; align-items: baseline;
  border-bottom: 2px solid #1d4e89; padding: 4pt 0 6pt; margin-bottom: 6pt; }
header.site .brand { font-size: 14pt; font-weight: bold; color: #1d4e89; }
header.site nav ul, nav.crumbs ol { list-style: none; margin: 0; padding: 0; display: inline; }
header.site nav li, nav.crumbs li { display: inline; margin-left: 10pt; font-size: 9pt; }
nav.crumbs { font-size: 8pt; color: #666; margin-bottom: 8pt; }
nav.crumbs li { margin: 0 4pt 0 0; }
main { max-width: 180mm; }
h1 { font-size: 17pt; margin: 8pt 0 8pt; color: #1d4e89; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; }
h2.pagebreak, h1.pagebreak { break-before: page; page-break-before: always; }
p { margin: 0 0 6pt; line-height: 1.3; }
table.data { border-collapse: collapse; width: 100%%; table-layout: fixed; margin: 6pt 0 10pt; }
table.data th, table.data td { border: 0.6pt solid #666; padding: 3pt 4pt; vertical-align: top;
  text-align: left; font-size: %(cell_pt)s; line-height: 1.25; overflow-wrap: break-word; hyphens: manual; }
table.data th { background: #e4e9f0; font-weight: bold; }
table.data thead { display: table-header-group; }
table.data td p { margin: 0 0 4pt; }
table.plain td { vertical-align: top; padding: 2pt 12pt 2pt 0; }
ul.toc { list-style: none; padding: 0; max-width: 140mm; }
ul.toc li { display: flex; justify-content: space-between; border-bottom: 0.5pt dotted #999; }
dl dt { font-weight: bold; margin-top: 6pt; }
dl dd { margin: 0 0 4pt 16pt; }
dl.kv { display: grid; grid-template-columns: 42mm auto; gap: 2pt 6pt; }
dl.kv dt { margin: 0; } dl.kv dd { margin: 0; }
footer.site { margin-top: 16pt; border-top: 1px solid #bbb; padding-top: 4pt; font-size: 8pt; color: #666; }
div[title="footer"] { display: none; }
'''


def page(blocks, opts, title):
    c = CHROME[opts.lang]
    brand = opts.brand
    body = '\n'.join(render_block(b, opts) for b in blocks)
    page_css = c['page'].format(p='" counter(page) "', n='" counter(pages) "')
    lo_footer = c['page'].format(p='<sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield>',
                                 n='<sdfield type=DOCSTAT subtype=PAGE format=PAGE>1</sdfield>')
    css = CSS % dict(page_css=page_css, cell_pt=opts.cell_pt)
    if opts.encoding.lower() in ('utf-8', 'utf8'):
        meta = '<meta charset="utf-8">'
    else:
        meta = '<meta charset="%s">' % opts.encoding
    ld = json.dumps({"@context": "https://schema.org", "@type": "WebPage", "name": title,
                     "publisher": {"@type": "Organization", "name": brand}}, ensure_ascii=False)
    nav = ''.join('<li><a href="/%s">%s</a></li>' % (re.sub(r'\W+', '-', x.lower()), esc(x)) for x in c['nav'])
    return f'''<!DOCTYPE html>
<html lang="{opts.lang}">
<head>
{meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {esc(brand)}</title>
<style>{css}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date()); gtag('config', 'G-0000000000');</script>
<script type="application/ld+json">{ld}</script>
</head>
<body>
<header class="site">
<div class="brand">{esc(brand)}</div>
<nav aria-label="main"><ul>{nav}</ul></nav>
</header>
<nav class="crumbs" aria-label="breadcrumb"><ol><li><a href="/">{c['home']}</a> ›</li><li><a href="/legal">{c['legal']}</a> ›</li><li>{esc(title)}</li></ol></nav>
<main>
<article>
{body}
</article>
</main>
<footer class="site">
<p>© 2024 {esc(brand)} · {c['rights']} · <a href="/privacy">{c['privacy']}</a> · <a href="/cookies">{c['cookies']}</a></p>
</footer>
<div title="footer"><p align="center"><font size="1">{lo_footer}</font></p></div>
<noscript><img src="/pixel.gif" alt=""></noscript>
</body>
</html>
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('out')
    ap.add_argument('--lang', required=True, choices=sorted(CHROME))
    ap.add_argument('--brand', required=True)
    ap.add_argument('--title')
    ap.add_argument('--encoding', default='utf-8')
    ap.add_argument('--doc', action='store_true', help='a DPA: a form feed before a heading starts a new printed page')
    ap.add_argument('--kv', default='strong', choices=['strong', 'dl'])
    ap.add_argument('--splitheader', help='column names of a flattened web table, "|"-separated')
    ap.add_argument('--cell-pt', default='8.5pt', dest='cell_pt')
    opts = ap.parse_args()
    text = open(opts.src, encoding='utf-8').read()
    if opts.src.endswith('.md'):
        blocks = parse_md(text, opts)
    elif opts.src.endswith('.rst'):
        blocks = parse_rst(text, opts)
    else:
        blocks = parse_txt(text, opts)
    title = opts.title
    if not title:
        h = next((b for b in blocks if b[0] == 'h'), None)
        title = html.unescape(re.sub('<[^>]+>', '', h[2])) if h else opts.brand
    doc = page(blocks, opts, title)
    with open(opts.out, 'w', encoding=opts.encoding, errors='xmlcharrefreplace', newline='\n') as f:
        f.write(doc)


if __name__ == '__main__':
    sys.exit(main())
