/// One thing wrong with a manifest, located by its path (`resource_pools[0].network`) and
/// worded the way bosh-cli words it.
public struct ManifestProblem: Sendable, Hashable, CustomStringConvertible {
    /// Which of bosh-cli's three parsers (and which phase of it) reports the problem; it
    /// decides the wrapper printed in front of the message.
    public enum Stage: Int, Sendable, Hashable, CaseIterable, Comparable {
        /// Decoding `releases` (a value of the wrong YAML type).
        case releaseSetUnmarshalling
        /// The release set validator (`releases[0].url must be provided`).
        case releaseSetValidation
        /// Decoding `cloud_provider` (a value of the wrong YAML type).
        case installationUnmarshalling
        /// `cloud_provider` checks made while parsing (CA, ssh key, duplicate templates, keys).
        case installationParsing
        /// The installation validator (`cloud_provider.template.name must be provided`).
        case installationValidation
        /// Decoding the deployment keys (a value of the wrong YAML type).
        case deploymentUnmarshalling
        /// Deployment checks made while parsing (both `jobs` and `instance_groups`, watch time).
        case deploymentParsing
        /// The deployment validator (`jobs[0].resource_pool must be provided`).
        case deploymentValidation
        /// Release jobs checked against the extracted releases.
        case deploymentReleaseJobs

        public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The text bosh-cli puts before this stage's messages, for the manifest at `file`.
        public func wrapper(file: String) -> String {
            contexts(file: file).map { $0 + ": " }.joined()
        }

        /// bosh-cli's wrapping contexts of this stage's messages, outermost first.
        public func contexts(file: String) -> [String] {
            switch self {
            case .releaseSetUnmarshalling:
                ["Parsing release set manifest '\(file)'", "Unmarshalling release set manifest"]
            case .releaseSetValidation:
                ["Parsing release set manifest '\(file)'", "Validating release set manifest"]
            case .installationUnmarshalling:
                ["Parsing installation manifest '\(file)'", "Unmarshalling installation manifest"]
            case .installationParsing:
                ["Parsing installation manifest '\(file)'"]
            case .installationValidation:
                ["Parsing installation manifest '\(file)'", "Validating installation manifest"]
            case .deploymentUnmarshalling, .deploymentParsing:
                ["Parsing deployment manifest '\(file)'", "Unmarshalling BOSH deployment manifest"]
            case .deploymentValidation:
                ["Validating deployment manifest"]
            case .deploymentReleaseJobs:
                ["Validating deployment jobs refer to jobs in release"]
            }
        }

        /// Whether the messages are YAML decoding errors, which bosh-cli (yaml.v2) lists under
        /// one `yaml: unmarshal errors:` heading.
        public var isUnmarshalling: Bool {
            self == .releaseSetUnmarshalling || self == .installationUnmarshalling
                || self == .deploymentUnmarshalling
        }
    }

    /// The stage that found the problem.
    public var stage: Stage
    /// Where the problem is, in bosh-cli's notation (`jobs[0].templates[1].release`); empty for
    /// problems of the document as a whole. Always `jobs`/`templates`, even for manifests
    /// written with `instance_groups`/`jobs`, as bosh-cli does.
    public var path: String
    /// The complete line bosh-cli prints (`jobs[0].templates[1].release must be provided`).
    public var message: String

    /// A problem whose message is exactly `message`.
    public init(_ stage: Stage, path: String, message: String) {
        self.stage = stage
        self.path = path
        self.message = message
    }

    /// A problem whose message is `"<path> <detail>"`, the usual bosh-cli form.
    public init(_ stage: Stage, at path: String, _ detail: String) {
        self.init(stage, path: path, message: path.isEmpty ? detail : "\(path) \(detail)")
    }

    public var description: String { message }
}
