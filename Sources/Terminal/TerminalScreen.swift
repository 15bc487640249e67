import CNcursesw
import CellGrid
import Glibc

/// The terminal, taken over by ncurses: start it, draw cell grids, read keys, stop it.
///
/// The only type in rnnscope that talks to ncurses. One screen may be active at a time.
/// Typical use:
///
///     let screen = TerminalScreen()
///     try screen.start()
///     defer { screen.stop() }
///     while !screen.interruptRequested {
///         screen.draw(render(size: screen.size))
///         if let key = screen.readKey(timeoutMilliseconds: 100) { ... }
///     }
///
/// `stop()` is idempotent and also runs on deinit; signal handlers restore the terminal on
/// crashes and on a second Ctrl-C (see `SignalGuard`).
public final class TerminalScreen {
    /// The ncurses screen while active.
    private var screen: OpaquePointer?
    var pairs = ColorPairCache(capacity: 0)
    /// Whether ncurses accepted −1 as "the terminal's default colour".
    var hasDefaultColors = false
    /// Colours the terminal reports (`COLORS`).
    var colorCount = 0
    var needsFullRepaint = false

    /// How many colours `draw` uses: detected by `start()` from the terminal and `NO_COLOR`.
    /// May be lowered afterwards (e.g. by a `--color` option); colours the terminal lacks are
    /// drawn in its default colour.
    public var colorDepth: ColorDepth = .monochrome

    public init() {}

    deinit { stop() }

    /// Whether standard input and standard output are both terminals.
    public static func isInteractive() -> Bool {
        isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }

    /// True while the screen is started and not stopped.
    public var isActive: Bool { screen != nil }

    /// Takes over the terminal: UTF-8 locale, curses mode (cbreak, no echo, keypad, hidden
    /// cursor), colours, and the signal handlers. Throws instead of exiting when the terminal
    /// cannot be used (not a tty, TERM unset/unknown/dumb). Does nothing if already started.
    public func start() throws {
        if screen != nil { return }
        guard Self.isInteractive() else { throw TerminalError.notInteractive }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else {
            throw TerminalError.noTerminalType
        }
        guard SignalGuard.cursesActive.load(ordering: .sequentiallyConsistent) == 0 else {
            throw TerminalError.alreadyInUse
        }
        Self.selectUTF8Locale()
        // Exported COLUMNS/LINES would pin ncurses' screen size (and ignore every resize):
        // the screen follows the terminal's real size instead.
        unsetenv("COLUMNS")
        unsetenv("LINES")
        // Installed before newterm so that ncurses leaves SIGINT/SIGTERM to us (it only
        // catches signals still at their default action); it still takes SIGTSTP and SIGWINCH.
        SignalGuard.install()
        guard let newScreen = rs_newterm() else {
            SignalGuard.restore()
            throw TerminalError.unknownTerminal(term)
        }
        guard rs_can_address_cursor() != 0 else {
            endwin()
            delscreen(newScreen)
            SignalGuard.restore()
            throw TerminalError.unsupportedTerminal(term)
        }
        screen = newScreen
        SignalGuard.cursesActive.store(1, ordering: .sequentiallyConsistent)
        configureInput()
        configureColors()
        needsFullRepaint = true
    }

    /// Gives the terminal back: the screen's contents go, the cursor, echo and line mode
    /// return. Idempotent — safe from every exit path, and called by deinit.
    public func stop() {
        guard let current = screen else { return }
        screen = nil
        if SignalGuard.cursesActive.exchange(0, ordering: .sequentiallyConsistent) == 1 {
            curs_set(1)
            endwin()
        }
        delscreen(current)
        SignalGuard.restore()
        pairs.removeAll()
    }

    /// Columns and rows of the terminal (re-read after a resize); (0, 0) when not started.
    public var size: (width: Int, height: Int) {
        guard screen != nil else { return (0, 0) }
        return (Int(max(0, rs_width())), Int(max(0, rs_height())))
    }

    /// True once SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived: the app should stop, call
    /// `stop()`, then end with `ProcessSignals.exit(bySignal:)`.
    public var interruptRequested: Bool {
        SignalGuard.interrupt.load(ordering: .sequentiallyConsistent) != 0
    }

    /// Makes the next `draw` repaint every cell (e.g. for Ctrl-L after outside output).
    public func invalidate() { needsFullRepaint = true }

    /// `setlocale(LC_ALL, "")` so ncursesw writes UTF-8; when the environment names no UTF-8
    /// locale (LANG unset, or "C"), fall back to C.UTF-8 for character handling, since every
    /// terminal rnnscope targets speaks UTF-8 and the glyphs (▀ ░ CJK) need it.
    private static func selectUTF8Locale() {
        setlocale(LC_ALL, "")
        if !isUTF8Locale() {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }

    private static func isUTF8Locale() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    private func configureInput() {
        guard let window = rs_stdscr() else { return }
        cbreak()  // not raw: Ctrl-C raises SIGINT, Ctrl-Z SIGTSTP
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(25)
    }

    private func configureColors() {
        hasDefaultColors = false
        colorCount = 0
        pairs = ColorPairCache(capacity: 0)
        if has_colors() {
            start_color()
            hasDefaultColors = use_default_colors() == OK
            colorCount = Int(rs_colors())
            pairs = ColorPairCache(capacity: Int(rs_color_pairs()) - 1)
        }
        var environment: [String: String] = [:]
        if let noColor = getenv("NO_COLOR") { environment["NO_COLOR"] = String(cString: noColor) }
        colorDepth = ColorDepth.detect(hasColors: has_colors(), colors: colorCount, environment: environment)
    }
}
