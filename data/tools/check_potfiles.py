#!/usr/bin/env python3
"""Fails when a source file with user-visible text (_("...") or N_("...")) is not listed in
data/po/POTFILES, so that no screen text is left out of the translation catalogue.

usage: check_potfiles.py SOURCE_ROOT"""
import os
import re
import sys

MARK = re.compile(r'\bN?_\("')


def main():
    root = sys.argv[1]
    with open(os.path.join(root, 'data', 'po', 'POTFILES'), encoding='utf-8') as f:
        listed = {l.strip() for l in f if l.strip() and not l.startswith('#')}
    missing = []
    for top in ('src', 'include'):
        for d, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(d, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding='utf-8') as f:
                    if MARK.search(f.read()) and rel not in listed:
                        missing.append(rel)
    for rel in sorted(missing):
        print(f'# {rel}: has translatable text but is not in data/po/POTFILES')
    print(f'1..1\n{"not ok" if missing else "ok"} 1 - POTFILES lists every file with screen text')
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
