import CNcursesw
import Glibc
import Synchronization

/// The signal handlers that keep the terminal usable whatever ends the program.
///
/// Handlers do no work beyond what is async-signal-safe:
/// - SIGINT, SIGTERM, SIGHUP store 1 in `interrupt`; the app polls it (through
///   `TerminalScreen.interruptRequested` / `Key.interrupted`) and stops cleanly. A second such
///   signal while the first is still pending means the app is stuck: the handler restores
///   the terminal (`endwin`) and re-raises the signal with its previous disposition.
/// - SIGCONT (after Ctrl-Z and `fg`) stores 1 in `continued`: the next draw repaints the
///   whole screen. SIGTSTP itself is left to ncurses, which installs its own handler (it
///   restores the terminal before stopping and re-enters curses mode on resume).
/// - SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT call `endwin()` — not
///   async-signal-safe, but a last resort that leaves the terminal usable — then put back the
///   previous action (the Swift runtime's backtracer, or the default) and re-raise, so the
///   crash report and exit status are what they would have been.
///
/// The flags are `Atomic` (lock-free, so safe to store from a handler), held in static
/// `let`s that `install()` touches before any handler can run, so their lazy initialisation
/// never happens inside a handler. Handlers are `@convention(c)` closures without captures.
enum SignalGuard {
    static let interrupt = Atomic<Int32>(0)
    static let continued = Atomic<Int32>(0)
    /// 1 while a curses screen is active: the handlers call `endwin()` only then.
    static let cursesActive = Atomic<Int32>(0)

    static let interruptSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT]
    static let slotCount = 65

    /// The actions in place before `install()`, indexed by signal number; allocated once and
    /// never freed, so a handler can read it at any time. `nonisolated(unsafe)`: written only
    /// by `install()` on the thread that owns the screen, before the handlers exist.
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let slots = UnsafeMutablePointer<sigaction>.allocate(capacity: slotCount)
        slots.initialize(repeating: sigaction(), count: slotCount)
        return slots
    }()

    /// Installs every handler, remembering the previous actions.
    static func install() {
        // Touch the statics so their one-time initialisation happens here, not in a handler.
        interrupt.store(0, ordering: .sequentiallyConsistent)
        continued.store(0, ordering: .sequentiallyConsistent)
        _ = cursesActive.load(ordering: .sequentiallyConsistent)
        let slots = previous
        for signal in interruptSignals {
            set(signal, handler: onInterrupt, flags: SA_RESTART, saveInto: slots)
        }
        set(SIGCONT, handler: onContinue, flags: SA_RESTART, saveInto: slots)
        for signal in fatalSignals {
            set(signal, handler: onFatal, flags: SA_ONSTACK, saveInto: slots)
        }
        unblockTerminalSignals()
    }

    /// A parent may start us with signals blocked (a test runner's worker thread, some
    /// process managers); then Ctrl-C, resizes and Ctrl-Z would never arrive.
    private static func unblockTerminalSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in interruptSignals + [SIGCONT, SIGWINCH, SIGTSTP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Puts back the actions `install()` replaced.
    static func restore() {
        for signal in interruptSignals + [SIGCONT] + fatalSignals {
            sigaction(signal, previous + Int(signal), nil)
        }
    }

    private static func set(
        _ signal: Int32, handler: @escaping @convention(c) (Int32) -> Void, flags: Int32,
        saveInto slots: UnsafeMutablePointer<sigaction>
    ) {
        guard signal > 0, signal < Int32(slotCount) else { return }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        sigaction(signal, &action, slots + Int(signal))
    }

    private static let onInterrupt: @convention(c) (Int32) -> Void = { signal in
        if SignalGuard.interrupt.exchange(1, ordering: .sequentiallyConsistent) != 0 {
            SignalGuard.restoreTerminalAndReraise(signal)
        }
    }

    private static let onContinue: @convention(c) (Int32) -> Void = { _ in
        SignalGuard.continued.store(1, ordering: .sequentiallyConsistent)
    }

    private static let onFatal: @convention(c) (Int32) -> Void = { signal in
        SignalGuard.restoreTerminalAndReraise(signal)
    }

    /// Last resort from inside a handler: leave curses mode, then let the signal's previous
    /// action run (it is blocked until this handler returns, or re-occurs for a fault).
    private static func restoreTerminalAndReraise(_ signal: Int32) {
        if cursesActive.exchange(0, ordering: .sequentiallyConsistent) == 1 {
            endwin()
        }
        guard signal > 0, signal < Int32(slotCount) else { return }
        sigaction(signal, previous + Int(signal), nil)
        raise(signal)
    }
}
