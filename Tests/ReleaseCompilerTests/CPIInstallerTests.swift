import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

@Suite(.serialized) struct CPIInstallerTests {
    /// A CPI release: job `fake_cpi` whose bin/cpi template execs a program from package
    /// `responder` (which needs package `words` at compile time).
    func writeCPIRelease(_ dir: TemporaryDirectory) throws -> String {
        let root = "cpi-release"
        try dir.write("\(root)/config/final.yml", "name: fake-cpi\n")
        try dir.write(
            "\(root)/jobs/fake_cpi/spec",
            """
            ---
            name: fake_cpi
            templates:
              cpi.erb: bin/cpi
              cpi.json.erb: config/cpi.json
            packages: [responder]
            properties:
              fake.format: {description: stemcell format, default: local-tar}
              fake.agent.mbus: {description: mbus url}
            """)
        try dir.write("\(root)/jobs/fake_cpi/monit", "")
        try dir.write(
            "\(root)/jobs/fake_cpi/templates/cpi.erb",
            """
            #!/bin/bash
            exec "${BOSH_PACKAGES_DIR:-/var/vcap/packages}/responder/bin/respond" "${BOSH_JOBS_DIR:-/var/vcap/jobs}/fake_cpi/config/cpi.json"

            """)
        try dir.write(
            "\(root)/jobs/fake_cpi/templates/cpi.json.erb",
            #"{"format": <%= JSON.dump(p("fake.format")) %>, "mbus": <%= JSON.dump(p("fake.agent.mbus")) %>}"#)
        try dir.write("\(root)/packages/words/spec", "name: words\nfiles: [words/*]\n")
        try dir.write("\(root)/packages/words/packaging", "cp words/greeting \"$BOSH_INSTALL_TARGET/\"\n")
        try dir.write("\(root)/src/words/greeting", "hello")
        try dir.write(
            "\(root)/packages/responder/spec", "name: responder\ndependencies: [words]\nfiles: [responder/*]\n")
        try dir.write(
            "\(root)/packages/responder/packaging",
            """
            set -e
            mkdir -p "$BOSH_INSTALL_TARGET/bin"
            greeting=$(cat "$BOSH_PACKAGES_DIR/words/greeting")
            sed "s/GREETING/$greeting/" responder/respond.in > "$BOSH_INSTALL_TARGET/bin/respond"
            chmod +x "$BOSH_INSTALL_TARGET/bin/respond"
            echo responder >> "$COUNTER"
            """)
        try dir.write(
            "\(root)/src/responder/respond.in",
            """
            #!/bin/bash
            request=$(cat)
            format=$(sed 's/.*"format": "\\([^"]*\\)".*/\\1/' "$1")
            echo "{\\"result\\":{\\"api_version\\":2,\\"stemcell_formats\\":[\\"$format\\"],\\"greeting\\":\\"GREETING\\",\\"seen\\":${#request}},\\"error\\":null,\\"log\\":\\"\\"}"

            """)
        return dir.path + "/" + root
    }

    @Test func installsARenderedCPIThatRuns() async throws {
        let dir = try TemporaryDirectory()
        let root = try writeCPIRelease(dir)
        let built = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/cpi.tgz")
        let installer = CPIInstaller(
            compiler: PackageCompiler(
                store: PackageStore(root: dir.path + "/home/packages"), workDirectory: dir.path + "/home/tmp",
                environment: ["COUNTER": dir.path + "/counter"]))
        let properties: PropertyValue = .object([
            "fake": .object(["agent": .object(["mbus": .string("https://mbus:pw@127.0.0.1:6868")])])
        ])
        let installation = dir.path + "/home/installations/i-1"
        let jobs = [CPIJobSource(release: "fake-cpi", tarball: built.tarball, job: "fake_cpi")]
        let installed = try await installer.installCPI(
            jobs: jobs, properties: properties, deploymentName: "demo", installationDirectory: installation)

        #expect(installed.executable == installation + "/jobs/fake_cpi/bin/cpi")
        #expect(
            installed.environment == [
                "BOSH_PACKAGES_DIR": installation + "/packages", "BOSH_JOBS_DIR": installation + "/jobs",
            ])
        #expect(installed.releaseName == "fake-cpi")
        #expect(Set(installed.packages.keys) == ["responder", "words"])
        // The installation links each package to where it was compiled.
        let responder = try #require(installed.packages["responder"])
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: installation + "/packages/responder")
                == responder.directory)
        #expect(FileManager.default.isExecutableFile(atPath: installed.executable))
        #expect(
            try dir.read("home/installations/i-1/jobs/fake_cpi/config/cpi.json")
                == #"{"format": "local-tar", "mbus": "https://mbus:pw@127.0.0.1:6868"}"#)
        #expect(FileManager.default.fileExists(atPath: installation + "/jobs/fake_cpi/monit"))

        let request = #"{"method":"info","arguments":[],"context":{"director_uuid":"x"}}"#
        let result = try await ProcessRunner().run(
            .init(
                executable: installed.executable, environment: .inherit(overrides: installed.environment),
                standardInput: Array(request.utf8), timeout: .seconds(20)))
        #expect(result.exitStatus.isSuccess)
        let response = try JSONDecoder().decode(PropertyValue.self, from: Data(result.standardOutput))
        #expect(response["result"]?["stemcell_formats"] == .array([.string("local-tar")]))
        #expect(response["result"]?["greeting"] == .string("hello"))
        #expect(response["result"]?["seen"] == .int(request.utf8.count))
        #expect(response["error"] == .null)

        // A second install compiles nothing.
        let again = try await installer.installCPI(
            jobs: jobs, properties: properties, deploymentName: "demo", installationDirectory: installation)
        #expect(again.packages.values.allSatisfy { $0.origin == .cached })
        #expect(try dir.read("counter") == "responder\n")
        // ... and reads only release.MF and the job from the tarball: no package is extracted.
        let tmp = installation + "/tmp"
        let extracted = try FileManager.default.subpathsOfDirectory(atPath: tmp)
        #expect(extracted.contains { $0.hasSuffix("jobs/fake_cpi.tgz") }, "\(extracted)")
        #expect(!extracted.contains { $0.contains("packages/") }, "\(extracted)")
        // So does another installation on the same store (a second state file).
        let other = try await installer.installCPI(
            jobs: jobs, properties: properties, deploymentName: "demo",
            installationDirectory: dir.path + "/home/installations/i-2")
        #expect(other.packages.values.allSatisfy { $0.origin == .cached })
        #expect(try dir.read("counter") == "responder\n")
    }

    @Test func exactlyOneJobMustRenderBinCPI() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        let built = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/app.tgz")
        let cpiRoot = try writeCPIRelease(dir)
        let cpi = try await ReleaseBuilder().createRelease(directory: cpiRoot, tarball: dir.path + "/cpi.tgz")
        let installer = CPIInstaller(
            compiler: PackageCompiler(
                store: PackageStore(root: dir.path + "/packages"), workDirectory: dir.path + "/tmp",
                environment: ["COUNTER": dir.path + "/counter"]))
        let none = [CPIJobSource(release: "app-release", tarball: built.tarball, job: "web")]
        await #expect(throws: ReleaseError.cpiJobCount(found: 0, releases: ["app-release"])) {
            try await installer.prepare(jobs: none, installationDirectory: dir.path + "/inst")
        }
        let two = [
            CPIJobSource(release: "fake-cpi", tarball: cpi.tarball, job: "fake_cpi"),
            CPIJobSource(release: "fake-cpi", tarball: cpi.tarball, job: "fake_cpi"),
        ]
        await #expect(throws: ReleaseError.cpiJobCount(found: 2, releases: ["fake-cpi", "fake-cpi"])) {
            try await installer.prepare(jobs: two, installationDirectory: dir.path + "/inst")
        }
        await #expect(throws: ReleaseError.jobNotFound(release: "app-release", job: "nope")) {
            try await installer.prepare(
                jobs: [CPIJobSource(release: "app-release", tarball: built.tarball, job: "nope")],
                installationDirectory: dir.path + "/inst")
        }
        await #expect(throws: ReleaseError.releaseNameMismatch(manifest: "aws-cpi", tarball: "fake-cpi")) {
            try await installer.prepare(
                jobs: [CPIJobSource(release: "aws-cpi", tarball: cpi.tarball, job: "fake_cpi")],
                installationDirectory: dir.path + "/inst")
        }
    }

    @Test func everyTemplateJobIsInstalledBesideTheCPIJob() async throws {
        let dir = try TemporaryDirectory()
        let cpiRoot = try writeCPIRelease(dir)
        let cpi = try await ReleaseBuilder().createRelease(directory: cpiRoot, tarball: dir.path + "/cpi.tgz")
        let appRoot = try SampleReleases.writeAppRelease(in: dir)
        let app = try await ReleaseBuilder().createRelease(directory: appRoot, tarball: dir.path + "/app.tgz")
        let installer = CPIInstaller(
            compiler: PackageCompiler(
                store: PackageStore(root: dir.path + "/packages"), workDirectory: dir.path + "/tmp",
                environment: ["COUNTER": dir.path + "/counter"]))
        let installation = dir.path + "/inst"
        let jobs = [
            CPIJobSource(release: "app-release", tarball: app.tarball, job: "web"),
            CPIJobSource(release: "fake-cpi", tarball: cpi.tarball, job: "fake_cpi"),
        ]
        let properties: PropertyValue = .object(["fake": .object(["agent": .object(["mbus": .string("https://x")])])])
        let installed = try await installer.installCPI(
            jobs: jobs, properties: properties, deploymentName: "d", installationDirectory: installation)
        #expect(installed.jobName == "fake_cpi")
        #expect(installed.jobNames == ["web", "fake_cpi"])
        #expect(installed.executable == installation + "/jobs/fake_cpi/bin/cpi")
        #expect(FileManager.default.fileExists(atPath: installation + "/jobs/web/monit"))
        let links = try FileManager.default.contentsOfDirectory(atPath: installation + "/packages").sorted()
        #expect(links == Array(Set(installed.packages.keys)).sorted())
        #expect(links.contains("responder"))
    }

    @Test func renderedJobArchiveHoldsOneDirectoryPerJob() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("r/web/bin/ctl", "x")
        try dir.write("r/web/monit", "")
        try dir.write("r/db/monit", "m")
        let digest = try await RenderedJobArchive.write(
            [
                RenderedJob(name: "web", fingerprint: "f1", directory: dir.path + "/r/web"),
                RenderedJob(name: "db", fingerprint: "f2", directory: dir.path + "/r/db"),
            ],
            to: dir.path + "/rendered.tgz")
        #expect(digest == (try ArchiveDigests.sha256(ofFile: dir.path + "/rendered.tgz")))
        var names: Set<String> = []
        try LibArchiveReader().forEachEntry(in: dir.path + "/rendered.tgz") { entry, _ in
            if entry.kind != .directory { names.insert(entry.normalizedPath) }
        }
        #expect(names == ["web/bin/ctl", "web/monit", "db/monit"])
    }
}

