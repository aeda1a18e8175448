import DeployerSupport
import Testing

@Suite struct NamedOptionsTests {
    @Test func bothFormsAreRead() throws {
        let values = try NamedOptions.parse(["--root", "/r", "--config=/c.json"], allowed: ["--root", "--config"])
        #expect(values == ["--root": "/r", "--config": "/c.json"])
    }

    @Test func anEqualsSignInTheValueIsKept() throws {
        #expect(try NamedOptions.parse(["--config=a=b"], allowed: ["--config"]) == ["--config": "a=b"])
    }

    @Test func anUnknownArgumentIsNamedAsWritten() {
        #expect(throws: NamedOptions.ParseError(description: "unknown argument '--rooot=/r'")) {
            try NamedOptions.parse(["--rooot=/r"], allowed: ["--root"])
        }
    }

    @Test func aMissingValueIsNamed() {
        #expect(throws: NamedOptions.ParseError(description: "--root needs a value")) {
            try NamedOptions.parse(["--root"], allowed: ["--root"])
        }
    }
}
