import DeployerSupport
import Foundation

/// A CA and a server certificate for one IP, made with the `openssl` command (RSA, as
/// bosh-cli generates them), for the agent's mbus TLS.
struct TestCertificates: Sendable {
    var caPEM: String
    var certificatePEM: String
    var privateKeyPEM: String

    /// - Throws: `ExampleTestError` with openssl's output when a step fails.
    static func make(ip: String, in scratch: ScratchDirectory) async throws -> TestCertificates {
        let directory = scratch.at("certs")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try TestFile.write("subjectAltName=IP:\(ip)\nbasicConstraints=CA:FALSE\n", to: directory + "/ext.cnf")
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=example-test-ca"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=\(ip)"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf"],
        ]
        for arguments in steps {
            let result = try await ProcessRunner().run(.init(
                executable: "openssl", arguments: arguments, workingDirectory: directory, timeout: .seconds(60)))
            guard result.exitStatus.isSuccess else {
                throw ExampleTestError("openssl \(arguments.first ?? ""): \(result.exitStatus): \(result.standardErrorText)")
            }
        }
        guard let ca = TestFile.read(directory + "/ca.pem"), let certificate = TestFile.read(directory + "/server.pem"),
            let key = TestFile.read(directory + "/server.key")
        else { throw ExampleTestError("openssl wrote no certificate files in \(directory)") }
        return TestCertificates(caPEM: ca, certificatePEM: certificate, privateKeyPEM: key)
    }
}
