/* UTF-8 text measured in screen columns. The one place where width is counted:
 * every fit, pad and truncation on screen and in reports goes through here. */
#ifndef LIANLUO_TEXT_H
#define LIANLUO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum text_align { TEXT_LEFT, TEXT_RIGHT, TEXT_CENTER };

/* Decodes one code point at s (n bytes available); returns bytes used (>=1) and stores the
 * code point, or U+FFFD for an invalid sequence (consuming 1 byte). Returns 0 at n == 0. */
size_t text_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp as UTF-8 into out (4 bytes room); returns bytes written. */
size_t text_encode(uint32_t cp, char *out);
/* Columns one code point takes: 0 for combining/control, 2 for CJK, else 1. */
int text_cp_width(uint32_t cp);
/* Columns the whole string takes. */
int text_width(const char *s);
/* Cuts s (a buffer of size bytes) to at most cols columns, ending it with '~' to show that
 * something was cut (an ASCII mark: "…" is one column or two depending on the terminal).
 * True when it cut. */
bool text_shorten(char *s, size_t size, int cols);
/* Bytes of the longest prefix of s that fits in cols columns without splitting a
 * character; *used (may be NULL) receives the columns it takes. */
size_t text_fit(const char *s, int cols, int *used);
/* Bytes of the first wrapped piece of line (its first seg bytes, no '\n' among them) in cols
 * columns: never splits a character or an ASCII word (when the piece has a space to break
 * at), and moves a character down rather than start the next line with closing punctuation. */
size_t text_wrap_point(const char *line, size_t seg, int cols);
/* Copies the next wrapped line of *s (cols columns at most) into line and moves *s past it
 * (and, where it wrapped, past the spaces that would start the next line). Returns false when
 * *s is used up. */
bool text_wrap_next(const char **s, int cols, char *line, size_t linesz);
/* Lines s takes wrapped to cols columns ('\n' starts a new line; a wrapped line does not
 * start with a space). */
int text_wrap_lines(const char *s, int cols);
/* Writes s into out (size outsz) fitted to exactly cols columns: truncated at a character
 * boundary (a wide char that would straddle the edge becomes a space) and padded with spaces
 * according to align. Returns out. */
char *text_pad(char *out, size_t outsz, const char *s, int cols, enum text_align align);
/* True when the n bytes at s are valid UTF-8. */
bool text_valid_utf8(const char *s, size_t n);
/* Number of code points in s. */
size_t text_chars(const char *s);
/* Trims ASCII and ideographic (U+3000) white space at both ends, in place. Returns s. */
char *text_trim(char *s);
/* printf-style, appended to the string in buf (size bytes); cut at the end when it is full. */
void text_append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
