/// Reads and writes YAML exactly as bosh-cli does through Go `yaml.v2`: `Unmarshal` into
/// `interface{}` (YAML 1.1 implicit types) and `Marshal` (block style, sorted keys).
public enum YAMLCodec {
    /// Parses the first document of `text` into a `YAMLNode`.
    ///
    /// Plain scalars are typed with yaml.v2's YAML 1.1 table (`yes`/`on`/`y` are bools,
    /// `0x1F`/`017`/`1_000` are ints, `.inf` a float, `~` and empty are null, timestamps stay
    /// strings); quoted, block and `!!str` scalars are strings. Anchors, aliases and `<<`
    /// merge keys are resolved; a repeated key keeps its last value; later documents are
    /// ignored; an empty stream is `.null`.
    /// - Parameter text: the YAML text.
    /// - Returns: the value of the first document.
    /// - Throws: `YAMLSyntaxError`, worded and numbered as yaml.v2 reports it.
    public static func parse(_ text: String) throws(YAMLSyntaxError) -> YAMLNode {
        try YAMLComposer<YAMLNode>.compose(Array(text.utf8))
    }

    /// Parses the first document of a file's bytes, as yaml.v2's `Unmarshal` reads them: a
    /// leading byte-order mark picks the encoding (UTF-8, UTF-16LE or UTF-16BE) and is not
    /// part of the content; without one the bytes must be UTF-8. Otherwise as `parse(_:)`.
    /// - Parameter bytes: the file content.
    /// - Returns: the value of the first document.
    /// - Throws: `YAMLSyntaxError`, also for bytes that are not valid in their encoding.
    public static func parse(bytes: some Collection<UInt8>) throws(YAMLSyntaxError) -> YAMLNode {
        try YAMLComposer<YAMLNode>.compose(Array(bytes))
    }

    /// Parses the first document of a file's bytes like `parse(bytes:)`, keeping each
    /// scalar's text and tag beside its value, for readers that decode into typed fields as
    /// bosh-cli's Go structs do (`YAMLSourceNode.text`).
    /// - Parameter bytes: the file content.
    /// - Returns: the first document as written.
    /// - Throws: `YAMLSyntaxError`, as `parse(bytes:)`.
    public static func parseSource(bytes: some Collection<UInt8>) throws(YAMLSyntaxError) -> YAMLSourceNode {
        try YAMLComposer<YAMLSourceNode>.compose(Array(bytes))
    }

    /// The YAML text yaml.v2's `Marshal` writes for `node`, ending with a newline.
    ///
    /// Map keys are sorted with yaml.v2's key order; strings are quoted only when they would
    /// read back as another type or cannot be written plain; multi-line strings become
    /// literal blocks; floats are formatted like Go's `strconv` `'g'` format.
    /// - Parameter node: the value to write.
    /// - Returns: the document text.
    public static func emit(_ node: YAMLNode) -> String {
        YAMLEmitter.emit(node)
    }
}
