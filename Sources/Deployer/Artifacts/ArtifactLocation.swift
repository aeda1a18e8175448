import DeployerSupport
import Foundation

/// Where a resolved manifest URL points, with `file://` and `~` taken apart.
enum ArtifactLocation: Equatable {
    case local(path: String)
    case remote(url: String)
    case relative(path: String)
    case unsupported(url: String)

    init(url: String, userHomeDirectory: String?) {
        if url.hasPrefix("http://") || url.hasPrefix("https://") {
            self = .remote(url: url)
        } else if url.hasPrefix("file://") {
            let path = String(url.dropFirst("file://".count))
            self = Self.classify(path: path, userHomeDirectory: userHomeDirectory) ?? .unsupported(url: url)
        } else if url.isEmpty || url.contains("://") {
            self = .unsupported(url: url)
        } else {
            self = Self.classify(path: url, userHomeDirectory: userHomeDirectory) ?? .unsupported(url: url)
        }
    }

    private static func classify(path: String, userHomeDirectory: String?) -> ArtifactLocation? {
        guard !path.isEmpty else { return nil }
        if path.hasPrefix("/") { return .local(path: path) }
        if path == "~" || path.hasPrefix("~/") {
            guard let home = userHomeDirectory else { return .relative(path: path) }
            return .local(path: GoPath.clean(home + path.dropFirst()))
        }
        return .relative(path: path)
    }
}
