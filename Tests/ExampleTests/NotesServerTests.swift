import DeployerSupport
import DeployerTestSupport
import Foundation
import ReleaseCompiler
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The notes-server package compiled by ReleaseCompiler's package compiler and run through
/// its job's own scripts (pre-start, ctl start/stop) in a VM directory laid out as
/// local-agent lays it out: the API answers, and the notes live on the persistent disk, so
/// they survive the VM directory being replaced.
@Suite(.serialized) struct NotesServerTests {
    @Test func servesNotesAndKeepsThemOnThePersistentDisk() async throws {
        let scratch = try ScratchDirectory("notes-server")
        defer { scratch.remove() }
        let release = try await ExampleReleases.read(try await ExampleReleases.buildNotes(in: scratch), in: scratch)

        let compiler = PackageCompiler(
            store: PackageStore(root: scratch.at("packages")), workDirectory: scratch.at("work"))
        let compiled = try await compiler.compile(
            try compiler.plan(try release.packages(forJobs: ["notes"]), from: release.packages))
        #expect(compiled.keys.sorted() == ["notes-server"])

        let host = ExampleFiles.randomLoopbackAddress()
        let port = Int.random(in: 20000...60000)
        let rendered = try await RubyERBRenderer().render(
            job: try release.job(named: "notes"),
            context: RenderContext(
                deployment: "local-notes", address: host,
                jobProperties: .object(["notes": .object(["port": .int(port), "greeting": .string("Hello, notes")])])),
            into: scratch.at("rendered"))

        let disk = scratch.at("disks/disk-1/data")
        // First VM.
        let first = try VMDirectory(root: scratch.at("vms/vm-1"), disk: disk)
        defer { first.killLeftover(job: "notes") }
        try first.link(packages: compiled)
        try first.install(job: rendered)
        try await first.run(job: "notes", script: "pre-start")
        try await first.run(job: "notes", script: "ctl", ["start"])
        #expect(first.livePID(job: "notes") != nil)
        try await HTTPProbe.waitUntilServing(host: host, port: port)

        let greeting = try HTTPProbe.send("GET", host: host, port: port, path: "/")
        #expect(greeting.status == 200)
        #expect(greeting.body == "Hello, notes\n")
        #expect(try HTTPProbe.send("GET", host: host, port: port, path: "/notes").body == "")
        let stored = try HTTPProbe.send("POST", host: host, port: port, path: "/notes", body: "buy milk")
        #expect(stored.status == 201)
        let second = try HTTPProbe.send("POST", host: host, port: port, path: "/notes", body: "call\nmom")
        #expect(second.status == 201)
        #expect(try HTTPProbe.send("POST", host: host, port: port, path: "/notes", body: "").status == 400)
        #expect(try HTTPProbe.send("GET", host: host, port: port, path: "/nowhere").status == 404)
        #expect(try HTTPProbe.send("DELETE", host: host, port: port, path: "/notes").status == 405)
        let listed = try HTTPProbe.send("GET", host: host, port: port, path: "/notes")
        #expect(listed.status == 200)
        #expect(listed.body == "buy milk\ncall mom\n")

        // The data file is /var/vcap/store/notes/notes.txt, i.e. on the disk directory.
        #expect(TestFile.read(first.root + "/store/notes/notes.txt") == "buy milk\ncall mom\n")
        #expect(TestFile.read(disk + "/notes/notes.txt") == "buy milk\ncall mom\n")

        let pid = try #require(first.livePID(job: "notes"))
        try await first.run(job: "notes", script: "ctl", ["stop"])
        #expect(await eventually { !VMDirectory.isAlive(pid) })
        #expect(!FileManager.default.fileExists(atPath: first.root + "/sys/run/notes/notes.pid"))

        // The VM is recreated: a new VM directory, the same disk.
        try FileManager.default.removeItem(atPath: first.root)
        let recreated = try VMDirectory(root: scratch.at("vms/vm-2"), disk: disk)
        defer { recreated.killLeftover(job: "notes") }
        try recreated.link(packages: compiled)
        try recreated.install(job: rendered)
        try await recreated.run(job: "notes", script: "pre-start")
        try await recreated.run(job: "notes", script: "ctl", ["start"])
        try await HTTPProbe.waitUntilServing(host: host, port: port)
        #expect(try HTTPProbe.send("GET", host: host, port: port, path: "/notes").body == "buy milk\ncall mom\n")
        try await recreated.run(job: "notes", script: "ctl", ["stop"])
        #expect(recreated.livePID(job: "notes") == nil)
    }

    @Test func aPortInUseFailsTheStartScript() async throws {
        let scratch = try ScratchDirectory("notes-busy")
        defer { scratch.remove() }
        let release = try await ExampleReleases.read(try await ExampleReleases.buildNotes(in: scratch), in: scratch)
        let compiler = PackageCompiler(
            store: PackageStore(root: scratch.at("packages")), workDirectory: scratch.at("work"))
        let compiled = try await compiler.compile(try compiler.plan(["notes-server"], from: release.packages))
        let host = ExampleFiles.randomLoopbackAddress()
        let port = Int.random(in: 20000...60000)
        let rendered = try await RubyERBRenderer().render(
            job: try release.job(named: "notes"),
            context: RenderContext(
                deployment: "local-notes", address: host,
                jobProperties: .object(["notes": .object(["port": .int(port)])])),
            into: scratch.at("rendered"))

        let first = try VMDirectory(root: scratch.at("vm-a"), disk: scratch.at("disk-a"))
        defer { first.killLeftover(job: "notes") }
        try first.link(packages: compiled)
        try first.install(job: rendered)
        try await first.run(job: "notes", script: "ctl", ["start"])
        try await HTTPProbe.waitUntilServing(host: host, port: port)

        // A second server on the same address exits at once; ctl reports it and leaves no pidfile.
        let second = try VMDirectory(root: scratch.at("vm-b"), disk: scratch.at("disk-b"))
        defer { second.killLeftover(job: "notes") }
        try second.link(packages: compiled)
        try second.install(job: rendered)
        let error = await #expect(throws: ExampleTestError.self) {
            try await second.run(job: "notes", script: "ctl", ["start"])
        }
        #expect(error?.description.contains("notes-server exited at start") == true)
        #expect(
            TestFile.read(second.root + "/sys/log/notes/notes.stderr.log")?.contains("cannot listen on \(host):\(port)")
                == true)
        #expect(second.livePID(job: "notes") == nil)
        try await first.run(job: "notes", script: "ctl", ["stop"])
    }
}
