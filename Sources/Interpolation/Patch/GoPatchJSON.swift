import DeployerSupport

/// Go `encoding/json` string quoting as go-patch prints op definitions: it undoes Go's HTML
/// escaping of `<` and `>` (but not of `&`).
enum GoPatchJSON {
    static func quote(_ text: String) -> String {
        GoJSON.quote(text, escapeAngleBrackets: false)
    }
}
