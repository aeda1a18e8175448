import DeployerSupport

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
    private indirect enum Node {
        case leaf(String)
        case wrapped(String, Node)
        case list([Node])
    }

    /// The multi-line text for `error` (no trailing newline).
    public static func multiline(_ error: any Error) -> String {
        render(node(error), prefix: "", bullet: "")
    }

    private static func node(_ error: any Error) -> Node {
        if let context = error as? ContextError {
            return .wrapped(context.context, node(context.underlying))
        }
        if case VariableError.expectations(let missing, let unused)? = error as? VariableError {
            var groups: [Node] = []
            if !missing.isEmpty { groups.append(.wrapped("Expected to find variables", .list(missing.map(Node.leaf)))) }
            if !unused.isEmpty { groups.append(.wrapped("Expected to use variables", .list(unused.map(Node.leaf)))) }
            return .list(groups)
        }
        return .leaf(String(describing: error))
    }

    private static func render(_ node: Node, prefix: String, bullet: String) -> String {
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
