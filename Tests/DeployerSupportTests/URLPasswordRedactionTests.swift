import DeployerSupport
import Testing

/// `Redactor.urlPasswords(in:)`, which the mbus client and the local agent use to show the
/// URL they were given.
@Suite struct URLPasswordRedactionTests {
    @Test func thePasswordIsMaskedAndTheRestKept() {
        #expect(
            Redactor.urlPasswords(in: "https://mbus:s3cret@10.0.0.6:6868") == "https://mbus:<redacted>@10.0.0.6:6868")
    }

    @Test func aPasswordWithARawAtSignIsHiddenWhole() {
        // The mbus URL of a manifest may carry a generated password typed without escaping.
        #expect(Redactor.urlPasswords(in: "https://mbus:p@ss@10.0.0.6:6868") == "https://mbus:<redacted>@10.0.0.6:6868")
    }

    @Test func aURLWithoutPasswordIsUnchanged() {
        #expect(Redactor.urlPasswords(in: "https://mbus@10.0.0.6:6868") == "https://mbus@10.0.0.6:6868")
        #expect(Redactor.urlPasswords(in: "https://10.0.0.6:6868/agent") == "https://10.0.0.6:6868/agent")
    }
}
