/* Drawing of a line editor: kept out of lineedit.c so the editor is tested without curses. */
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/term.h"

void lineedit_draw(struct lineedit *le, int y, int x, int width, attr_t attr, bool focused)
{
    char visible[1024];
    int col = 0;
    if (!focused) { /* a field not being edited shows its beginning */
        struct lineedit from_start = *le;
        from_start.cur = from_start.scroll = 0;
        lineedit_view(&from_start, width, visible, sizeof visible, NULL);
        draw_text(y, x, width, visible, TEXT_LEFT, attr);
        return;
    }
    lineedit_view(le, width, visible, sizeof visible, &col);
    draw_text(y, x, width, visible, TEXT_LEFT, attr);
    term_cursor(y, x + (col < width ? col : width - 1));
}
