/* harness.c — see harness.h. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

/* At most this many UTF-8 bytes come out of one cell (base character plus combining marks). */
#define CELL_MAX_BYTES (VTERM_MAX_CHARS_PER_CELL * 4)

struct e2e {
    pid_t pid;
    int fd; /* pty master; -1 once closed */
    VTerm *vt;
    VTermScreen *screen;
    int rows, cols;
    int timeout_ms;
    size_t matched; /* bytes of the idle marker matched so far, across reads */
    bool idle;      /* a marker arrived after the last send */
    bool eof;       /* the program closed the terminal (exited) */
};

static const char marker[] = E2E_IDLE_MARKER;

int e2e_scan_marker(size_t *matched, const char *buf, size_t len)
{
    const size_t mlen = sizeof marker - 1;
    int found = 0;
    for (size_t i = 0; i < len; i++) {
        /* ESC occurs only at the start of the marker, so on a mismatch the only possible
         * restart is at this very byte. */
        if (buf[i] == marker[*matched])
            (*matched)++;
        else
            *matched = buf[i] == marker[0] ? 1 : 0;
        if (*matched == mlen) {
            found++;
            *matched = 0;
        }
    }
    return found;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int default_timeout(void)
{
    const char *s = getenv("E2E_TIMEOUT_MS");
    if (s == NULL || *s == '\0')
        return E2E_DEFAULT_TIMEOUT_MS;
    char *end;
    long v = strtol(s, &end, 10);
    return (*end == '\0' && v > 0 && v < 3600000) ? (int)v : E2E_DEFAULT_TIMEOUT_MS;
}

/* The harness answers nothing: whatever the terminal model wants to send back is dropped. */
static void discard_output(const char *s, size_t len, void *user)
{
    (void)s;
    (void)len;
    (void)user;
}

/* In the child: environment, then exec. Never returns. */
static void child_exec(const char *const argv[], const char *const env[])
{
    setenv("TERM", "xterm-256color", 1);
    setenv("LIANLUO_TEST_IDLE", "1", 1);
    for (size_t i = 0; env != NULL && env[i] != NULL; i++) {
        const char *eq = strchr(env[i], '=');
        if (eq == NULL)
            continue;
        char *key = strndup(env[i], (size_t)(eq - env[i]));
        if (key != NULL)
            setenv(key, eq + 1, 1);
        free(key);
    }
    execvp(argv[0], (char *const *)argv);
    /* stderr is the pty: the message shows up on the dumped screen. */
    fprintf(stderr, "e2e: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static bool model_init(struct e2e *t)
{
    t->vt = vterm_new(t->rows, t->cols);
    if (t->vt == NULL)
        return false;
    vterm_set_utf8(t->vt, 1);
    vterm_output_set_callback(t->vt, discard_output, NULL);
    t->screen = vterm_obtain_screen(t->vt);
    vterm_screen_reset(t->screen, 1);
    return true;
}

struct e2e *e2e_start(const char *const argv[], const char *const env[], int rows, int cols)
{
    if (argv == NULL || argv[0] == NULL || rows <= 0 || cols <= 0)
        return NULL;
    struct e2e *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->rows = rows;
    t->cols = cols;
    t->timeout_ms = default_timeout();
    t->fd = -1;
    if (!model_init(t)) {
        free(t);
        return NULL;
    }
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    t->pid = forkpty(&t->fd, NULL, NULL, &ws);
    if (t->pid < 0) {
        vterm_free(t->vt);
        free(t);
        return NULL;
    }
    if (t->pid == 0)
        child_exec(argv, env);
    /* Keep this master out of programs started later by the same test. */
    fcntl(t->fd, F_SETFD, FD_CLOEXEC);
    return t;
}

void e2e_set_timeout(struct e2e *t, int ms)
{
    t->timeout_ms = ms > 0 ? ms : 1;
}

int e2e_rows(const struct e2e *t)
{
    return t->rows;
}

int e2e_cols(const struct e2e *t)
{
    return t->cols;
}

/* Waits up to timeout_ms for output, reads one chunk, feeds the screen model and looks for
 * markers. Returns false when the program has closed the terminal. */
static bool pump(struct e2e *t, int timeout_ms)
{
    if (t->eof)
        return false;
    struct pollfd p = {.fd = t->fd, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    if (r < 0 && errno != EINTR) {
        t->eof = true;
        return false;
    }
    if (r <= 0)
        return true;
    char buf[4096];
    ssize_t n = read(t->fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (n <= 0) { /* Linux answers EIO once every slave descriptor is closed */
        t->eof = true;
        return false;
    }
    vterm_input_write(t->vt, buf, (size_t)n);
    if (e2e_scan_marker(&t->matched, buf, (size_t)n) > 0)
        t->idle = true;
    return true;
}

/* Milliseconds left until deadline, never negative. */
static int remaining(long long deadline)
{
    long long left = deadline - now_ms();
    return left > 0 ? (int)left : 0;
}

bool e2e_wait_idle(struct e2e *t)
{
    long long deadline = now_ms() + t->timeout_ms;
    while (!t->idle) {
        int left = remaining(deadline);
        if (left == 0 || !pump(t, left))
            return false;
    }
    return true;
}

/* Reads whatever is already there, without waiting. */
static void drain(struct e2e *t)
{
    struct pollfd p = {.fd = t->fd, .events = POLLIN};
    while (!t->eof && poll(&p, 1, 0) > 0)
        pump(t, 0);
}

/* Makes sure the program is idle and nothing of its is unread, then marks the next marker
 * as the one that answers what is about to be sent. */
static void before_send(struct e2e *t)
{
    if (!t->idle)
        e2e_wait_idle(t);
    drain(t);
    t->idle = false;
}

static bool write_all(int fd, const char *s, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            poll(&p, 1, 100);
            continue;
        }
        if (n <= 0)
            return false;
        s += n;
        len -= (size_t)n;
    }
    return true;
}

bool e2e_send(struct e2e *t, const char *bytes)
{
    if (t->eof)
        return false;
    before_send(t);
    return write_all(t->fd, bytes, strlen(bytes));
}

bool e2e_keys(struct e2e *t, const char *bytes)
{
    return e2e_send(t, bytes) && e2e_wait_idle(t);
}

bool e2e_resize(struct e2e *t, int rows, int cols)
{
    if (t->eof || rows <= 0 || cols <= 0)
        return false;
    /* The kernel sends no SIGWINCH for an unchanged size, so no marker would come. */
    if (rows == t->rows && cols == t->cols)
        return true;
    before_send(t);
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    if (ioctl(t->fd, TIOCSWINSZ, &ws) < 0)
        return false;
    vterm_set_size(t->vt, rows, cols);
    t->rows = rows;
    t->cols = cols;
    return e2e_wait_idle(t);
}

static size_t put_utf8(char *out, uint32_t c)
{
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Bytes needed to render one row (plus a terminating NUL). */
static size_t row_capacity(const struct e2e *t)
{
    return (size_t)t->cols * CELL_MAX_BYTES + 1;
}

/* Writes row as UTF-8 into out (row_capacity bytes), trailing spaces trimmed, NUL-terminated.
 * If colmap is not NULL, colmap[i] is set to the display column of output byte i. Returns the
 * length; *width, if not NULL, gets the display width of the trimmed text. */
static size_t render_row(struct e2e *t, int row, char *out, int *colmap, int *width)
{
    size_t len = 0, trimmed = 0;
    int col = 0, trimmed_width = 0;
    while (col < t->cols) {
        VTermScreenCell cell;
        VTermPos pos = {.row = row, .col = col};
        vterm_screen_get_cell(t->screen, pos, &cell);
        size_t start = len;
        if (cell.chars[0] == 0 || cell.chars[0] == (uint32_t)-1) {
            out[len++] = ' ';
        } else {
            for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; i++)
                len += put_utf8(out + len, cell.chars[i]);
        }
        int w = cell.width > 1 ? cell.width : 1; /* skip the right half of a wide character */
        for (size_t i = start; colmap != NULL && i < len; i++)
            colmap[i] = col;
        col += w;
        if (!(len == start + 1 && out[start] == ' ')) {
            trimmed = len;
            trimmed_width = col;
        }
    }
    out[trimmed] = '\0';
    if (width != NULL)
        *width = trimmed_width;
    return trimmed;
}

char *e2e_row_text(struct e2e *t, int row)
{
    if (row < 0 || row >= t->rows)
        return NULL;
    char *out = malloc(row_capacity(t));
    if (out != NULL)
        render_row(t, row, out, NULL, NULL);
    return out;
}

char *e2e_screen_text(struct e2e *t)
{
    char *out = malloc(row_capacity(t) * (size_t)t->rows);
    if (out == NULL)
        return NULL;
    size_t len = 0;
    for (int row = 0; row < t->rows; row++) {
        if (row > 0)
            out[len++] = '\n';
        len += render_row(t, row, out + len, NULL, NULL);
    }
    out[len] = '\0';
    return out;
}

bool e2e_screen_contains(struct e2e *t, const char *utf8)
{
    char *s = e2e_screen_text(t);
    bool found = s != NULL && strstr(s, utf8) != NULL;
    free(s);
    return found;
}

int e2e_find_row(struct e2e *t, const char *utf8)
{
    char *line = malloc(row_capacity(t));
    int found = -1;
    for (int row = 0; line != NULL && row < t->rows && found < 0; row++) {
        render_row(t, row, line, NULL, NULL);
        if (strstr(line, utf8) != NULL)
            found = row;
    }
    free(line);
    return found;
}

int e2e_find_col(struct e2e *t, int row, const char *utf8)
{
    if (row < 0 || row >= t->rows)
        return -1;
    size_t cap = row_capacity(t);
    char *line = malloc(cap);
    int *colmap = malloc(cap * sizeof *colmap);
    int found = -1;
    if (line != NULL && colmap != NULL) {
        render_row(t, row, line, colmap, NULL);
        const char *hit = strstr(line, utf8);
        if (hit != NULL)
            found = colmap[hit - line];
    }
    free(colmap);
    free(line);
    return found;
}

bool e2e_wait_text(struct e2e *t, const char *utf8)
{
    long long deadline = now_ms() + t->timeout_ms;
    for (;;) {
        if (e2e_screen_contains(t, utf8))
            return true;
        int left = remaining(deadline);
        if (left == 0 || !pump(t, left))
            return false;
    }
}

int e2e_pid(const struct e2e *t)
{
    return t != NULL ? (int)t->pid : -1;
}

void e2e_kill(struct e2e *t, int sig)
{
    if (t != NULL && t->pid > 0)
        kill(t->pid, sig);
}

static void dump_border(const struct e2e *t, FILE *out, const char *label)
{
    int n = fprintf(out, "+-- %s ", label);
    for (int i = n; i < t->cols + 1; i++)
        fputc('-', out);
    fputs("+\n", out);
}

void e2e_dump(struct e2e *t, FILE *out)
{
    char label[64];
    snprintf(label, sizeof label, "screen %dx%d%s", t->cols, t->rows,
             t->eof ? ", program exited" : "");
    dump_border(t, out, label);
    char *line = malloc(row_capacity(t));
    for (int row = 0; line != NULL && row < t->rows; row++) {
        int width;
        render_row(t, row, line, NULL, &width);
        fprintf(out, "|%s%*s|\n", line, t->cols - width, "");
    }
    free(line);
    dump_border(t, out, "end");
}

/* Waits up to timeout_ms for the child to be reaped; returns its status or -1. */
static int reap(pid_t pid, int timeout_ms, int *status)
{
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
        if (remaining(deadline) == 0)
            return -1;
        /* The terminal is already closed here, so exit is a matter of moments. */
        struct timespec ms = {.tv_sec = 0, .tv_nsec = 1000000};
        nanosleep(&ms, NULL);
    }
}

int e2e_finish(struct e2e *t)
{
    if (t == NULL)
        return -1;
    long long deadline = now_ms() + t->timeout_ms;
    /* Keep reading so a program that is still writing can finish and exit. */
    while (!t->eof && remaining(deadline) > 0)
        pump(t, remaining(deadline));
    int status = 0, result = -1;
    bool reaped = reap(t->pid, remaining(deadline), &status) == 0;
    if (!reaped) {
        kill(t->pid, SIGKILL);
        pid_t r;
        while ((r = waitpid(t->pid, &status, 0)) < 0 && errno == EINTR)
            ;
        reaped = r == t->pid;
    }
    if (reaped && WIFEXITED(status))
        result = WEXITSTATUS(status);
    else if (reaped && WIFSIGNALED(status))
        result = 128 + WTERMSIG(status);
    close(t->fd);
    vterm_free(t->vt);
    free(t);
    return result;
}
