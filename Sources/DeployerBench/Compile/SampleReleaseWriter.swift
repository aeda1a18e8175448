import BenchSupport
import Foundation

/// Writes the benchmark's release directory: one package per DAG node (written by the shared
/// `DAGPackageWriter`: a C file compiled by its `packaging` script with `cc -O2`, after reading
/// a token file from each dependency so the dependency is real) and one CPI-like job
/// `bench_cpi` that uses the top packages.
struct SampleReleaseWriter: Sendable {
    /// Name of the generated release.
    static let releaseName = "compile-bench"
    /// Name of the generated CPI-like job.
    static let jobName = "bench_cpi"

    /// The packages to generate.
    var dag: PackageDAG
    /// Functions per C file (see `CSourceGenerator`).
    var functions: Int

    /// Writes the release directory at `root` (created).
    ///
    /// - Throws: `BenchFileError` naming the file.
    func write(to root: String) throws {
        try DAGPackageWriter(dag: dag, functions: functions).write(releaseName: Self.releaseName, to: root)
        let top = dag.topNames
        try BenchFile.write(
            """
            ---
            name: \(Self.jobName)
            templates:
              cpi.erb: bin/cpi
              cpi.json.erb: config/cpi.json
            packages: [\(top.map { "\"\($0)\"" }.joined(separator: ", "))]
            properties:
              bench.greeting: {description: argument passed to every top package, default: hello}

            """, to: root + "/jobs/\(Self.jobName)/spec")
        try BenchFile.write("", to: root + "/jobs/\(Self.jobName)/monit")
        // bin/cpi runs every top package's program with the rendered greeting.
        try BenchFile.write(
            """
            #!/bin/bash
            set -e
            packages="${BOSH_PACKAGES_DIR:-/var/vcap/packages}"
            config="${BOSH_JOBS_DIR:-/var/vcap/jobs}/\(Self.jobName)/config/cpi.json"
            greeting=$(sed 's/.*"greeting": *"\\([^"]*\\)".*/\\1/' "$config")
            for package in \(top.joined(separator: " ")); do
              "$packages/$package/bin/$package" "$greeting"
            done

            """, to: root + "/jobs/\(Self.jobName)/templates/cpi.erb")
        try BenchFile.write(
            #"{"greeting": <%= JSON.dump(p("bench.greeting")) %>}"# + "\n",
            to: root + "/jobs/\(Self.jobName)/templates/cpi.json.erb")
    }
}
