#!/usr/bin/env python3
"""pages.py DIR - write DIR/pages.json: for chromium.pdf and libreoffice.pdf of a
rendition folder, the page count and, for each gold row name, the pages whose
text (pdftotext, whitespace collapsed) contains that name. renditions_test.go
checks the page provenance of PDF rows against it. Needs poppler-utils."""
import json
import os
import re
import subprocess
import sys

d = sys.argv[1]
gold = json.load(open(os.path.join(d, 'gold.json'), encoding='utf-8'))
out = {}
for pdf in ('chromium.pdf', 'libreoffice.pdf'):
    path = os.path.join(d, pdf)
    info = subprocess.run(['pdfinfo', path], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r'^Pages:\s+(\d+)', info, re.M).group(1))
    texts = []
    for p in range(1, n + 1):
        t = subprocess.run(['pdftotext', '-f', str(p), '-l', str(p), '-enc', 'UTF-8', path, '-'],
                           capture_output=True, text=True, check=True).stdout
        texts.append(' '.join(t.split()))
    names = {}
    for row in gold['subprocessors']:
        names[row['name']] = [p + 1 for p, t in enumerate(texts) if row['name'] in t]
    out[pdf] = {'pages': n, 'names': names}
with open(os.path.join(d, 'pages.json'), 'w', encoding='utf-8') as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write('\n')
