// libFuzzer target for the weight-file reader: SafeTensorsFile.parse, then the checks
// WeightFile.load makes (WeightFile.contents, internal, hence @testable). Built by
// scripts/fuzz.sh with -sanitize=fuzzer,address; not part of the package or CI.
//
// Besides crashes, timeouts and OOMs, the target traps when
//  - anything but RNNScopeError is thrown (the CLI prints those as one clean line);
//  - a file that parsed does not survive serialized() → parse() with the same bits;
//  - a file accepted as weights records an epoch outside 0...WeightFile.maxEpoch;
//  - a file that parsed has data bytes its tensors do not account for exactly (the offsets
//    must tile the data region: no overlaps, gaps or trailing bytes).
import Foundation
@testable import RNNCore

/// The CLI's default fallback: the notes' text.
private let fallbackVocabulary = Vocabulary(text: SeedNotes.text)
/// FUZZ_PRINT=1 prints each input's outcome (for checking seeds: `FUZZ_PRINT=1 safetensors-fuzz file…`).
private let printOutcome = ProcessInfo.processInfo.environment["FUZZ_PRINT"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let file: SafeTensorsFile
    do {
        file = try SafeTensorsFile.parse(data)
    } catch let error as RNNScopeError {
        if printOutcome { print("refused by parse: \(error)") }
        return 0
    } catch {
        fatalError("SafeTensorsFile.parse threw \(type(of: error)), not RNNScopeError: \(error)")
    }

    var headerLength = 0
    for i in 0..<8 { headerLength |= Int(data[data.startIndex + i]) << (8 * i) }
    let tensorBytes = file.tensors.values.reduce(0) { $0 + 4 * $1.values.count }
    guard 8 + headerLength + tensorBytes == data.count else {
        fatalError("parsed, but the tensors hold \(tensorBytes) bytes of the \(data.count - 8 - headerLength) data bytes")
    }

    let again: SafeTensorsFile
    do {
        again = try SafeTensorsFile.parse(try file.serialized())
    } catch {
        fatalError("a file that parsed does not survive serialized() → parse(): \(error)")
    }
    guard sameBits(file, again) else { fatalError("serialized() → parse() changed the file") }

    do {
        let contents = try WeightFile.contents(of: file, path: "fuzz.safetensors", fallbackVocabulary: fallbackVocabulary)
        if let epoch = contents.epoch, !(0...WeightFile.maxEpoch).contains(epoch) {
            fatalError("accepted epoch \(epoch), outside 0...\(WeightFile.maxEpoch)")
        }
        if printOutcome {
            print("loaded: V=\(contents.vocabulary.count), H=\(contents.parameters.shape.hidden), epoch \(contents.epoch.map(String.init) ?? "none")")
        }
    } catch let error as RNNScopeError {
        if printOutcome { print("parsed \(file.tensors.count) tensors; refused as weights: \(error)") }
    } catch {
        fatalError("WeightFile.contents threw \(type(of: error)), not RNNScopeError: \(error)")
    }
    return 0
}

/// Equality that treats NaNs with the same payload as equal (Float's == does not).
private func sameBits(_ a: SafeTensorsFile, _ b: SafeTensorsFile) -> Bool {
    guard a.metadata == b.metadata, a.tensors.keys.sorted() == b.tensors.keys.sorted() else { return false }
    for (name, tensor) in a.tensors {
        guard let other = b.tensors[name], tensor.shape == other.shape,
              tensor.values.map(\.bitPattern) == other.values.map(\.bitPattern) else { return false }
    }
    return true
}
