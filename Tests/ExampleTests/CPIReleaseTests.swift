import DeployerSupport
import Foundation
import ReleaseCompiler
import Testing

/// The local-cpi release, staged with a stand-in binary: it reads back, installs like any
/// CPI release, renders `cpi.json` from properties, and `bin/cpi` execs the packaged binary.
@Suite struct CPIReleaseTests {
    @Test func buildsAndReadsBack() async throws {
        let scratch = try ScratchDirectory("cpi-release")
        defer { scratch.remove() }
        let built = try await ExampleReleases.buildCPI(in: scratch)
        #expect(built.manifest.name == "local-cpi")
        let release = try await ExampleReleases.read(built, in: scratch)
        #expect(release.jobs.map(\.name) == ["local_cpi"])
        #expect(release.packages.map(\.name) == ["local_cpi"])
        let job = try release.job(named: "local_cpi").manifest
        #expect(Set(job.templates.map(\.destination)) == ["bin/cpi", "config/cpi.json"])
        #expect(job.packages == ["local_cpi"])
        #expect(job.properties["local_cpi.root_dir"]?.defaultValue == nil)
        #expect(job.properties["agent.mbus"]?.defaultValue == .string("https://mbus:mbus-password@0.0.0.0:6868"))
        #expect(job.properties["ntp"]?.defaultValue == .array([]))
    }

    @Test func installsAndRunsThroughTheWrapper() async throws {
        let scratch = try ScratchDirectory("cpi-install")
        defer { scratch.remove() }
        let built = try await ExampleReleases.buildCPI(in: scratch)
        let installer = CPIInstaller(
            compiler: PackageCompiler(
                store: PackageStore(root: scratch.at("packages")), workDirectory: scratch.at("work")))
        let root = scratch.at("cloud")
        let properties: PropertyValue = .object([
            "local_cpi": .object(["root_dir": .string(root)]),
            "agent": .object(["mbus": .string("https://mbus:secret@0.0.0.0:6868")]),
            "ntp": .array([.string("time1.example.org")]),
        ])
        let installation = try await installer.installCPI(
            jobs: [CPIJobSource(release: "local-cpi", tarball: built.tarball, job: "local_cpi")],
            properties: properties,
            deploymentName: "local-notes",
            installationDirectory: scratch.at("installation"))

        // The packaging script put the binary at bin/local-cpi of the package.
        let packaged = installation.packagesDirectory + "/local_cpi/bin/local-cpi"
        #expect(FileManager.default.isExecutableFile(atPath: packaged))

        // cpi.json: the keys local-cpi reads, with the spec's defaults filled in.
        let configPath = installation.jobsDirectory + "/local_cpi/config/cpi.json"
        let data = try #require(FileManager.default.contents(atPath: configPath))
        let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(config["root_dir"] as? String == root)
        #expect(config["agent_stop_timeout"] as? Int == 10)
        #expect(config["agent_binary"] == nil)
        let agent = try #require(config["agent"] as? [String: Any])
        #expect(agent["mbus"] as? String == "https://mbus:secret@0.0.0.0:6868")
        #expect(agent["ntp"] as? [String] == ["time1.example.org"])
        let blobstore = try #require(agent["blobstore"] as? [String: Any])
        #expect(blobstore["provider"] as? String == "local")
        #expect(
            (blobstore["options"] as? [String: Any])?["blobstore_path"] as? String == "/var/vcap/micro_bosh/data/cache")

        // bin/cpi execs the packaged binary with the config path, passing arguments through.
        let run = try await ProcessRunner().run(
            .init(
                executable: installation.executable, arguments: ["--probe"],
                environment: .inherit(overrides: installation.environment), timeout: .seconds(30)))
        #expect(run.exitStatus == .exited(0))
        #expect(run.standardOutputText == "stand-in local-cpi config=\(configPath) args=--probe\n")
    }

    @Test func rendersTheOptionalAgentBinaryAndRejectsARelativeRoot() async throws {
        let scratch = try ScratchDirectory("cpi-render")
        defer { scratch.remove() }
        let release = try await ExampleReleases.read(try await ExampleReleases.buildCPI(in: scratch), in: scratch)
        let job = try release.job(named: "local_cpi")

        let rendered = try await RubyERBRenderer().render(
            job: job,
            context: RenderContext(
                deployment: "local-notes",
                clusterProperties: .object([
                    "local_cpi": .object([
                        "root_dir": .string("/srv/cloud"), "agent_binary": .string("/opt/local-agent"),
                        "agent_stop_timeout": .int(3),
                    ])
                ])),
            into: scratch.at("rendered"))
        let data = try #require(FileManager.default.contents(atPath: rendered.directory + "/config/cpi.json"))
        let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(config["agent_binary"] as? String == "/opt/local-agent")
        #expect(config["agent_stop_timeout"] as? Int == 3)
        #expect((config["agent"] as? [String: Any])?["mbus"] as? String == "https://mbus:mbus-password@0.0.0.0:6868")

        let error = await #expect(throws: (any Error).self) {
            try await RubyERBRenderer().render(
                job: job,
                context: RenderContext(
                    deployment: "local-notes",
                    clusterProperties: .object(["local_cpi": .object(["root_dir": .string("relative/dir")])])),
                into: scratch.at("rendered-bad"))
        }
        #expect(String(describing: error).contains("local_cpi.root_dir must be an absolute path"))
    }
}
