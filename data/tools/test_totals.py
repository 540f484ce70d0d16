#!/usr/bin/env python3
"""Prints `N passed, N failed` over meson test logs, counting TAP sub-tests of each test."""
import json
import sys


def main():
    passed = failed = skipped = 0
    for path in sys.argv[1:]:
        with open(path) as f:
            for line in f:
                t = json.loads(line)
                result = t.get('result')
                subs = [l for l in t.get('stdout', '').splitlines()
                        if l.startswith('ok ') or l.startswith('not ok ')]
                if subs and result in ('OK', 'FAIL', 'EXPECTEDFAIL'):
                    for l in subs:
                        if l.startswith('not ok'):
                            failed += 1
                        elif '# SKIP' in l:
                            skipped += 1
                        else:
                            passed += 1
                    if result == 'FAIL' and not any(l.startswith('not ok') for l in subs):
                        failed += 1  # crashed after its last sub-test
                elif result in ('OK', 'EXPECTEDFAIL'):
                    passed += 1
                elif result == 'SKIP':
                    skipped += 1
                else:
                    failed += 1
    if skipped:
        print(f'{skipped} skipped')
    print(f'{passed} passed, {failed} failed')  # the last line, as CI reads it


if __name__ == '__main__':
    main()
