import ArgumentParser
import BenchSupport
import Foundation

/// `deploy`: the Swift half of Benchmarks/deploy-bench. The script builds the local cloud, runs
/// `deployer deploy` / `deploy` again / `delete` for each workload and mode, and records the
/// times and the fresh deploys' NDJSON events; `heavy-release` writes the heavy workload's
/// release directory beforehand and `report` turns the records into the report and the chart.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "The heavy workload's release, and the deploy benchmark's report.",
        subcommands: [HeavyRelease.self, Report.self])

    struct HeavyRelease: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "heavy-release",
            abstract: "Write a release directory: a C package DAG compiled by packaging scripts, a package "
                + "holding one incompressible blob, and job 'heavy' using them all.")
        @Argument(help: "The release directory to create.") var directory: String
        @Option(help: "Packages per dependency level of the C DAG, bottom first.", transform: LevelSizes.parse)
        var levels = LevelSizes.standard
        @Option(help: "Functions per generated C file.") var functions = 60
        @Option(name: .customLong("blob-mib"), help: "Size of the incompressible blob, in MiB.") var blobMiB = 200

        func validate() throws {
            guard functions > 0, blobMiB > 0 else {
                throw ValidationError("--functions and --blob-mib need positive integers")
            }
        }

        func run() throws { try writeHeavyRelease(self) }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print medians, mins and the ratios (--parallel 1 / default), the no-op time against "
                + "release size, and draw the fresh deploy's stages as an SVG.")
        @Option(help: "The measurements, one tab-separated line each.") var results: String
        @Option(help: "The workloads' descriptions and sizes.") var workloads: String
        @Option(help: "Directory of the fresh deploys' NDJSON events, <workload>-<mode>-r<round>.ndjson.") var events:
            String
        @Option(help: "Where the stage chart goes.") var svg: String?
        @Option(help: "The workload the chart shows.") var chartWorkload = "heavy"

        func run() async throws { try await writeReport(self) }
    }
}

/// `heavy-release`: writes the release directory and prints what it holds.
private func writeHeavyRelease(_ options: DeployCommand.HeavyRelease) throws {
    let dag = PackageDAG(levelSizes: options.levels.sizes)
    let writer = HeavyReleaseWriter(dag: dag, functions: options.functions, blobBytes: options.blobMiB << 20)
    try writer.write(to: options.directory)
    let edges = dag.packages.map(\.dependencies.count).reduce(0, +)
    print(
        "heavy release '\(HeavyReleaseWriter.releaseName)': \(writer.packageNames.count) packages "
            + "(\(dag.packages.count) C packages in \(dag.levels.count) levels "
            + "\(options.levels.sizes.map(String.init).joined(separator: ",")), \(edges) dependency edges, "
            + "\(options.functions) functions per C file; '\(HeavyReleaseWriter.blobPackage)' with a \(options.blobMiB) MiB random blob), "
            + "job '\(HeavyReleaseWriter.jobName)' uses \((dag.topNames + [HeavyReleaseWriter.blobPackage]).joined(separator: ", "))"
    )
}

/// `report`: prints the tables and writes the chart.
private func writeReport(_ options: DeployCommand.Report) async throws {
    let report = BenchReport(
        measurements: try Measurement.read(path: options.results), workloads: try Workload.read(path: options.workloads)
    )
    let machine = await MachineInfo.current()
    let load = report.loadSummary
    print("machine: nproc \(machine.cores), CPU \(machine.cpuModel), \(machine.compiler)")
    print(
        String(
            format: "1-minute load average at the end of each command: min %.2f, median %.2f, max %.2f", load.min,
            load.median, load.max))
    for workload in report.workloads {
        print("workload \(workload.name): \(workload.description)")
    }
    print("")
    print(report.table)
    print("")
    print(report.noopVersusSize)
    print("")
    let compared = try report.compiledVersusSources { workload, mode in
        try report.medianRound(workload, mode).map {
            try StageTimeline.read(path: options.events + "/\(workload)-\(mode)-r\($0).ndjson")
        }
    }
    if let compared {
        print(compared)
        print("")
    }

    for workload in report.workloads {
        for mode in BenchReport.modes {
            guard let round = report.medianRound(workload.name, mode, operation: "noop") else { continue }
            let timeline = try StageTimeline.read(
                path: options.events + "/\(workload.name)-\(mode)-r\(round)-noop.ndjson")
            print(
                "\(workload.name), \(BenchReport.title(of: mode)), median no-op deploy (round \(round)): "
                    + BenchReport.longestSteps(timeline))
        }
    }
    print("")

    var panels: [StageChart.Panel] = []
    for workload in report.workloads {
        for mode in BenchReport.modes {
            guard let round = report.medianRound(workload.name, mode) else { continue }
            let path = options.events + "/\(workload.name)-\(mode)-r\(round).ndjson"
            let timeline = try StageTimeline.read(path: path)
            print(
                "\(workload.name), \(BenchReport.title(of: mode)), median fresh deploy (round \(round)): "
                    + BenchReport.compileSummary(timeline))
            if workload.name == options.chartWorkload {
                panels.append(
                    StageChart.Panel(
                        title: "\(BenchReport.title(of: mode)): fresh deploy, round \(round)", timeline: timeline))
            }
        }
    }
    guard let svgPath = options.svg else { return }
    guard !panels.isEmpty else {
        throw DeployBenchError.badInput(
            path: options.events, reason: "no fresh deploy of workload '\(options.chartWorkload)'")
    }
    let rounds =
        report.measurements.filter { $0.workload == options.chartWorkload && $0.operation == "fresh" }.count
        / max(1, panels.count)
    let chart = StageChart(
        title: "deployer deploy, fresh deploy of the \(options.chartWorkload) workload: time per stage",
        subtitle: String(
            format:
                "median of %d rounds per mode; nproc %d, %@; load average %.1f–%.1f; from `deployer deploy --json` events",
            rounds, machine.cores, machine.cpuModel, load.min, load.max),
        panels: panels)
    do {
        try Data(chart.svg.utf8).write(to: URL(fileURLWithPath: svgPath), options: .atomic)
    } catch {
        throw DeployBenchError.write(path: svgPath, reason: "\(error)")
    }
    print("stage chart written to \(svgPath)")
}
