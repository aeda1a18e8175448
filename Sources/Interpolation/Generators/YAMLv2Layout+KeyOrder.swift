import GoYAML

/// The order in which yaml.v2 writes map keys: the codec's own sorter, so the layout of the
/// re-written options always matches what the emitter would produce.
extension YAMLv2Layout {
    static func keyLess(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        YAMLKeySorter.less(a, b)
    }
}
