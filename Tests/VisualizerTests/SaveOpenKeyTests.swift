import Foundation
@testable import Lessons
import RNNCore
import Testing
@testable import Visualizer

/// `W` writes the weights (with Adam's state) to a typed path, `O` opens a typed weight file.
@Suite("W and O save and open weight files")
struct SaveOpenKeyTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "rnnscope-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func type(_ text: String, into explorer: Explorer) {
        for c in text { explorer.handle(.character(c)) }
    }

    @Test("W, a path, Enter saves; O, the path, Enter in another explorer gives the same model, epoch and Adam state")
    func saveThenOpen() throws {
        let path = try temporaryDirectory() + "/m.safetensors"
        let first = try Explorer(spec: .notes)
        for _ in 0..<3 { first.perform(.trainEpoch) }
        first.handle(.character("W"))
        #expect(first.ui.editing == "")
        type(path, into: first)
        first.handle(.enter)
        #expect(first.ui.editing == nil)
        #expect(first.ui.message?.hasPrefix("saved \(path) (epoch 3") == true, "\(first.ui.message ?? "")")
        #expect(FileManager.default.fileExists(atPath: path))

        let second = try Explorer(spec: .notes)
        second.perform(.cycleCell)  // a different model to replace
        second.handle(.character("O"))
        type(path, into: second)
        second.handle(.enter)
        #expect(second.ui.message?.contains("Adam resumes at step 3") == true, "\(second.ui.message ?? "")")
        #expect(second.lab.cell == .rnn)
        #expect(second.lab.epoch == 3)
        #expect(second.lab.model.parameters == first.lab.model.parameters)
        // Training on from the opened file is training on from the first explorer, bit for bit.
        first.perform(.trainEpoch)
        second.perform(.trainEpoch)
        #expect(second.lab.model.parameters.storage.map(\.bitPattern) == first.lab.model.parameters.storage.map(\.bitPattern))
    }

    @Test("W onto an existing file asks 'overwrite? y/n': n, Esc or any other key keep it; only y replaces it")
    func neverOverwritesWithoutY() throws {
        let path = try temporaryDirectory() + "/keep.safetensors"
        let original = Data("precious".utf8)
        try original.write(to: URL(fileURLWithPath: path))
        let explorer = try Explorer(spec: .notes)
        for refusal in [UserKey.character("n"), .escape, .enter, .character("W"), .character("q")] {
            explorer.handle(.character("W"))
            type(path, into: explorer)
            explorer.handle(.enter)
            #expect(explorer.ui.message == "overwrite \(path)? y/n")
            #expect(explorer.handle(refusal), "the answer does not quit")
            #expect(explorer.ui.confirmingOverwrite == nil)
            #expect(explorer.ui.message == "not saved: \(path) left as it was")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        }
        explorer.handle(.character("W"))
        type(path, into: explorer)
        explorer.handle(.enter)
        explorer.handle(.character("y"))
        #expect(explorer.ui.message?.hasPrefix("saved \(path)") == true)
        let loaded = try WeightFile.load(path, fallbackVocabulary: explorer.lab.spec.vocabulary)
        #expect(loaded.parameters == explorer.lab.model.parameters)
    }

    @Test("O on a missing or bad file: the error on the message line, the model unchanged")
    func openErrors() throws {
        let directory = try temporaryDirectory()
        let bad = directory + "/bad.safetensors"
        try Data("not a weight file".utf8).write(to: URL(fileURLWithPath: bad))
        let explorer = try Explorer(spec: .notes)
        let before = explorer.lab.model.parameters
        for path in [directory + "/missing.safetensors", bad] {
            explorer.handle(.character("O"))
            type(path, into: explorer)
            explorer.handle(.enter)
            #expect(explorer.ui.message?.contains(path) == true, "\(explorer.ui.message ?? "")")
            #expect(explorer.lab.model.parameters == before)
        }
        explorer.handle(.character("O"))
        explorer.handle(.escape)
        #expect(explorer.ui.message == "nothing opened")
    }
}

extension SaveOpenKeyTests {
    @Test("O says what becomes of the file's optimizer state: none, ignored (and why), fresh, resumed, or SGD's")
    func optimizerMessages() throws {
        let directory = try temporaryDirectory()
        let (model, data) = try ModelSpec.notes.build()
        let trainer = ModelSpec.notes.makeTrainer(model: model, data: data)
        _ = trainer.runEpoch()
        let adamAfterSteps = trainer.optimizerState
        let files: [(String, CharRNN, OptimizerState?)] = [
            ("none", model, nil), ("sgd", model, SGD(learningRate: 0.1).state), ("adam0", model, Adam(learningRate: 0.01).state),
            ("adam1", trainer.model, adamAfterSteps),
        ]
        for (name, weights, state) in files {
            try WeightFile.save(weights, epoch: 1, optimizer: state, to: "\(directory)/\(name).safetensors")
        }
        func opened(_ name: String, training optimizer: OptimizerKind) throws -> String {
            var spec = ModelSpec.notes
            spec.training.optimizer = optimizer
            let explorer = try Explorer(spec: spec)
            explorer.handle(.character("O"))
            type("\(directory)/\(name).safetensors", into: explorer)
            explorer.handle(.enter)
            return explorer.ui.message ?? ""
        }
        #expect(try opened("none", training: .adam).contains("no optimizer state: Adam starts fresh"))
        #expect(try opened("none", training: .sgd).hasSuffix("SGD"))
        #expect(try opened("sgd", training: .adam).contains("optimizer state ignored ("))
        #expect(try opened("sgd", training: .adam).hasSuffix("): Adam starts fresh"))
        #expect(try opened("sgd", training: .sgd).hasSuffix("SGD"))
        #expect(try opened("adam0", training: .adam).hasSuffix("Adam starts fresh"))
        #expect(!(try opened("adam0", training: .adam).contains("ignored")))
        #expect(try opened("adam1", training: .adam).contains("Adam resumes at step 1"))
        #expect(try opened("adam1", training: .sgd).hasSuffix("): SGD keeps no state"))
    }
}

@Suite("Lessons resume Adam from their weight file")
struct LessonResumeTests {
    @Test("A lesson's weights: file saved with Adam's state trains on exactly as the saving explorer would")
    func lessonResumes() throws {
        let directory = NSTemporaryDirectory() + "rnnscope-lesson-resume-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/m.safetensors"
        let saver = try Explorer(spec: .notes)
        for _ in 0..<3 { saver.perform(.trainEpoch) }
        _ = try saver.lab.saveWeights(to: path)
        let source = """
            ---
            id: 1
            title: Resume
            lang: en
            weights: \(path)
            ---
            ## One
            text
            """
        let session = try LessonSession(lesson: LessonParser.parse(source, path: directory + "/l.md"))
        let lab = session.explorer.lab
        #expect(lab.epoch == 3)
        #expect(lab.trainer.optimizerState.stepCount == 3)
        saver.perform(.trainEpoch)
        lab.train(epochs: 1)
        #expect(lab.model.parameters.storage.map(\.bitPattern) == saver.lab.model.parameters.storage.map(\.bitPattern))
    }
}
