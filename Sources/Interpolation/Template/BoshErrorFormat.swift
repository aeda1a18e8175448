import DeployerSupport

/// How bosh-cli's UI lays out an error (`ui/fmt.MultilineError`): a wrapping context ends in
/// `:` with its cause indented two spaces below, and a list of errors is printed as `- `
/// bullets.
public indirect enum BoshErrorTree: Sendable, Hashable {
    /// One message (it may span lines of its own).
    case leaf(String)
    /// A context (`Validating deployment manifest`) wrapping its cause.
    case wrapped(String, BoshErrorTree)
    /// Several errors reported together (bosh-cli's `MultiError`).
    case list([BoshErrorTree])

    /// Whether a list appears anywhere in the tree.
    public var containsList: Bool {
        switch self {
        case .leaf: false
        case .wrapped(_, let cause): cause.containsList
        case .list: true
        }
    }
}

/// An error bosh-cli would print as a tree of contexts and bullet lists rather than one line.
public protocol BoshTreeError: Error {
    /// The layout of this error.
    var boshTree: BoshErrorTree { get }
}

/// Renders an error the way bosh-cli's UI prints a failed command (`ui/fmt.MultilineError`):
/// each wrapping context on its own line ending in `:` with the cause indented two spaces
/// below, and lists of errors as `- ` bullets.
///
/// ```
/// - Expected to find variables:
///     - az
///     - subnet_id
/// ```
public enum BoshErrorFormat {
    /// The multi-line text for `error` (no trailing newline).
    public static func multiline(_ error: any Error) -> String {
        render(tree(of: error), prefix: "", bullet: "")
    }

    /// The layout of `error`: `ContextError` wrappers as contexts, `BoshTreeError`s as
    /// they lay themselves out, anything else as one message.
    public static func tree(of error: any Error) -> BoshErrorTree {
        if let context = error as? ContextError {
            return .wrapped(context.context, tree(of: context.underlying))
        }
        if let structured = error as? any BoshTreeError { return structured.boshTree }
        return .leaf(String(describing: error))
    }

    private static func render(_ node: BoshErrorTree, prefix: String, bullet: String) -> String {
        let current = prefix + bullet
        let inner = prefix + String(repeating: " ", count: bullet.count)
        switch node {
        case .leaf(let text):
            return current + text
        case .wrapped(let context, let cause):
            return current + context + ":\n" + render(cause, prefix: inner + "  ", bullet: "")
        case .list(let items):
            return items.map { render($0, prefix: inner, bullet: "- ") }.joined(separator: "\n")
        }
    }
}

extension VariableError: BoshTreeError {
    /// Missing and unused variables as bosh-cli's two wrapped lists; other cases as one message.
    public var boshTree: BoshErrorTree {
        guard case .expectations(let missing, let unused) = self else { return .leaf(description) }
        var groups: [BoshErrorTree] = []
        if !missing.isEmpty { groups.append(.wrapped("Expected to find variables", .list(missing.map { .leaf($0) }))) }
        if !unused.isEmpty { groups.append(.wrapped("Expected to use variables", .list(unused.map { .leaf($0) }))) }
        return .list(groups)
    }
}
