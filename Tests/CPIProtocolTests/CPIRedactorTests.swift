import Testing

@testable import CPIProtocol

@Suite struct CPIRedactorTests {
    @Test func hidesValuesOfSensitiveKeys() {
        let text = #"{"mbus_password":"p4ss","user":"admin","access_token": "tok-1","ca_certificate":"abc\"def","n":1}"#
        let redacted = CPIRedactor.redact(text)
        #expect(
            redacted
                == #"{"mbus_password":"<redacted>","user":"admin","access_token": "<redacted>","ca_certificate":"<redacted>","n":1}"#
        )
    }

    @Test func hidesYAMLAndEnvironmentStyleValues() {
        let text = "password: hunter2\nname: web\nAWS_SECRET_ACCESS_KEY=abc123 other\n  client_secret: 'x y'"
        #expect(
            CPIRedactor.redact(text)
                == "password: <redacted>\nname: web\nAWS_SECRET_ACCESS_KEY=<redacted> other\n  client_secret: '<redacted>'"
        )
    }

    @Test func hidesPrivateKeyBlocks() {
        let text = "key follows\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY-----\ndone"
        #expect(CPIRedactor.redact(text) == "key follows\n<redacted private key>\ndone")
        let escaped = #"{"k":"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"}"#
        #expect(CPIRedactor.redact(escaped) == #"{"k":"<redacted private key>\n"}"#)
        let cut = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE"
        #expect(CPIRedactor.redact(cut) == "<redacted private key>")
    }

    @Test func excerptIsShortAndRedacted() {
        let long = #"{"password":""# + String(repeating: "s", count: 2000) + #"","x":1}"#
        let excerpt = CPIRedactor.excerpt(long, limit: 50)
        #expect(excerpt.count <= 51)
        #expect(!excerpt.contains("sss"))
        #expect(excerpt.hasPrefix(#"{"password":"<redacted>""#))
    }

    @Test func tailKeepsTheLastLines() {
        let text = (1...40).map { "line \($0)" }.joined(separator: "\n") + "\ntoken=abc\n"
        let tail = CPIRedactor.tail(text, lines: 3)
        #expect(tail == "line 39\nline 40\ntoken=<redacted>")
    }
}

@Suite struct CPIRedactorEdgeTests {
    @Test func tailStartingInsideAKeyBlockHidesItsBody() {
        let text = (1...30).map { "MIIKEYLINE\($0)" }.joined(separator: "\n") + "\n-----END RSA PRIVATE KEY-----\nafter"
        let tail = CPIRedactor.tail(text, lines: 5)
        #expect(!tail.contains("MIIKEYLINE"))
        #expect(tail.hasSuffix("after"))
    }

    @Test func largeTextIsRedactedQuickly() {
        let line = #"{"level":"debug","msg":"calling IaaS API","request_id":"abc-123","password":"p","n":42}"#
        let text = Array(repeating: line, count: 3000).joined(separator: "\n")  // ~270 KB
        let start = ContinuousClock.now
        let redacted = CPIRedactor.redact(text)
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(!redacted.contains(#""password":"p""#))
    }
}
