import ArgumentParser
import BenchSupport
import DeployerSupport
import Foundation
import ReleaseCompiler

/// `compile`: the Swift half of Benchmarks/compile-bench. It generates a release of C packages
/// in a dependency DAG plus a CPI-like job, builds its tarball with ReleaseBuilder, then times
/// CPIInstaller installs: serial and parallel into fresh package stores, and the warm re-install
/// (which must compile nothing).
struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Time CPI installs of a generated release: serial, parallel and cached.")

    @Option(help: "Fresh-store installs per mode.") var rounds = 3
    @Option(help: "Warm re-installs after each parallel round.") var cachedRepeats = 3
    @Option(help: "Functions in each generated C file: the size of each package's compile.") var functions = 60
    @Option(help: "Packages per dependency level, bottom first.", transform: LevelSizes.parse) var levels = LevelSizes
        .standard
    @Option(help: "maxParallel of the parallel mode (default: active processors).") var parallel: Int?
    @Flag(help: "Keep the generated temporary directory (its path is printed).") var keep = false

    func validate() throws {
        guard rounds > 0, cachedRepeats > 0, functions > 0, (parallel ?? 1) > 0 else {
            throw ValidationError("--rounds, --cached-repeats, --functions and --parallel need positive integers")
        }
    }

    func run() async throws {
        try await runBenchmark(self)
    }
}

/// Runs the benchmark and prints its report.
private func runBenchmark(_ options: CompileCommand) async throws {
    let machine = await MachineInfo.current()
    let loadBefore = MachineInfo.loadAverage()
    let parallelism = options.parallel ?? machine.cores
    let work = FileManager.default.temporaryDirectory.path + "/compile-bench-\(UUID().uuidString.lowercased())"
    defer {
        if options.keep { print("kept \(work)") } else { try? FileManager.default.removeItem(atPath: work) }
    }

    let dag = PackageDAG(levelSizes: options.levels.sizes)
    try SampleReleaseWriter(dag: dag, functions: options.functions).write(to: work + "/release")
    let clock = ContinuousClock()
    let buildStart = clock.now
    let built = try await ReleaseBuilder().createRelease(directory: work + "/release", tarball: work + "/release.tgz")
    let buildTime = buildStart.duration(to: clock.now)

    print("machine: nproc \(machine.cores), CPU \(machine.cpuModel), \(machine.compiler)")
    let edges = dag.packages.map(\.dependencies.count).reduce(0, +)
    print(
        "release: \(dag.packages.count) packages in \(dag.levels.count) levels "
            + "(\(options.levels.sizes.map(String.init).joined(separator: ", ")) bottom first, \(edges) dependency edges), "
            + "\(options.functions) functions per C file, job '\(SampleReleaseWriter.jobName)' uses \(dag.topNames.joined(separator: ", "))"
    )
    print("release tarball built by ReleaseBuilder in \(ProcessRunner.format(buildTime))")

    let runner = InstallRunner(tarball: built.tarball, packageNames: Set(dag.packages.map(\.name)))
    var serial = Samples()
    var parallel = Samples()
    var cached = Samples()
    for round in 1...options.rounds {
        let serialHome = work + "/serial-\(round)"
        let one = try await runner.install(
            home: serialHome, maxParallel: 1, expectedOrigin: .compiled, label: "serial round \(round)")
        serial.append(one.duration)
        if round == 1 { print("bin/cpi prints: \(try await runner.checkCPI(one.installation))") }
        try? FileManager.default.removeItem(atPath: serialHome)

        let parallelHome = work + "/parallel-\(round)"
        let many = try await runner.install(
            home: parallelHome, maxParallel: parallelism, expectedOrigin: .compiled, label: "parallel round \(round)")
        parallel.append(many.duration)
        var line = String(
            format: "round %d: serial %.3f s, parallel %.3f s, cached", round,
            serial.seconds.last ?? 0, parallel.seconds.last ?? 0)
        for repeatIndex in 1...options.cachedRepeats {
            let again = try await runner.install(
                home: parallelHome, maxParallel: parallelism, expectedOrigin: .cached,
                label: "cached re-install \(repeatIndex) of round \(round)")
            cached.append(again.duration)
            if round == 1, repeatIndex == 1 { try await runner.checkCPI(again.installation) }
            line += String(format: " %.3f", cached.seconds.last ?? 0)
        }
        print(line + " s")
        try? FileManager.default.removeItem(atPath: parallelHome)
    }
    let rendering = try await runner.timeRendering(count: cached.seconds.count, scratch: work + "/render")
    print(
        "1-minute load average: \(loadBefore) before, \(MachineInfo.loadAverage()) after (other processes sharing the cores)"
    )
    print("")
    print(
        ResultTable(serial: serial, parallel: parallel, cached: cached, parallelism: parallelism, cachedTarget: 0.2)
            .text)
    print(
        String(
            format:
                "of a re-install, rendering the job's templates (one ruby process) alone takes %.3f s median, %.3f s min",
            rendering.median, rendering.min))
    print(
        "every cold install compiled all \(dag.packages.count) packages; every re-install compiled none (all origins 'cached'); "
            + "bin/cpi ran and printed every package's token")
}
