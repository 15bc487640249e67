import Foundation
import Testing

/// Issue 13: the comparison view at H=1024 keeps only what it draws of its partner (the
/// weights, Adam's state to train on, its pass over the sequence on screen), never the
/// partner's training buffers, and the main model's buffers are freed while the partner
/// catches up. Figures measured on the debug binary, with the windows of
/// `LargestModelMemoryTests` (19 windows of 5 steps, so an epoch of the H=1024 LSTM takes a
/// few seconds here; that is why these take ~5 s each).
@Suite("Peak memory of the comparison view at H=1024", .serialized)
struct CompareMemoryTests {
    func peak(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Double {
        let result = try MeasuredRunner.run(arguments, timeout: 120)
        #expect(result.status == 0, "exit \(result.status); stderr \(result.stderr.prefix(500))", sourceLocation: sourceLocation)
        #expect(!result.crashed, sourceLocation: sourceLocation)
        #expect(result.stdout.contains("epoch 1"), "the comparison shows both models at epoch 1", sourceLocation: sourceLocation)
        return result.peakMegabytes
    }

    static let windows = ["--window", "5", "--stride", "10", "--epochs", "1", "--keys", "<btab><btab><btab><btab>", "--plain"]

    @Test("An H=1024 RNN trained one epoch, then the comparison with its H=1024 LSTM partner caught up to it: under 300 MB (327 MB before the partner dropped its buffers)")
    func rnnWithLSTMPartner() throws {
        let megabytes = try peak(["snapshot", "--hidden", "1024", "--cell", "rnn"] + Self.windows)
        #expect(megabytes < 300, "peak RSS \(megabytes) MB")
    }

    @Test("An H=1024 LSTM trained one epoch, then the comparison with its RNN partner: under 370 MB, about what training the LSTM alone takes")
    func lstmWithRNNPartner() throws {
        let megabytes = try peak(["snapshot", "--hidden", "1024", "--cell", "lstm"] + Self.windows)
        #expect(megabytes < 370, "peak RSS \(megabytes) MB")
    }

    @Test("The comparison view of an H=1024 LSTM and its RNN partner while both train on the worker thread (T, two epochs, bench --child compare-training): under 360 MB (424 MB before the worker kept Adam's moments to itself; 300 MB measured after)")
    func lstmAndPartnerTrainingTogether() throws {
        let result = try MeasuredRunner.run(["bench", "--child", "compare-training", "--repeats", "1"], timeout: 120)
        #expect(result.status == 0, "exit \(result.status); stderr \(result.stderr.prefix(500))")
        #expect(!result.crashed)
        #expect(result.stdout.contains("epochs 2 and 2"), "both models trained two epochs: \(result.stdout.prefix(300))")
        #expect(result.peakMegabytes < 360, "peak RSS \(result.peakMegabytes) MB")
    }
}
