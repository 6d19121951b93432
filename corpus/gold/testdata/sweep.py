"""Prints, for every code point assigned in Python's Unicode database (not a
surrogate or private use), what score.py's text functions make of it.

usage: sweep.py SCORE_PY [FIRST LAST]

Used by unicode_test.go. One line per code point: hex code point, general
category, then a JSON array of
  toks(c), toks('x'+c+'Σ'), toks('xΣ'+c), toks(c+'Σ')  (final-sigma contexts)
  the reg_no key of c, c.upper(), c.lower()."""
import importlib.util, json, re, sys, unicodedata

spec = importlib.util.spec_from_file_location('score', sys.argv[1])
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
first, last = (int(sys.argv[2], 16), int(sys.argv[3], 16)) if len(sys.argv) > 3 else (0, 0x10FFFF)

out = []
for cp in range(first, last + 1):
    c = chr(cp)
    cat = unicodedata.category(c)
    if cat in ('Cn', 'Cs', 'Co'):
        continue
    row = [score.toks(c), score.toks('x' + c + 'Σ'), score.toks('xΣ' + c), score.toks(c + 'Σ'),
           re.sub(r'[^0-9A-Z]', '', c.upper()), c.upper(), c.lower()]
    out.append(f'{cp:x}\t{cat}\t{json.dumps(row)}')
sys.stdout.write('\n'.join(out) + '\n')
