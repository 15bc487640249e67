import Foundation
import Testing

/// `train --save` against hostile targets, with the real binary: what must not be replaced is
/// refused with one line naming the path and why (exit 1, the thing at the path unchanged);
/// what may be saved keeps the target's permissions, follows symbolic links, leaves no
/// temporary file, and a model holding NaN or Inf is never written without --allow-nonfinite.
/// Each run is measured: under 500 MB and 10 s.
@Suite("Hostile save targets")
struct HostileSaveTests {
    /// A fresh folder per test, with the hostile things in it.
    final class Folder {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "rnnscope-hsave-\(getpid())-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func file(_ name: String, _ data: Data = SafeTensorsBytes.model(fill: 0.25), mode: Int = 0o644) -> String {
            let full = path + "/" + name
            _ = FileManager.default.createFile(atPath: full, contents: data)
            chmod(full, mode_t(mode))
            return full
        }
        var listing: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    /// How each hostile case is set up in the folder; returns the arguments (after `train`).
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let mentions: String
        let setUp: @Sendable (Folder) -> [String]
        var testDescription: String { name }
    }

    static let notesText = "Hello, RNN! Recurrent networks remember what came before."

    static let cases: [Case] = [
        Case(name: "a character device", mentions: "is a device") { _ in ["--save", "/dev/null"] },
        Case(name: "a FIFO", mentions: "named pipe (FIFO)") { f in
            _ = mkfifo(f.path + "/fifo", 0o600); return ["--save", f.path + "/fifo"]
        },
        Case(name: "a socket", mentions: "is a socket") { f in
            ["--save", HostileSaveTests.makeSocket(f.path + "/sock")]
        },
        Case(name: "a directory", mentions: "is a directory") { f in ["--save", f.path] },
        Case(name: "a directory through a symlink", mentions: "is a directory") { f in
            _ = symlink(f.path, f.path + "/dirlink"); return ["--save", f.path + "/dirlink"]
        },
        Case(name: "a dangling symlink", mentions: "does not exist (dangling)") { f in
            _ = symlink(f.path + "/nowhere", f.path + "/dangling"); return ["--save", f.path + "/dangling"]
        },
        Case(name: "a loop of symlinks", mentions: "loop of symbolic links") { f in
            _ = symlink(f.path + "/b", f.path + "/a"); _ = symlink(f.path + "/a", f.path + "/b"); return ["--save", f.path + "/a"]
        },
        Case(name: "a symlink to a FIFO", mentions: "named pipe (FIFO)") { f in
            _ = mkfifo(f.path + "/fifo", 0o600); _ = symlink(f.path + "/fifo", f.path + "/tofifo"); return ["--save", f.path + "/tofifo"]
        },
        Case(name: "a read-only file (0444, refused even for root)", mentions: "is read-only") { f in
            ["--save", f.file("ro.safetensors", mode: 0o444)]
        },
        Case(name: "a symlink to a read-only file", mentions: "is read-only") { f in
            let target = f.file("ro.safetensors", mode: 0o400)
            _ = symlink(target, f.path + "/toro"); return ["--save", f.path + "/toro"]
        },
        Case(name: "the --text-file itself", mentions: "is the --text-file being read") { f in
            let text = f.file("t.txt", Data(HostileSaveTests.notesText.utf8))
            return ["--text-file", text, "--save", text]
        },
        Case(name: "the --text-file through a symlink", mentions: "is the --text-file being read") { f in
            let text = f.file("t.txt", Data(HostileSaveTests.notesText.utf8))
            _ = symlink(text, f.path + "/alias"); return ["--text-file", text, "--save", f.path + "/alias"]
        },
        Case(name: "the --text-file through a hard link", mentions: "is the --text-file being read") { f in
            let text = f.file("t.txt", Data(HostileSaveTests.notesText.utf8))
            _ = link(text, f.path + "/hard"); return ["--text-file", text, "--save", f.path + "/hard"]
        },
        Case(name: "a missing folder", mentions: "does not exist") { f in ["--save", f.path + "/missing/m.safetensors"] },
        Case(name: "a path through a regular file", mentions: "not a directory") { f in
            ["--save", f.file("plain") + "/m.safetensors"]
        },
        Case(name: "an empty name", mentions: "file name is empty") { _ in ["--save", ""] },
        Case(name: "NaN weights from --init, 0 epochs", mentions: "tensor 'rnn.weight_hh_l0' holds NaN") { f in
            let poisoned = f.file("nan.safetensors", SafeTensorsBytes.model(
                fill: 0.1,
                poison: ["rnn.weight_hh_l0": (3, .nan)]))
            return ["--init", poisoned, "--epochs", "0", "--save", f.path + "/out.safetensors"]
        },
        Case(name: "Inf weights from --init, 0 epochs", mentions: "tensor 'linear.bias' holds -Inf") { f in
            let poisoned = f.file("inf.safetensors", SafeTensorsBytes.model(
                fill: 0.1,
                poison: ["linear.bias": (0, -.infinity)]))
            return ["--init", poisoned, "--epochs", "0", "--save", f.path + "/out.safetensors"]
        },
        Case(name: "an SGD run whose last update overflows", mentions: "holds Inf") { f in
            ["--optimizer", "sgd", "--lr", "3e38", "--loss", "every", "--epochs", "1", "--save", f.path + "/out.safetensors"]
        },
        Case(name: "--whh 1e39", mentions: "--whh: 1e39 is beyond Float's range") { f in
            ["--whh", "1e39", "--epochs", "1", "--save", f.path + "/out.safetensors"]
        },
        Case(name: "--whh 3.5e38", mentions: "--whh: 3.5e38 is beyond Float's range") { f in
            ["--whh", "3.5e38", "--epochs", "0", "--save", f.path + "/out.safetensors"]
        },
    ]

    /// A listening Unix socket at `path` (left open for the test's lifetime).
    static func makeSocket(_ path: String) -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return path
    }

    /// The status (type, mode, size, inode) of what is at `path`, links not followed, and of
    /// what a link leads to.
    static func fingerprint(_ path: String) -> String {
        var info = stat(), followed = stat()
        guard lstat(path, &info) == 0 else { return "absent" }
        let target = stat(path, &followed) == 0 ? "\(followed.st_mode) \(followed.st_size) \(followed.st_ino) \(followed.st_mtim.tv_nsec)" : "-"
        return "\(info.st_mode) \(info.st_size) \(info.st_ino) | \(target)"
    }

    @Test("Refused with one line naming the path and why; nothing changed, nothing left", arguments: cases)
    func refused(_ hostile: Case) throws {
        let folder = try Folder()
        let arguments = ["train", "--epochs", "2"] + hostile.setUp(folder)
        let before = folder.listing.map { ($0, Self.fingerprint(folder.path + "/" + $0)) }
        let devNull = Self.fingerprint("/dev/null")
        let result = try MeasuredRunner.run(arguments, timeout: 10)
        #expect(result.status == 1, "\(hostile.name): exit \(result.status)\n\(result.stderr)")
        #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("rnnscope: "), "\(hostile.name): \(result.stderr)")
        #expect(result.stderr.contains(hostile.mentions), "\(hostile.name): \(result.stderr)")
        #expect(!result.crashed, "\(hostile.name)")
        #expect(result.peakMegabytes < 500, "\(hostile.name): \(result.peakMegabytes) MB")
        #expect(result.seconds < 10, "\(hostile.name): \(result.seconds) s")
        #expect(!result.stdout.contains("saved"), "\(hostile.name): \(result.stdout)")
        // Every thing in the folder is as it was: same type, mode, size and inode; nothing new.
        #expect(folder.listing.map { ($0, Self.fingerprint(folder.path + "/" + $0)) }.elementsEqual(before, by: { $0 == $1 }),
                "\(hostile.name): the folder changed: \(folder.listing)")
        #expect(Self.fingerprint("/dev/null") == devNull)
    }

    @Test("A 0600 file stays 0600; a new file gets 0644 minus the umask")
    func keepsPermissions() throws {
        let folder = try Folder()
        let existing = folder.file("private.safetensors", mode: 0o600)
        let fresh = folder.path + "/new.safetensors"
        for path in [existing, fresh] {
            let result = try MeasuredRunner.run(["train", "--epochs", "1", "--save", path], timeout: 10)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let mask = umask(0o022)
        umask(mask)
        #expect(try Self.mode(existing) == 0o600)
        #expect(try Self.mode(fresh) == 0o644 & ~Int(mask))
        #expect(FileManager.default.contents(atPath: existing) != SafeTensorsBytes.model(fill: 0.25), "not saved")
        #expect(folder.listing == ["new.safetensors", "private.safetensors"])
    }

    static func mode(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw TmuxError(message: "no \(path)") }
        return Int(info.st_mode & 0o7777)
    }

    @Test("A symbolic link is followed: the file it points to is replaced, the link stays")
    func followsSymlink() throws {
        let folder = try Folder()
        try FileManager.default.createDirectory(atPath: folder.path + "/real", withIntermediateDirectories: true)
        let target = folder.file("real/model.safetensors", mode: 0o640)
        _ = symlink("real/model.safetensors", folder.path + "/link.safetensors")
        let result = try MeasuredRunner.run(["train", "--epochs", "1", "--save", folder.path + "/link.safetensors"], timeout: 10)
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(lstat(folder.path + "/link.safetensors", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "the link was replaced")
        #expect(FileManager.default.contents(atPath: target) != SafeTensorsBytes.model(fill: 0.25), "the target was not saved")
        #expect(try Self.mode(target) == 0o640)
        // The saved model loads back through the link.
        let trace = try MeasuredRunner.run(["trace", "--weights", folder.path + "/link.safetensors"], timeout: 10)
        #expect(trace.status == 0, "\(trace.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/real") == ["model.safetensors"])
    }

    @Test("Temporary files a killed save left behind are removed on the next save; others stay")
    func cleansLeftovers() throws {
        let folder = try Folder()
        let old = folder.file(".model.safetensors.rnnscope-Ab12Cd.tmp", Data(count: 4096))
        let otherTarget = folder.file(".other.safetensors.rnnscope-Ab12Cd.tmp", Data(count: 16))
        let notOurs = folder.file(".model.safetensors.rnnscope-x.tmp", Data(count: 16))
        let past = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
        for path in [old, otherTarget, notOurs] { _ = utimensat(AT_FDCWD, path, past, 0) }
        let result = try MeasuredRunner.run(["train", "--epochs", "1", "--save", folder.path + "/model.safetensors"], timeout: 10)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.listing == [".model.safetensors.rnnscope-x.tmp", ".other.safetensors.rnnscope-Ab12Cd.tmp", "model.safetensors"])
    }

    @Test("--allow-nonfinite saves NaN weights, and says it saved")
    func allowNonFinite() throws {
        let folder = try Folder()
        let poisoned = folder.file("nan.safetensors", SafeTensorsBytes.model(
            fill: 0.1, poison: ["rnn.weight_hh_l0": (3, .nan)]))
        let out = folder.path + "/out.safetensors"
        let result = try MeasuredRunner.run(["train", "--init", poisoned, "--epochs", "0", "--save", out, "--allow-nonfinite"], timeout: 10)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("saved"))
        #expect(FileManager.default.fileExists(atPath: out))
    }

    /// Starts `train` for many epochs and returns its pid once its signal handlers are in place
    /// (SigCgt in /proc/PID/status has SIGINT's bit), so the signal meets the program's handler.
    static func startLongTraining(_ arguments: [String], folder: Folder) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, folder.path + "/stderr.log", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let binary = BinaryRunner.binary.path
        let pid = try spawnWithDefaultSignals(binary, [binary, "train", "--epochs", "1000000"] + arguments, &actions)
        for _ in 0..<500 {
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
               let mask = UInt64(line.split(separator: "\t").last ?? "", radix: 16), mask & (1 << (UInt64(SIGINT) - 1)) != 0 {
                return pid
            }
            usleep(10_000)
        }
        return pid
    }

    @Test("SIGINT, SIGTERM, SIGHUP, SIGQUIT stop a long train: 128 + the signal, one line, the save target untouched",
          arguments: [(SIGINT, 130, "SIGINT"), (SIGTERM, 143, "SIGTERM"), (SIGHUP, 129, "SIGHUP"), (SIGQUIT, 131, "SIGQUIT")])
    func interruptedTraining(signal: Int32, expected: Int32, name: String) throws {
        let folder = try Folder()
        let target = folder.file("model.safetensors")
        let pid = try Self.startLongTraining(["--save", target], folder: folder)
        usleep(100_000)  // into the training loop
        #expect(kill(pid, signal) == 0)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let ended = status & 0x7F
        let code = ended != 0 ? 128 + ended : (status >> 8) & 0xFF
        #expect(code == expected, "\(name): exit \(code)")
        let stderr = (try? String(contentsOfFile: folder.path + "/stderr.log", encoding: .utf8)) ?? ""
        #expect(stderr == "rnnscope: interrupted by \(name); nothing was saved\n", "\(stderr)")
        #expect(FileManager.default.contents(atPath: target) == SafeTensorsBytes.model(fill: 0.25))
        #expect(folder.listing == ["model.safetensors", "stderr.log"], "left behind: \(folder.listing)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/core"))
    }
}
