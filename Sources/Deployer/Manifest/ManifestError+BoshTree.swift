import Interpolation

extension ManifestError: BoshTreeError {
    /// bosh-cli's layout: each stage's contexts nested, a validator's problems as a bullet
    /// list (its `MultiError`), YAML decoding errors as yaml.v2's own block; other cases as
    /// one message.
    public var boshTree: BoshErrorTree {
        guard case .invalid(let file, let problems) = self else { return .leaf(description) }
        var blocks: [BoshErrorTree] = []
        for stage in ManifestProblem.Stage.allCases {
            let messages = problems.filter { $0.stage == stage }.map(\.message)
            guard !messages.isEmpty else { continue }
            var body: BoshErrorTree
            if stage.isUnmarshalling {
                body = .leaf("yaml: unmarshal errors:\n" + messages.map { "  " + $0 }.joined(separator: "\n"))
            } else if messages.count == 1 && !stage.isValidator {
                body = .leaf(messages[0])
            } else {
                body = .list(messages.map { .leaf($0) })
            }
            for context in stage.contexts(file: file).reversed() { body = .wrapped(context, body) }
            blocks.append(body)
        }
        return blocks.count == 1 ? blocks[0] : .list(blocks)
    }
}

extension ManifestProblem.Stage {
    /// Whether bosh-cli reports this stage's problems all at once, as a `MultiError`.
    var isValidator: Bool {
        switch self {
        case .releaseSetValidation, .installationValidation, .deploymentValidation, .deploymentReleaseJobs: true
        default: false
        }
    }
}
