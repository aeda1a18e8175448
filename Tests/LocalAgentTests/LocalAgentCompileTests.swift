import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

/// `compile_package` end to end: real blobs, a real `cc`, the compiled blob fetched back.
@Suite(.serialized) struct LocalAgentCompileTests {
    @Test func compilesACPackageWithADependency() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("compile")
            defer { scratch.remove() }
            let client = try agent.client()
            let blobs = try agent.blobstore()

            // A dependency that only installs a file, then a C program that reads it at build time.
            let greetingSource = try TestFiles.tarball(
                ["packaging": "set -e\necho -n 'hello from local-agent' > ${BOSH_INSTALL_TARGET}/message\n"],
                in: scratch)
            let greetingUpload = try await blobs.upload(file: greetingSource)
            let greeting = try await client.compilePackage(
                CompilePackageArguments(
                    blobID: greetingUpload.blobID, digest: greetingUpload.digest, name: "greeting", version: "g1"))
            #expect(greeting.sha1.count == 40)

            let helloSource = try TestFiles.tarball(
                [
                    "hello/hello.c": "#include <stdio.h>\nint main(void) { puts(MESSAGE); return 0; }\n",
                    "packaging": """
                    set -e
                    test "$BOSH_PACKAGE_NAME" = hello
                    test "$BOSH_PACKAGE_VERSION" = h1
                    test "$BOSH_COMPILE_TARGET" = "$(pwd)"
                    message="$(cat ${BOSH_PACKAGES_DIR}/greeting/message)"
                    mkdir -p ${BOSH_INSTALL_TARGET}/bin
                    cc -o ${BOSH_INSTALL_TARGET}/bin/hello -DMESSAGE="\\"$message\\"" hello/hello.c

                    """,
                ], in: scratch)
            let helloUpload = try await blobs.upload(file: helloSource, algorithm: .sha256)
            #expect(helloUpload.digest.hasPrefix("sha256:"))
            let compiled = try await client.compilePackage(
                CompilePackageArguments(
                    blobID: helloUpload.blobID, digest: helloUpload.digest, name: "hello", version: "h1",
                    dependencies: [
                        "greeting": PackageReference(
                            name: "greeting", version: "g1", sha1: greeting.sha1, blobstoreID: greeting.blobstoreID)
                    ]))

            // The compiled blob comes back over GET /blobs with the digest the agent reported.
            let local = scratch.url.appendingPathComponent("hello-compiled.tgz")
            let fetched = try await blobs.download(
                blobID: compiled.blobstoreID, to: local, expectedDigest: compiled.sha1)
            #expect(fetched.digest == compiled.sha1)
            let localDigest = try Digest.compute(ofFile: local.path, algorithm: .sha1)
            #expect(localDigest.hex == compiled.sha1)
            let extracted = scratch.path("hello-installed")
            try LibArchiveReader().extract(tarball: local.path, to: extracted)
            let run = try await ProcessRunner().run(.init(executable: extracted + "/bin/hello", timeout: .seconds(10)))
            #expect(run.exitStatus == .exited(0))
            #expect(run.standardOutputText == "hello from local-agent\n")
        }
    }

    @Test func aFailingPackagingScriptFailsTheTask() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("compile-fail")
            defer { scratch.remove() }
            let source = try TestFiles.tarball(
                ["packaging": "echo compiling; echo 'boom: no compiler' >&2; exit 3\n"], in: scratch)
            let upload = try await agent.blobstore().upload(file: source)
            let error = await #expect(throws: AgentError.self) {
                try await agent.client().compilePackage(
                    CompilePackageArguments(
                        blobID: upload.blobID, digest: upload.digest, name: "broken", version: "b1"))
            }
            let text = error.map { String(describing: $0) } ?? ""
            #expect(text.contains("Action Failed get_task: Task "))
            #expect(text.contains("Compiling package broken: Running packaging script of broken: exit status 3"))
            #expect(text.contains("boom: no compiler"))
        }
    }

    @Test func aWrongSourceDigestIsRefused() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("compile-digest")
            defer { scratch.remove() }
            let source = try TestFiles.tarball(["packaging": "true\n"], in: scratch)
            let upload = try await agent.blobstore().upload(file: source)
            let error = await #expect(throws: AgentError.self) {
                try await agent.client().compilePackage(
                    CompilePackageArguments(
                        blobID: upload.blobID, digest: String(repeating: "0", count: 40), name: "pkg", version: "1"))
            }
            let text = error.map { String(describing: $0) } ?? ""
            #expect(text.contains("Compiling package pkg: Fetching package pkg: Checking blob '\(upload.blobID)'"))
        }
    }
}
