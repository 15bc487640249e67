import Foundation
import Testing

/// Issue 13's rule at the largest model the tools accept (H=1024): training it and showing the
/// views that allocate most (the comparison with its partner, the W_hh and gradient views)
/// stays under 500 MB of resident memory.
///
/// The windows are few and short (`--window 5 --stride 10`: 19 windows of 5 steps) so an epoch
/// of the H=1024 LSTM takes a second or two here; what stays the same at any window is what
/// scales as H²: the weights, Adam's two moments, the gradient, the passes' copies of the
/// weights and the traces. (The notes' 92 windows of 10 add about 80 MB of pass buffers on
/// the worker thread; the terminal figures for that case are in the commit that added this.)
@Suite("Peak memory at the largest model", .serialized)
struct LargestModelMemoryTests {
    static let limit = 500.0

    func expectUnderLimit(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try MeasuredRunner.run(arguments, timeout: 120)
        #expect(result.status == 0, "exit \(result.status); stderr \(result.stderr.prefix(500))", sourceLocation: sourceLocation)
        #expect(!result.crashed, sourceLocation: sourceLocation)
        #expect(result.peakMegabytes < Self.limit, "peak RSS \(result.peakMegabytes) MB for \(arguments.joined(separator: " "))",
                sourceLocation: sourceLocation)
    }

    @Test("An H=1024 LSTM trained for two epochs, then its comparison with the RNN partner, stays under 500 MB")
    func lstmTrainedAndCompared() throws {
        try expectUnderLimit([
            "snapshot", "--hidden", "1024", "--cell", "lstm", "--window", "5", "--stride", "10", "--epochs", "1",
            "--keys", "t<btab><btab>t", "--plain",
        ])
    }

    @Test("An H=1024 RNN beside its H=1024 LSTM partner, trained together, then the W_hh and gradient views, stays under 500 MB")
    func rnnWithLSTMPartner() throws {
        try expectUnderLimit([
            "snapshot", "--hidden", "1024", "--cell", "rnn", "--window", "5", "--stride", "10",
            "--keys", "<tab><tab><tab><tab><tab>t<btab><btab><tab>", "--plain",
        ])
    }
}
