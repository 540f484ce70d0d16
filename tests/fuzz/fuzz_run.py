#!/usr/bin/env python3
"""Runs a libFuzzer target for a short, fixed time: the test of suite fuzz-run.

    fuzz_run.py TARGET SEED_DIR ARTIFACT_DIR [libFuzzer options...]

New inputs go to a temporary folder (removed afterwards); the seed folder is only read, so the
repository's corpus never changes. A crash, leak, timeout or out-of-memory fails the test, and
the input that caused it is kept in ARTIFACT_DIR; its path, how to replay it and how to keep it
as a regression file are printed last. LIANLUO_FUZZ_SECONDS overrides the time (default 20).
"""
import os
import re
import subprocess
import sys
import tempfile
import time

PROGRESS = re.compile(r'^#\d+\s+(NEW|REDUCE|RELOAD)\b')
WRITTEN = re.compile(r'Test unit written to (\S+)')


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    target, seeds, artifacts = (os.path.abspath(a) for a in sys.argv[1:4])
    extra = sys.argv[4:]
    seconds = int(os.environ.get('LIANLUO_FUZZ_SECONDS', '20'))
    name = os.path.basename(target)
    os.makedirs(artifacts, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='lianluo-' + name + '-') as tmp:
        corpus = os.path.join(tmp, 'corpus')
        os.mkdir(corpus)
        cmd = [target, f'-max_total_time={seconds}', '-timeout=10', '-rss_limit_mb=2048',
               '-print_final_stats=1', '-artifact_prefix=' + os.path.join(artifacts, '')]
        cmd += extra + [corpus, seeds]
        print('running:', ' '.join(cmd), flush=True)
        env = dict(os.environ, TMPDIR=tmp)
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=env, text=True, errors='replace')
        written = []
        found = 0
        for line in proc.stdout:
            if PROGRESS.match(line):
                found += 1  # new coverage: too many lines to keep in the log
                continue
            m = WRITTEN.search(line)
            if m:
                written.append(os.path.abspath(m.group(1)))
            sys.stdout.write(line)
        rc = proc.wait()
        kept = len(os.listdir(corpus))
    took = time.monotonic() - start
    print(f'{name}: exit {rc} after {took:.0f} s; {found} progress lines, '
          f'{kept} new inputs (discarded with the temporary folder)')
    if rc == 0:
        return 0
    print(f'\nFUZZ FAILURE in {name} (exit {rc})')
    seed_kind = os.path.basename(os.path.normpath(seeds))
    for path in written:
        env_note = 'LIANLUO_FUZZ_SYNC_RESIGN=1 ' if os.environ.get(
            'LIANLUO_FUZZ_SYNC_RESIGN') == '1' else ''
        print(f'  input: {path}')
        print(f'  replay: {env_note}{target} {path}')
        print(f'  once fixed, keep it as a regression: cp {path} '
              f'tests/fuzz/corpus/{seed_kind}/fuzzer_crash_<what>')
    if not written:
        print('  no input was written (see the output above)')
    return 1


if __name__ == '__main__':
    sys.exit(main())
