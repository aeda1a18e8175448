// deploy-bench: the Swift half of Benchmarks/deploy-bench. The script builds the local cloud,
// runs `deployer deploy` / `deploy` again / `delete` for each workload and mode, and records
// the times and the fresh deploys' NDJSON events; this program writes the heavy workload's
// release directory beforehand and turns the records into the report and the stage chart.
import BenchSupport
import Foundation

/// `heavy-release`: writes the release directory and prints what it holds.
func writeHeavyRelease(_ options: DeployBenchCommand.HeavyReleaseOptions) throws {
    let dag = PackageDAG(levelSizes: options.levelSizes)
    let writer = HeavyReleaseWriter(dag: dag, functions: options.functions, blobBytes: options.blobMiB << 20)
    try writer.write(to: options.directory)
    let edges = dag.packages.map(\.dependencies.count).reduce(0, +)
    print("heavy release '\(HeavyReleaseWriter.releaseName)': \(writer.packageNames.count) packages "
        + "(\(dag.packages.count) C packages in \(dag.levels.count) levels "
        + "\(options.levelSizes.map(String.init).joined(separator: ",")), \(edges) dependency edges, "
        + "\(options.functions) functions per C file; '\(HeavyReleaseWriter.blobPackage)' with a \(options.blobMiB) MiB random blob), "
        + "job '\(HeavyReleaseWriter.jobName)' uses \((dag.topNames + [HeavyReleaseWriter.blobPackage]).joined(separator: ", "))")
}

/// `report`: prints the tables and writes the chart.
func writeReport(_ options: DeployBenchCommand.ReportOptions) async throws {
    let report = BenchReport(
        measurements: try Measurement.read(path: options.results), workloads: try Workload.read(path: options.workloads))
    let machine = await MachineInfo.current()
    let load = report.loadSummary
    print("machine: nproc \(machine.cores), CPU \(machine.cpuModel), \(machine.compiler)")
    print(String(format: "1-minute load average at the end of each command: min %.2f, median %.2f, max %.2f", load.min, load.median, load.max))
    for workload in report.workloads {
        print("workload \(workload.name): \(workload.description)")
    }
    print("")
    print(report.table)
    print("")
    print(report.noopVersusSize)
    print("")

    for workload in report.workloads {
        for mode in BenchReport.modes {
            guard let round = report.medianRound(workload.name, mode, operation: "noop") else { continue }
            let timeline = try StageTimeline.read(path: options.events + "/\(workload.name)-\(mode)-r\(round)-noop.ndjson")
            print("\(workload.name), \(BenchReport.title(of: mode)), median no-op deploy (round \(round)): "
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
            print("\(workload.name), \(BenchReport.title(of: mode)), median fresh deploy (round \(round)): "
                + BenchReport.compileSummary(timeline))
            if workload.name == options.chartWorkload {
                panels.append(StageChart.Panel(
                    title: "\(BenchReport.title(of: mode)): fresh deploy, round \(round)", timeline: timeline))
            }
        }
    }
    guard let svgPath = options.svg else { return }
    guard !panels.isEmpty else {
        throw DeployBenchError.badInput(path: options.events, reason: "no fresh deploy of workload '\(options.chartWorkload)'")
    }
    let rounds = report.measurements.filter { $0.workload == options.chartWorkload && $0.operation == "fresh" }.count / max(1, panels.count)
    let chart = StageChart(
        title: "deployer deploy, fresh deploy of the \(options.chartWorkload) workload: time per stage",
        subtitle: String(
            format: "median of %d rounds per mode; nproc %d, %@; load average %.1f–%.1f; from `deployer deploy --json` events",
            rounds, machine.cores, machine.cpuModel, load.min, load.max),
        panels: panels)
    do {
        try Data(chart.svg.utf8).write(to: URL(fileURLWithPath: svgPath), options: .atomic)
    } catch {
        throw DeployBenchError.write(path: svgPath, reason: "\(error)")
    }
    print("stage chart written to \(svgPath)")
}

do {
    switch try DeployBenchCommand(arguments: Array(CommandLine.arguments.dropFirst())) {
    case .heavyRelease(let options): try writeHeavyRelease(options)
    case .report(let options): try await writeReport(options)
    }
} catch DeployBenchError.helpRequested {
    print(DeployBenchCommand.usage)
} catch let error as DeployBenchError {
    FileHandle.standardError.write(Data("deploy-bench: \(error)\n".utf8))
    if case .usage = error { exit(64) }
    exit(1)
} catch {
    FileHandle.standardError.write(Data("deploy-bench: \(error)\n".utf8))
    exit(1)
}
