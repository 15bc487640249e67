import ArgumentParser
import Foundation
import RNNCore
import Terminal
import Localization

/// `train --json`'s one object.
struct TrainReport: Encodable {
    struct Prediction: Encodable {
        let input: String
        let next: String
    }
    let epochs: Int
    let losses: [Float]
    let final_loss: Float?
    let seconds: Double
    let predictions: [Prediction]
    /// Only with --holdout: windows held out, their loss every epoch (before that epoch's
    /// update, as `losses`) and the last one.
    let holdout: Int?
    let validation_losses: [Float]?
    let final_validation_loss: Float?
    /// Only with --steps or --batch-size: optimizer steps taken (`losses` has one per step).
    let steps: Int?
    let batch_size: Int?
    /// Only with --sample-every: the generated samples.
    let samples: [Sample]?

    struct Sample: Encodable {
        let step: Int
        let text: String
    }
}
