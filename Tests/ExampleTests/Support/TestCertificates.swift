import DeployerTestSupport

/// The mbus TLS material of one agent address: the shared RSA test CA's certificate, a server
/// certificate for the IP, and its PKCS#1 key (as bosh-cli generates them).
struct TestCertificates: Sendable {
    var caPEM: String
    var certificatePEM: String
    var privateKeyPEM: String

    static func make(ip: String) throws -> TestCertificates {
        let authority = TestCertificateAuthority.sharedRSA
        return TestCertificates(
            caPEM: authority.caPEM, certificatePEM: try authority.serverCertificatePEM(ip: ip),
            privateKeyPEM: authority.serverKeyPEM)
    }
}
