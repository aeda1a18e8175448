import Foundation
import Testing

@testable import DeployerSupport

@Suite struct RedactorTests {
    let redactor = Redactor(registry: SecretRegistry())

    @Test func jsonValuesOfSensitiveKeysAtAnyDepth() {
        let input =
            #"{"method":"create_vm","arguments":[{"user":"admin","Password":"hunter2","nested":{"api_token":"t0k","count":3}},{"private_key":{"pem":"x","n":[1,2]}}],"client_secret": 42, "name":"ok"}"#
        let output = redactor.redact(input)
        #expect(
            output
                == #"{"method":"create_vm","arguments":[{"user":"admin","Password":"<redacted>","nested":{"api_token":"<redacted>","count":3}},{"private_key":"<redacted>"}],"client_secret": "<redacted>", "name":"ok"}"#
        )
        #expect(
            redactor.redact(#"{"certificate": "a \"quoted\" value", "ca_key":null}"#)
                == #"{"certificate": "<redacted>", "ca_key":"<redacted>"}"#)
    }

    @Test func yamlValuesAndBlocks() {
        let input = """
            name: demo
            properties:
              password: p4ss
              "db_secret": 'quoted'
              tls:
                private_key: |
                  -----BEGIN RSA PRIVATE KEY-----
                  MIIE
                  -----END RSA PRIVATE KEY-----
                certificate:
                  value: abc
                  other: def
                port: 443
              users:
              - name: bob
                token: tok
            keys:
            - a
            - b
            after: visible
            """
        let expected = """
            name: demo
            properties:
              password: <redacted>
              "db_secret": "<redacted>"
              tls:
                private_key: <redacted>
                certificate: <redacted>
                port: 443
              users:
              - name: bob
                token: <redacted>
            keys: <redacted>
            after: visible
            """
        #expect(redactor.redact(input) == expected)
    }

    @Test func pemPrivateKeysAnywhere() {
        let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----"
        #expect(redactor.redact("log: \(pem) done") == "log: <redacted> done")
        let escaped = #"{"k":"-----BEGIN EC PRIVATE KEY-----\nAAA\n-----END EC PRIVATE KEY-----\n"}"#
        #expect(!redactor.redact("x " + escaped).contains("AAA"))
        let certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
        #expect(redactor.redact(certificate) == certificate, "certificates are public")
        #expect(redactor.redact("-----BEGIN OPENSSH PRIVATE KEY-----\ntruncated") == "<redacted>")
    }

    @Test func urlPasswords() {
        #expect(
            redactor.redact("mbus: https://mbus:s3cr3t@10.0.0.6:6868/agent")
                == "mbus: https://mbus:<redacted>@10.0.0.6:6868/agent")
        #expect(
            redactor.redact("url https://user@host/x and ftp://a:b@c")
                == "url https://user@host/x and ftp://a:<redacted>@c")
        #expect(redactor.redact("see https://example.com:8443/path@x") == "see https://example.com:8443/path@x")
        #expect(redactor.redact("https://u:p@ss@host:1/x") == "https://u:<redacted>@host:1/x")
    }

    @Test func registeredSecretsSharedAcrossTasks() async {
        let registry = SecretRegistry()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { registry.register("generated-password-\(index)") }
            }
        }
        registry.register("")
        #expect(registry.registered.count == 20)
        let redactor = Redactor(registry: registry)
        #expect(redactor.redact("login with generated-password-7 now") == "login with <redacted> now")
        #expect(redactor.redact("generated-password-17") == "<redacted>", "the longer secret wins")
        registry.register("line1\nline2")
        #expect(redactor.redact(#"{"blob":"line1\nline2"}"#) == #"{"blob":"<redacted>"}"#)
        registry.removeAll()
        #expect(redactor.redact("generated-password-7") == "generated-password-7")
    }

    @Test func sensitiveKeyNames() {
        #expect(Redactor.isSensitiveKey("PASSWORD"))
        #expect(Redactor.isSensitiveKey("aws_access_key_id"))
        #expect(!Redactor.isSensitiveKey("name"))
        #expect(!Redactor.isSensitiveKey("disk_cid"))
    }
}
