#!/usr/bin/env python3
"""Generates data/pinyin_initials.txt and data/pinyin_syllables.txt from
Unihan_Readings.txt(.bz2).

usage: gen_pinyin.py [UNIHAN_READINGS] [OUT_INITIALS] [OUT_SYLLABLES]
  UNIHAN_READINGS  default /usr/share/unicode/Unihan_Readings.txt.bz2 (Debian: unicode-data)
  OUT_INITIALS     default data/pinyin_initials.txt next to this script's parent
  OUT_SYLLABLES    default data/pinyin_syllables.txt next to it

pinyin_syllables.txt gives every character of CJK Ext A and the URO its most common syllable
without tone (ü written u:), for sorting names the way a Chinese reader expects:
  - lines starting with '#' are comments; other white space is ignored;
  - "=" then the syllables, separated by spaces, in alphabetical order: token N below is the
    N-th of them;
  - "@HEX" sets the current code point; then two base-36 digits per consecutive code point
    (the syllable's number), or "--" for no reading.

For every Han character it keeps the initial letters of its modern readings, kMandarin and
kXHC1983 (多音字: 曾 -> z, c), the most common one first: the first kMandarin value (the PRC
reading). kHanyuPinyin, which also lists historical readings (淑 chù, 仇 jū) that would only make
a search find the wrong people, is used only for characters the other two do not have.
PRIMARY_OVERRIDES names the few characters whose kMandarin reading is not the one they have in
names and place names (长: zhǎng in 村长, cháng in 长沙, 长生).

Output format (parsed by src/core/pinyin.c):
  - lines starting with '#' are comments; other white space is ignored;
  - "@HEX" sets the current code point;
  - then one token per consecutive code point: the primary initial in lower case followed by the
    other possible initials in upper case (e.g. "cZ" for 曾), or "." for no reading.
"""
import bz2
import os
import sys
import unicodedata

FIELDS = ('kMandarin', 'kHanyuPinyin', 'kXHC1983')
# Ranges the C side stores (src/core/pinyin.c `segments`): URO + Ext A, compatibility
# ideographs, and plane 2 (Ext B-F, rare characters that do occur in people's names).
RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
LINE_TOKENS = 64   # tokens per output line, for readable diffs
MAX_GAP = 8        # runs of more unknown code points than this become an "@HEX" jump


def readings(field, value):
    """Pinyin syllables of one Unihan field value, in the order given."""
    out = []
    for item in value.split():
        if field in ('kHanyuPinyin', 'kXHC1983'):
            # "10004.030:sān" or "21521.030:zēng,céng"; kXHC1983 may mark "*" variants.
            item = item.split(':', 1)[-1]
        out.extend(s for s in item.split(',') if s)
    return out


def initial(syllable):
    """First ASCII letter of a pinyin syllable with its tone marks removed (ǎ -> a, ń -> n)."""
    for ch in unicodedata.normalize('NFD', syllable):
        if 'a' <= ch.lower() <= 'z':
            return ch.lower()
    return None


