import DeployerSupport
import Foundation
import ReleaseCompiler
import Testing

/// `scripts/build-local-cloud --bin-dir` with small stand-in binaries (so it stays fast) and
/// the real `deployer` for create-release: the stemcell passes the stemcell reader, the
/// releases the release reader, `artifacts.yml` matches the files, and the example manifest
/// interpolates with it.
@Suite(.serialized) struct BuildScriptTests {
    static let standInAgent = "#!/bin/sh\necho stand-in local-agent\n"

    /// Runs the script into `scratch/out`; returns the artifacts.yml variables.
    /// - Parameter agentBinary: the agent the stemcell carries; a small stand-in by default.
    static func runScript(in scratch: ScratchDirectory, agentBinary: String? = nil) async throws -> [String: String] {
        let bin = scratch.at("bin")
        try TestFile.write(ExampleReleases.standInCPI, to: bin + "/local-cpi", mode: 0o755)
        if let agentBinary {
            try FileManager.default.createSymbolicLink(atPath: bin + "/local-agent", withDestinationPath: agentBinary)
        } else {
            try TestFile.write(standInAgent, to: bin + "/local-agent", mode: 0o755)
        }
        try FileManager.default.createSymbolicLink(
            atPath: bin + "/deployer", withDestinationPath: ExampleFiles.builtBinary("deployer"))
        let result = try await ProcessRunner().run(
            .init(
                executable: ExampleFiles.buildScript, arguments: ["--bin-dir", bin, scratch.at("out")],
                environment: .inherit(overrides: ["LOCAL_CLOUD_ROOT": scratch.at("cloud"), "TMPDIR": scratch.path]),
                timeout: .seconds(120)))
        guard result.exitStatus.isSuccess else {
            throw ExampleTestError("build-local-cloud: \(result.exitStatus): \(result.standardErrorText)")
        }
        return try parseVariables(try #require(TestFile.read(scratch.at("out/artifacts.yml"))))
    }

    /// `key: value` and `key: 'value'` lines (what the script writes), comments skipped.
    static func parseVariables(_ text: String) throws -> [String: String] {
        var variables: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { throw ExampleTestError("bad line '\(line)'") }
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            }
            variables[String(line[..<colon])] = value
        }
        return variables
    }

    static func sha1(_ path: String) throws -> String {
        try Digest.compute(ofFile: path, algorithm: .sha1).hex
    }

    @Test func buildsTheStemcellReleasesAndVariables() async throws {
        let scratch = try ScratchDirectory("build-script")
        defer { scratch.remove() }
        let variables = try await Self.runScript(in: scratch)
        let out = scratch.at("out")

        #expect(
            Set(variables.keys) == [
                "local_cpi_release_url", "local_cpi_release_sha1", "notes_release_url", "notes_release_sha1",
                "stemcell_url", "stemcell_sha1", "local_cloud_root",
            ])
        #expect(variables["local_cloud_root"] == scratch.at("cloud"))
        let files = [
            ("local_cpi_release", out + "/local-cpi-release.tgz"),
            ("notes_release", out + "/notes-service-release.tgz"),
            ("stemcell", out + "/bosh-local-stemcell.tgz"),
        ]
        for (name, path) in files {
            #expect(variables[name + "_url"] == "file://" + path)
            #expect(variables[name + "_sha1"] == (try Self.sha1(path)))
        }

        // The stemcell: a manifest the reader accepts, an image whose sha1 it carries, and
        // `local-agent` at the image's top, where local-cpi looks for it.
        let stemcell = try await StemcellReader().extract(
            tarball: out + "/bosh-local-stemcell.tgz", into: scratch.at("stemcell"), verifyImage: true)
        #expect(stemcell.manifest.name == "bosh-local-ubuntu-jammy")
        #expect(stemcell.manifest.version == "1.0")
        #expect(stemcell.manifest.operatingSystem == "ubuntu-jammy")
        #expect(stemcell.manifest.apiVersion == 3)
        #expect(stemcell.manifest.stemcellFormats == ["local-tgz"])
        #expect(stemcell.manifest.sha1 == (try Self.sha1(stemcell.imagePath)))
        #expect(!stemcell.isLight)
        let image = scratch.at("image")
        _ = try LibArchiveReader().extract(tarball: stemcell.imagePath, to: image)
        #expect(try FileManager.default.contentsOfDirectory(atPath: image) == ["local-agent"])
        #expect(FileManager.default.isExecutableFile(atPath: image + "/local-agent"))
        #expect(TestFile.read(image + "/local-agent") == Self.standInAgent)

        // The releases read back; the CPI release carries the binary it was given.
        let cpi = try await ReleaseReader().read(tarball: out + "/local-cpi-release.tgz", into: scratch.at("cpi"))
        #expect(cpi.name == "local-cpi")
        #expect(cpi.version == "0+dev.1")
        let cpiPackage = try #require(cpi.package(named: "local_cpi"))
        let cpiSource = scratch.at("cpi-package")
        _ = try LibArchiveReader().extract(tarball: cpiPackage.tarball, to: cpiSource)
        #expect(TestFile.read(cpiSource + "/local_cpi/local-cpi") == ExampleReleases.standInCPI)
        let notes = try await ReleaseReader().read(
            tarball: out + "/notes-service-release.tgz", into: scratch.at("notes"))
        #expect(notes.name == "notes-service")
        #expect(notes.jobs.map(\.name) == ["notes"])

        // Nothing is left behind in the repository's release directories.
        #expect(!FileManager.default.fileExists(atPath: ExampleFiles.cpiRelease + "/src"))
    }

    @Test func theManifestInterpolatesWithTheWrittenVariables() async throws {
        let scratch = try ScratchDirectory("build-script-manifest")
        defer { scratch.remove() }
        let variables = try await Self.runScript(in: scratch)
        let result = try await ProcessRunner().run(
            .init(
                executable: ExampleFiles.builtBinary("deployer"),
                arguments: [
                    "interpolate", ExampleFiles.example + "/manifest.yml", "--vars-store", scratch.at("creds.yml"),
                    "-l", scratch.at("out/artifacts.yml"), "--var-errs",
                ],
                timeout: .seconds(60)))
        #expect(result.exitStatus == .exited(0), "\(result.standardErrorText)")
        let manifest = result.standardOutputText
        #expect(manifest.contains("url: file://" + scratch.at("out/local-cpi-release.tgz")))
        #expect(manifest.contains("sha1: " + (variables["stemcell_sha1"] ?? "?")))
        #expect(manifest.contains("root_dir: " + scratch.at("cloud")))
        #expect(manifest.contains("mbus: https://mbus:"))
        #expect(!manifest.contains("(("))
        // The vars store now holds the generated password and certificates.
        let store = try #require(TestFile.read(scratch.at("creds.yml")))
        #expect(store.contains("mbus_bootstrap_password:"))
        #expect(store.contains("default_ca:"))
        #expect(store.contains("mbus_bootstrap_ssl:"))
    }

    @Test func anUnknownOptionIsAClearError() async throws {
        let result = try await ProcessRunner().run(
            .init(
                executable: ExampleFiles.buildScript, arguments: ["--bogus"], timeout: .seconds(30)))
        #expect(result.exitStatus == .exited(1))
        #expect(result.standardErrorText == "build-local-cloud: unknown option '--bogus' (try --help)\n")
    }
}
