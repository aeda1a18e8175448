import DeployerSupport
import Foundation
import ReleaseCompiler
import Testing

/// The notes-service release: it builds, reads back, and its job templates render.
@Suite struct NotesReleaseTests {
    @Test func buildsAndReadsBack() async throws {
        let scratch = try ScratchDirectory("notes-release")
        defer { scratch.remove() }
        let built = try await ExampleReleases.buildNotes(in: scratch)
        #expect(built.manifest.name == "notes-service")
        #expect(built.manifest.version == "0+dev.1")

        let release = try await ExampleReleases.read(built, in: scratch)
        #expect(release.jobs.map(\.name) == ["notes"])
        #expect(release.packages.map(\.name) == ["notes-server"])
        #expect(release.package(named: "notes-server")?.dependencies == [])
        #expect(try release.packages(forJobs: ["notes"]) == ["notes-server"])

        let job = try release.job(named: "notes").manifest
        #expect(job.packages == ["notes-server"])
        #expect(Set(job.templates.map(\.destination)) == ["bin/ctl", "bin/pre-start", "config/notes.conf"])
        #expect(job.properties["notes.port"]?.defaultValue == .int(8080))
        #expect(job.properties["notes.greeting"]?.defaultValue == .string("Hello from the local cloud"))
        #expect(job.properties["notes.bind"] != nil)
        #expect(job.properties["notes.bind"]?.defaultValue == nil)
    }

    @Test func templatesRenderFromProperties() async throws {
        let scratch = try ScratchDirectory("notes-render")
        defer { scratch.remove() }
        let release = try await ExampleReleases.read(try await ExampleReleases.buildNotes(in: scratch), in: scratch)
        let properties: PropertyValue = .object([
            "notes": .object(["port": .int(9090), "greeting": .string("Hi\nthere"), "stop_timeout": .int(3)])
        ])
        let rendered = try await RubyERBRenderer().render(
            job: try release.job(named: "notes"),
            context: RenderContext(deployment: "local-notes", address: "127.0.10.2", jobProperties: properties),
            into: scratch.at("rendered"))

        let conf = try #require(TestFile.read(rendered.directory + "/config/notes.conf"))
        let settings = conf.split(separator: "\n").filter { !$0.hasPrefix("#") }
        // A line break in the greeting becomes a space: one key per line.
        #expect(settings == ["bind=127.0.10.2", "port=9090", "greeting=Hi there", "data_dir=/var/vcap/store/notes"])

        let ctl = try #require(TestFile.read(rendered.directory + "/bin/ctl"))
        #expect(ctl.contains("STOP_TIMEOUT=3\n"))
        #expect(ctl.contains("PIDFILE=$RUN_DIR/notes.pid"))
        #expect(ctl.contains("RUN_DIR=/var/vcap/sys/run/notes\n"))
        let preStart = try #require(TestFile.read(rendered.directory + "/bin/pre-start"))
        #expect(preStart.contains("mkdir -p /var/vcap/store/notes"))
        let monit = try #require(TestFile.read(rendered.directory + "/monit"))
        #expect(monit.contains("with pidfile /var/vcap/sys/run/notes/notes.pid"))
        #expect(monit.contains(#"start program "/var/vcap/jobs/notes/bin/ctl start""#))
    }

    @Test func anExplicitBindWinsAndDefaultsApply() async throws {
        let scratch = try ScratchDirectory("notes-bind")
        defer { scratch.remove() }
        let release = try await ExampleReleases.read(try await ExampleReleases.buildNotes(in: scratch), in: scratch)
        let rendered = try await RubyERBRenderer().render(
            job: try release.job(named: "notes"),
            context: RenderContext(
                deployment: "local-notes", address: "127.0.10.2",
                jobProperties: .object(["notes": .object(["bind": .string("127.0.10.9")])])),
            into: scratch.at("rendered"))
        let conf = try #require(TestFile.read(rendered.directory + "/config/notes.conf"))
        #expect(conf.contains("bind=127.0.10.9\nport=8080\ngreeting=Hello from the local cloud\n"))
        #expect(TestFile.read(rendered.directory + "/bin/ctl")?.contains("STOP_TIMEOUT=10\n") == true)
    }

    @Test func aPortOutOfRangeFailsTheRender() async throws {
        let scratch = try ScratchDirectory("notes-bad-port")
        defer { scratch.remove() }
        let release = try await ExampleReleases.read(try await ExampleReleases.buildNotes(in: scratch), in: scratch)
        let error = await #expect(throws: (any Error).self) {
            try await RubyERBRenderer().render(
                job: try release.job(named: "notes"),
                context: RenderContext(
                    deployment: "local-notes", address: "127.0.10.2",
                    jobProperties: .object(["notes": .object(["port": .int(70000)])])),
                into: scratch.at("rendered"))
        }
        #expect(String(describing: error).contains("notes.port must be between 1 and 65535"))
    }
}