def load(path):
    fields = {}  # cp -> {field: [syllables]}
    opener = bz2.open if path.endswith('.bz2') else open
    with opener(path, 'rt', encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            cp, field, value = line.rstrip('\n').split('\t', 2)
            if field in FIELDS:
                fields.setdefault(int(cp[2:], 16), {})[field] = readings(field, value)
    return fields


MODERN = ('kMandarin', 'kXHC1983')
PRIMARY_OVERRIDES = {0x957F: 'chang'}  # 长


def modern_readings(cp, per_field):
    fields = MODERN if any(f in per_field for f in MODERN) else FIELDS
    out = [PRIMARY_OVERRIDES[cp]] if cp in PRIMARY_OVERRIDES else []
    for field in fields:  # kMandarin first: its first value is the most common reading
        out.extend(per_field.get(field, ()))
    return out


def token(cp, per_field):
    letters = []
    for syl in modern_readings(cp, per_field):
        letter = initial(syl)
        if letter and letter not in letters:
            letters.append(letter)
    if not letters:
        return '.'
    return letters[0] + ''.join(sorted(letters[1:])).upper()


SORT_RANGE = (0x3400, 0x9FFF)  # src/core/pinyin_sort.c stores this range only


def syllable(value):
    """A syllable without its tone, lower case, ü as "u:" (so lu < lü < luan < luo as bytes):
    "lǚ" -> "lu:", "Zhāng" -> "zhang"."""
    out = []
    for ch in unicodedata.normalize('NFD', value.lower()):
        if ch == '\u0308' and out and out[-1] == 'u':
            out.append(':')
        elif 'a' <= ch <= 'z':
            out.append(ch)
    return ''.join(out)


def primary_syllable(cp, per_field):
    for syl in modern_readings(cp, per_field):
        s = syllable(syl)
        if s:
            return s
    return None


def runs(tokens, none):
    """Output lines for {code point: token}: "@HEX" where a run starts, then the tokens of
    consecutive code points, LINE_TOKENS a line; a short gap is filled with `none` tokens."""
    out, line, count, expect = [], [], 0, None
    for cp in sorted(tokens):
        if expect is None or cp - expect > MAX_GAP:
            if line:
                out.append(''.join(line))
            line, count = [], 0
            out.append(f'@{cp:X}')
        else:
            line.extend(none * (cp - expect))
            count += cp - expect
        line.append(tokens[cp])
        count += 1
        expect = cp + 1
        if count >= LINE_TOKENS:
            out.append(''.join(line))
            line, count = [], 0
    if line:
        out.append(''.join(line))
    return out


def base36(n):
    digits = '0123456789abcdefghijklmnopqrstuvwxyz'
    return digits[n // 36] + digits[n % 36]


def render_syllables(fields, source):
    primary = {cp: primary_syllable(cp, pf) for cp, pf in fields.items()
               if SORT_RANGE[0] <= cp <= SORT_RANGE[1]}
    primary = {cp: s for cp, s in primary.items() if s}
    names = sorted(set(primary.values()))
    assert len(names) <= 36 * 36
    number = {s: i for i, s in enumerate(names)}
    out = ['# most common pinyin syllable of each Han character, for sorting: generated by',
           '# data/tools/gen_pinyin.py; do not edit.',
           f'# source: {os.path.basename(source)} ({", ".join(FIELDS)}).',
           '# "=" lists the syllables; "@HEX" sets the code point; then two base-36 digits per',
           '# code point (the number of its syllable in the list), "--" = none.',
           '= ' + ' '.join(names)]
    out += runs({cp: base36(number[s]) for cp, s in primary.items()}, '--')
    return '\n'.join(out) + '\n'


def in_ranges(cp):
    return any(lo <= cp <= hi for lo, hi in RANGES)


def render(table, source):
    out = ['# pinyin initials of Han characters: generated by data/tools/gen_pinyin.py; do not edit.',
           f'# source: {os.path.basename(source)} ({", ".join(FIELDS)}).',
           '# "@HEX" sets the code point; then one token per code point: the most common initial',
           '# in lower case, other possible initials in upper case ("cZ" = 曾), "." = none.']
    out += runs({cp: t for cp, t in table.items() if in_ranges(cp)}, '.')
    return '\n'.join(out) + '\n'


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/unicode/Unihan_Readings.txt.bz2'
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', 'pinyin_initials.txt')
    dst_syl = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, '..', 'pinyin_syllables.txt')
    fields = load(src)
    with open(dst_syl, 'w', encoding='utf-8') as f:
        f.write(render_syllables(fields, src))
    table = {cp: token(cp, per_field) for cp, per_field in fields.items()}
    table = {cp: t for cp, t in table.items() if t != '.'}
    with open(dst, 'w', encoding='utf-8') as f:
        f.write(render(table, src))


if __name__ == '__main__':
    main()
