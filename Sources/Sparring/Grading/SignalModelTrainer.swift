import Foundation

/// Learns a `SignalModel` from labelled replies: L2-regularised logistic regression per signal on the
/// reply's words alone. Five-fold cross-validation chooses the regularisation and the threshold: the
/// lowest probability at which the model's own additions were right nine times in ten on replies it
/// had not seen. The lexicons are left out of the features on purpose: they were written against such
/// replies, so on them they look perfect, and a model that leant on them would learn nothing new.
public enum SignalModelTrainer {
    /// One labelled reply: its sentence features, what the lexicons found, and the labels (a signal
    /// missing from `labels` is not known for this reply and not learned from it).
    public struct Example: Sendable {
        let sentences: [[Int64]]
        let rules: [String: Bool]
        let labels: [String: Bool]
    }

    /// How one signal fared in cross-validation.
    public struct Outcome: Sendable {
        public let signal: String
        public let examples: Int
        /// The model alone, on held-out folds, at the chosen threshold.
        public let precision: Double
        public let recall: Double
        /// Labelled replies the lexicons missed that the model found, on held-out folds.
        public let added: Int
        public let threshold: Double
        public var isOn: Bool { threshold <= 1 }
    }

    static let folds = 5
    static let strengths = [0.003, 0.01, 0.03]
    /// From 0.6: a signal the model adds can lift a deadly finding (an escalation it wrongly sees
    /// clears `not-escalated`), so "more likely than not" is not enough.
    static let thresholds = stride(from: 0.6, through: 0.95, by: 0.05).map { $0 }
    /// The share of the model's positives that must be right for it to be switched on.
    static let requiredPrecision = 0.9
    /// A feature must occur in this many training replies to get a weight.
    static let minimumCount = 2

    public static func train(_ examples: [Example]) -> (SignalModel, [Outcome]) {
        var heads: [SignalModel.Head] = []
        var weights: [Int64: [Double]] = [:]
        var outcomes: [Outcome] = []
        for signal in SignalModel.signals {
            let labelled = examples.filter { $0.labels[signal] != nil }
            guard labelled.contains(where: { $0.labels[signal]! }), labelled.contains(where: { !$0.labels[signal]! }) else { continue }
            let gold = labelled.map { $0.labels[signal]! }
            let rules = labelled.map { $0.rules[signal] ?? false }
            var best: (recall: Double, precision: Double, added: Int, strength: Double, threshold: Double) = (0, 0, 0, strengths[0], 2)
            for strength in strengths {
                var probabilities = [Double](repeating: 0, count: labelled.count)
                for fold in 0..<folds {
                    let training = labelled.indices.filter { $0 % folds != fold }
                    let held = labelled.indices.filter { $0 % folds == fold }
                    let head = fit(training.map { labelled[$0] }, gold: training.map { gold[$0] }, strength: strength)
                    for index in held { probabilities[index] = head.probability(labelled[index]) }
                }
                for threshold in thresholds {
                    let predicted = probabilities.map { $0 >= threshold }
                    let (precision, recall) = precisionRecall(predicted: predicted, gold: gold)
                    guard precision >= requiredPrecision, recall > best.recall else { continue }
                    let added = labelled.indices.filter { predicted[$0] && gold[$0] && !rules[$0] }.count
                    best = (recall, precision, added, strength, threshold)
                }
            }
            let head = fit(labelled, gold: gold, strength: best.strength)
            let column = heads.count
            heads.append(SignalModel.Head(signal: signal, bias: head.bias, threshold: best.threshold))
            for (feature, weight) in head.weights {
                var row = weights[feature] ?? [Double](repeating: 0, count: SignalModel.signals.count)
                row[column] = weight
                weights[feature] = row
            }
            outcomes.append(Outcome(signal: signal, examples: labelled.count, precision: best.precision, recall: best.recall,
                                    added: best.added, threshold: best.threshold))
        }
        // rows were sized for every signal; keep one weight per head that was trained
        let trimmed = weights.mapValues { Array($0.prefix(heads.count)) }
        return (SignalModel(heads: heads, weights: trimmed), outcomes)
    }

    struct FittedHead {
        let bias: Double
        let weights: [Int64: Double]

        func probability(_ example: Example) -> Double {
            var total = bias
            for feature in Set(example.sentences.joined()) { total += weights[feature] ?? 0 }
            return 1 / (1 + exp(-total))
        }
    }

    /// Logistic regression on binary features by full-batch AdaGrad: deterministic, no seed to keep.
    static func fit(_ examples: [Example], gold: [Bool], strength: Double) -> FittedHead {
        var counts: [Int64: Int] = [:]
        let rows = examples.map { Set($0.sentences.joined()) }
        for row in rows { for feature in row { counts[feature, default: 0] += 1 } }
        let vocabulary = counts.filter { $0.value >= minimumCount }.keys.sorted()
        let column = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        let matrix = rows.map { $0.compactMap { column[$0] } }
        let targets = gold.map { $0 ? 1.0 : 0.0 }
        let positives = max(targets.reduce(0, +), 0.5)
        var bias = log(positives / max(Double(targets.count) - positives, 0.5))
        var weights = [Double](repeating: 0, count: vocabulary.count)
        var squares = [Double](repeating: 1e-8, count: vocabulary.count)
        var biasSquare = 1e-8
        let rate = 0.5
        let count = Double(examples.count)
        for _ in 0..<150 {
            var gradient = weights.map { strength * $0 }
            var biasGradient = 0.0
            for (index, features) in matrix.enumerated() {
                var total = bias
                for feature in features { total += weights[feature] }
                let error = (1 / (1 + exp(-total)) - targets[index]) / count
                biasGradient += error
                for feature in features { gradient[feature] += error }
            }
            for feature in weights.indices {
                squares[feature] += gradient[feature] * gradient[feature]
                weights[feature] -= rate * gradient[feature] / squares[feature].squareRoot()
            }
            biasSquare += biasGradient * biasGradient
            bias -= rate * biasGradient / biasSquare.squareRoot()
        }
        var learned: [Int64: Double] = [:]
        for (index, feature) in vocabulary.enumerated() where abs(weights[index]) >= 0.0005 { learned[feature] = weights[index] }
        return FittedHead(bias: bias, weights: learned)
    }

    static func precisionRecall(predicted: [Bool], gold: [Bool]) -> (Double, Double) {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        for (guess, truth) in zip(predicted, gold) {
            if guess && truth { truePositives += 1 } else if guess { falsePositives += 1 } else if truth { falseNegatives += 1 }
        }
        let precision = truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
        let recall = truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives)
        return (precision, recall)
    }
}

extension LanguagePack {
    /// A labelled reply ready for training: its features and what the lexicons alone found.
    public func trainingExample(_ text: String, labels: [String: Bool]) -> SignalModelTrainer.Example {
        let report = signals(for: text, usingModel: false)
        let rules = Dictionary(uniqueKeysWithValues: SignalModel.signals.map { ($0, report.signals[flag: $0] ?? false) })
        return SignalModelTrainer.Example(sentences: report.modelFeatures, rules: rules, labels: labels)
    }
}
