import CNcursesw
import Glibc
import Synchronization

/// The signal handlers that keep the terminal usable whatever ends the program.
///
/// Handlers do no work beyond what is async-signal-safe:
/// - SIGINT, SIGTERM, SIGHUP and SIGQUIT (Ctrl-\\) store their number in `interrupt`; the app
///   polls it (through `TerminalScreen.interruptRequested` / `Key.interrupted`, or
///   `ProcessSignals.received`), stops cleanly, restores the terminal, and then ends the way
///   the signal would have (`ProcessSignals.exit(bySignal:)`: 128 + the signal's number to
///   the shell). A second such signal while the first is still pending means the app is stuck:
///   the handler restores the terminal (`endwin`) and re-raises the signal with the default
///   action.
/// - SIGCONT (after Ctrl-Z and `fg`) stores 1 in `continued`: the next draw repaints the
///   whole screen. SIGTSTP itself is left to ncurses, which installs its own handler (it
///   restores the terminal before stopping and re-enters curses mode on resume).
/// - SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP call `endwin()` — not
///   async-signal-safe, but a last resort that leaves the terminal usable — then re-raise. When
///   standard input is a terminal, the Swift runtime's backtracer would be interactive (it
///   decides so at startup, from `SWIFT_BACKTRACE`) and ask "Press space to interact" for
///   30 s, so the default action is used instead; otherwise the previous action (the
///   backtracer, printing its report) runs. The exit status is the signal's either way.
///
/// The flags are `Atomic` (lock-free, so safe to store from a handler), held in static
/// `let`s that `install()` touches before any handler can run, so their lazy initialisation
/// never happens inside a handler. Handlers are `@convention(c)` closures without captures.
enum SignalGuard {
    static let interrupt = Atomic<Int32>(0)
    static let continued = Atomic<Int32>(0)
    /// 1 while a curses screen is active: the handlers call `endwin()` only then.
    static let cursesActive = Atomic<Int32>(0)

    static let interruptSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]
    /// 1 when a fatal signal may go to the previous handler (the backtracer cannot prompt).
    static let chainFatal = Atomic<Int32>(0)
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
        installFatalHandlers()
        unblockTerminalSignals()
    }

    /// 1 once the fatal signals' handlers are in place (they stay for the process's life).
    static let fatalGuarded = Atomic<Int32>(0)

    /// The fatal signals' handlers, once: installing them again would record our own handler
    /// as the "previous" one to chain to.
    static func installFatalHandlers() {
        chainFatal.store(Self.backtracerIsQuiet() ? 1 : 0, ordering: .sequentiallyConsistent)
        guard fatalGuarded.exchange(1, ordering: .sequentiallyConsistent) == 0 else { return }
        for signal in fatalSignals {
            set(signal, handler: onFatal, flags: SA_ONSTACK, saveInto: previous)
        }
    }

    /// For every command, from the start: fatal signals restore the terminal and never reach an
    /// interactive backtracer, and SIGQUIT (Ctrl-\\) ends the program with its default action,
    /// without a core file or the backtracer's "Press space to interact". `install()` later
    /// makes SIGQUIT a clean stop like SIGINT, and `restore()` puts this back.
    static func guardProcess() {
        _ = cursesActive.load(ordering: .sequentiallyConsistent)  // initialised here, not in a handler
        _ = interrupt.load(ordering: .sequentiallyConsistent)
        installFatalHandlers()
        set(SIGQUIT, handler: onQuit, flags: SA_ONSTACK, saveInto: previous)
    }

    private static let onQuit: @convention(c) (Int32) -> Void = { signal in
        SignalGuard.restoreTerminalAndReraise(signal, withDefaultAction: true)
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
        // The fatal signals keep their handlers: they restore the terminal only while curses is active.
        for signal in interruptSignals + [SIGCONT] {
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
        if SignalGuard.interrupt.exchange(signal, ordering: .sequentiallyConsistent) != 0 {
            SignalGuard.restoreTerminalAndReraise(signal, withDefaultAction: true)
        }
    }

    /// Whether the Swift runtime's backtracer, if a fatal signal reached it, would only print
    /// (not ask for a key): it is interactive when stdin is a terminal, unless
    /// `SWIFT_BACKTRACE` says `interactive=no` or `enable=no`.
    static func backtracerIsQuiet() -> Bool {
        if let setting = getenv("SWIFT_BACKTRACE").map({ String(cString: $0) }),
           setting.contains("interactive=no") || setting.contains("enable=no") {
            return true
        }
        return isatty(STDIN_FILENO) == 0
    }

    private static let onContinue: @convention(c) (Int32) -> Void = { _ in
        SignalGuard.continued.store(1, ordering: .sequentiallyConsistent)
    }

    private static let onFatal: @convention(c) (Int32) -> Void = { signal in
        SignalGuard.restoreTerminalAndReraise(
            signal, withDefaultAction: SignalGuard.chainFatal.load(ordering: .sequentiallyConsistent) == 0)
    }

    /// Last resort from inside a handler: leave curses mode, then let the signal's previous
    /// action run (it is blocked until this handler returns, or re-occurs for a fault).
    private static func restoreTerminalAndReraise(_ signal: Int32, withDefaultAction: Bool) {
        if cursesActive.exchange(0, ordering: .sequentiallyConsistent) == 1 {
            endwin()
        }
        guard signal > 0, signal < Int32(slotCount) else { return }
        if withDefaultAction {
            setDefaultAction(signal)
        } else {
            sigaction(signal, previous + Int(signal), nil)
        }
        raise(signal)
    }

    /// The signal's default action, without a core file for SIGQUIT (a student's Ctrl-\\
    /// should not leave a core dump in the folder). Async-signal-safe.
    static func setDefaultAction(_ signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, nil)
        if signal == SIGQUIT {
            var none = rlimit(rlim_cur: 0, rlim_max: 0)
            setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
        }
    }
}

/// Signals for commands that run long without taking over the screen (`train`), and the way
/// every command ends after one: as the signal would have ended it.
public enum ProcessSignals {
    /// Call first thing in every command: a crash restores the terminal and never waits for a
    /// key, and Ctrl-\\ ends the program without a backtrace or core file.
    public static func guardCrashes() {
        SignalGuard.guardProcess()
    }

    /// Installs the handlers (see `SignalGuard`): SIGINT, SIGTERM, SIGHUP and SIGQUIT are
    /// recorded for `received` instead of ending the program at once.
    public static func install() {
        SignalGuard.install()
    }

    /// The first SIGINT, SIGTERM, SIGHUP or SIGQUIT since the handlers were installed, if any.
    public static var received: Int32? {
        let signal = SignalGuard.interrupt.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }

    /// Ends the process as `signal` would have (the shell sees 128 + its number: 130 for
    /// SIGINT, 143 SIGTERM, 129 SIGHUP, 131 SIGQUIT, without a core file), after flushing
    /// standard output. Call with the terminal already restored.
    public static func exit(bySignal signal: Int32) -> Never {
        fflush(nil)
        SignalGuard.setDefaultAction(signal)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, signal)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        raise(signal)
        // Only if the signal could not end the process (it cannot be, with the default action).
        Glibc.exit(128 + signal)
    }
}