@Suite(.serialized) struct CPIRenderReuseTests {
    @Test func aRenderIsReusedOnlyForTheSameInputsByAnyInstallation() async throws {
        let dir = try TemporaryDirectory()
        let root = try CPIInstallerTests().writeCPIRelease(dir)
        let built = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/cpi.tgz")
        let installer = CPIInstaller(
            compiler: PackageCompiler(
                store: PackageStore(root: dir.path + "/packages"), workDirectory: dir.path + "/tmp",
                environment: ["COUNTER": dir.path + "/counter"]),
            renderCache: dir.path + "/rendered")
        let jobs = [CPIJobSource(release: "fake-cpi", tarball: built.tarball, job: "fake_cpi")]
        func install(_ mbus: String, into installation: String) async throws -> [Bool] {
            let prepared = try await installer.prepare(jobs: jobs, installationDirectory: installation)
            let packages = try await installer.compiler.compile(prepared.plan)
            try await installer.linkPackages(packages, for: prepared)
            let properties: PropertyValue = .object(["fake": .object(["agent": .object(["mbus": .string(mbus)])])])
            let rendered = try await installer.renderJobs(prepared, properties: properties, deploymentName: "d")
            for job in rendered { try await installer.installJob(job, of: prepared, packages: packages) }
            return rendered.map(\.reused)
        }
        #expect(try await install("https://a", into: dir.path + "/one") == [false])
        #expect(try await install("https://a", into: dir.path + "/one") == [true])
        #expect(try dir.read("one/jobs/fake_cpi/config/cpi.json").contains("https://a"))
        // Another installation (a second state file) reuses it too.
        #expect(try await install("https://a", into: dir.path + "/two") == [true])
        #expect(FileManager.default.isExecutableFile(atPath: dir.path + "/two/jobs/fake_cpi/bin/cpi"))
        // Another property value renders anew.
        #expect(try await install("https://b", into: dir.path + "/one") == [false])
        #expect(try dir.read("one/jobs/fake_cpi/config/cpi.json").contains("https://b"))
        // Two complete entries, private to the user, and no staging leftovers.
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/rendered")
        #expect(
            entries.count == 2 && entries.allSatisfy { $0.hasPrefix("sha256-") && !$0.contains(".tmp-") }, "\(entries)")
        let mode = try FileManager.default.attributesOfItem(atPath: dir.path + "/rendered")[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test func withoutACacheEveryInstallRenders() async throws {
        let dir = try TemporaryDirectory()
        let root = try CPIInstallerTests().writeCPIRelease(dir)
        let built = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/cpi.tgz")
        let installer = CPIInstaller(
            compiler: PackageCompiler(
                store: PackageStore(root: dir.path + "/packages"), workDirectory: dir.path + "/tmp",
                environment: ["COUNTER": dir.path + "/counter"]))
        let prepared = try await installer.prepare(
            jobs: [CPIJobSource(release: "fake-cpi", tarball: built.tarball, job: "fake_cpi")],
            installationDirectory: dir.path + "/inst")
        let properties: PropertyValue = .object(["fake": .object(["agent": .object(["mbus": .string("https://a")])])])
        for _ in 0..<2 {
            let rendered = try await installer.renderJobs(prepared, properties: properties, deploymentName: "d")
            #expect(rendered.map(\.reused) == [false])
        }
    }
}
