// The C side of rnnscope's terminal layer: ncursesw with its wide-character API, plus small
// inline accessors for what Swift cannot or should not touch directly.
//
// - ncurses' globals (stdscr, curscr, LINES, COLS, COLORS, COLOR_PAIRS) are mutable C
//   variables; Swift 6 strict concurrency rejects them, so they are read through functions.
// - Attribute and some key macros (A_BOLD, KEY_F(n), ...) expand to expressions that Swift
//   does not import; they are exposed as functions too. Plain constants such as KEY_UP or
//   KEY_RESIZE import as they are.
// These functions keep no state, so each Swift object file may hold its own copy safely.
#ifndef RNNSCOPE_CNCURSESW_SHIM_H
#define RNNSCOPE_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/// A new screen on the process's stdout/stdin for $TERM; NULL (no exit) when the terminal
/// type is unknown.
static inline SCREEN *rs_newterm(void) { return newterm(NULL, stdout, stdin); }

static inline WINDOW *rs_stdscr(void) { return stdscr; }
static inline WINDOW *rs_curscr(void) { return curscr; }
static inline int rs_lines(void) { return LINES; }
static inline int rs_cols(void) { return COLS; }
static inline int rs_colors(void) { return COLORS; }
static inline int rs_color_pairs(void) { return COLOR_PAIRS; }

/// Columns and rows of stdscr (0 before the screen exists).
static inline int rs_width(void) { return stdscr ? getmaxx(stdscr) : 0; }
static inline int rs_height(void) { return stdscr ? getmaxy(stdscr) : 0; }

/// Whether the terminal can move the cursor (a "dumb" terminal cannot).
static inline int rs_can_address_cursor(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

static inline attr_t rs_a_normal(void) { return A_NORMAL; }
static inline attr_t rs_a_bold(void) { return A_BOLD; }
static inline attr_t rs_a_dim(void) { return A_DIM; }
static inline attr_t rs_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rs_a_reverse(void) { return A_REVERSE; }

static inline int rs_key_code_yes(void) { return KEY_CODE_YES; }
static inline int rs_key_f0(void) { return KEY_F0; }
static inline int rs_ccharw_max(void) { return CCHARW_MAX; }

#endif
