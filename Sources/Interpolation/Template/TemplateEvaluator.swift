import DeployerSupport
import GoYAML

/// Evaluates the `((variables))` of a YAML document whose ops have already been applied
/// (bosh-cli `Template.interpolateRoot`, steps 3–6 of the pipeline):
///
/// 1. every typed definition of `variables:` is looked up in list order (the vars store
///    generates missing ones here, so a certificate's CA is made before the certificate);
/// 2. the whole document is interpolated, values and map keys;
/// 3. every definition is looked up again and the found ones are removed from `variables:`;
/// 4. missing names (`expectAllKeys`) and unused names (`expectAllVarsUsed`) are reported.
public enum TemplateEvaluator {
    /// What to check after interpolating.
    public struct Options: Sendable, Hashable {
        /// Fail when a placeholder has no value (`--var-errs`; create-env always sets it).
        public var expectAllKeys: Bool
        /// Fail when a provided variable is never used (`--var-errs-unused`).
        public var expectAllVarsUsed: Bool

        /// Creates the options; both checks are off by default, as for `bosh int`.
        public init(expectAllKeys: Bool = false, expectAllVarsUsed: Bool = false) {
            self.expectAllKeys = expectAllKeys
            self.expectAllVarsUsed = expectAllVarsUsed
        }
    }

    /// `document` with its placeholders replaced.
    ///
    /// - Parameters:
    ///   - document: the parsed document, ops already applied.
    ///   - variables: the sources, highest precedence first (usually a `MultiVariables`).
    ///   - options: the checks to run.
    /// - Returns: the interpolated document.
    /// - Throws: `ContextError` ("Getting all variables from variable definitions sections",
    ///   "Finding variable '<name>'", ...), `VariableError.expectations` for missing/unused
    ///   names, `VariableError.invalidInlineType`, or `PatchError`.
    public static func evaluate(
        _ document: YAMLNode, variables: any VariableSource, options: Options = Options()
    ) throws -> YAMLNode {
        let definitions = try VariableDefinitionsSection.definitions(in: document)

        // A certificate's CA is read through every source but never generated (bosh-cli
        // `VarsCertLoader` asks with a bare name).
        @Sendable func plainLookup(_ name: String) throws -> YAMLNode? {
            try variables.value(for: VariableDefinition(name: name), lookup: plainLookup)
        }
        let tracker = VariableTracker(variables: variables, definitions: definitions, lookupForGenerators: plainLookup)

        for definition in definitions where !definition.type.isEmpty {
            try withContext("Getting all variables from variable definitions sections") {
                _ = try tracker.value(of: definition.name)
            }
        }

        var result = try TemplateInterpolator(lookup: tracker.value(ofPath:)).interpolate(document)

        var found: [String] = []
        for definition in definitions {
            let value = try withContext("Getting all variables from variable definitions sections") {
                try tracker.value(of: definition.name)
            }
            if value != nil { found.append(definition.name) }
        }
        for name in found {
            result = try VariableDefinitionsSection.removing(name, from: result)
        }

        let missing = options.expectAllKeys ? tracker.missing.sorted(by: VariableTracker.goOrder) : []
        let unused = options.expectAllVarsUsed ? try tracker.unusedNames() : []
        if !missing.isEmpty || !unused.isEmpty {
            throw VariableError.expectations(missing: missing, unused: unused)
        }
        return result
    }
}
