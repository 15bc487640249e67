import Foundation
import Testing
@testable import RNNCore

/// `AtomicFile.write` holds SIGINT/SIGTERM/SIGHUP/SIGQUIT while its temporary file exists; one
/// that arrived meanwhile means the save is abandoned: the temporary file is removed and the
/// target keeps its bytes.
@Suite("Atomic file writes")
struct AtomicFileTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "rnnscope-atomic-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("A signal pending during the save: nothing saved, no temporary file left")
    func interruptedSave() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/model.safetensors"
        _ = FileManager.default.createFile(atPath: target, contents: Data("old".utf8))
        // SIGHUP, blocked on this thread and made pending, stands for one arriving mid-save;
        // sigtimedwait takes it afterwards so it never reaches the test runner.
        var hup = sigset_t(), previous = sigset_t()
        sigemptyset(&hup)
        sigaddset(&hup, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &hup, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        pthread_kill(pthread_self(), SIGHUP)
        let error = try #require(throws: RNNScopeError.self) { try AtomicFile.write(Data("new".utf8), to: target) }
        var zero = timespec()
        #expect(sigtimedwait(&hup, nil, &zero) == SIGHUP)
        #expect(error.message.contains("interrupted"), "\(error)")
        #expect(FileManager.default.contents(atPath: target) == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["model.safetensors"])
        // Without the signal the same save goes through.
        try AtomicFile.write(Data("new".utf8), to: target)
        #expect(FileManager.default.contents(atPath: target) == Data("new".utf8))
    }

    @Test("Only this program's temporary names for this target count as leftovers")
    func temporaryNames() {
        #expect(AtomicFile.isTemporary(".m.safetensors.rnnscope-aB3xY9.tmp", of: "m.safetensors"))
        #expect(!AtomicFile.isTemporary(".m.safetensors.rnnscope-aB3xY.tmp", of: "m.safetensors"))
        #expect(!AtomicFile.isTemporary(".n.safetensors.rnnscope-aB3xY9.tmp", of: "m.safetensors"))
        #expect(!AtomicFile.isTemporary("m.safetensors.rnnscope-aB3xY9.tmp", of: "m.safetensors"))
        #expect(!AtomicFile.isTemporary(".m.safetensors.rnnscope-aB/xY9.tmp", of: "m.safetensors"))
    }
}
