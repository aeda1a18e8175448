import BenchSupport
import Foundation

/// Writes the heavy workload's release directory: the C package DAG of `DAGPackageWriter`
/// (compiled on the VM by `packaging` scripts), one package `heavy-blob` holding a single
/// incompressible blob from `blobs/`, and one job `heavy` whose process runs every top
/// package's program and checks the blob's size before it starts, so a deploy only succeeds
/// when everything was compiled, uploaded and installed.
struct HeavyReleaseWriter: Sendable {
    /// Name of the generated release.
    static let releaseName = "deploy-bench-heavy"
    /// Name of the generated job.
    static let jobName = "heavy"
    /// Name of the package holding the blob.
    static let blobPackage = "heavy-blob"

    /// The C packages.
    var dag: PackageDAG
    /// Functions per C file.
    var functions: Int
    /// Size of the blob in bytes.
    var blobBytes: Int

    /// Every package of the release.
    var packageNames: [String] { dag.packages.map(\.name) + [Self.blobPackage] }

    /// Writes the release directory at `root` (created), blob included.
    ///
    /// - Throws: `BenchFileError` or `DeployBenchError.write` naming the file.
    func write(to root: String) throws {
        try DAGPackageWriter(dag: dag, functions: functions).write(releaseName: Self.releaseName, to: root)
        try BenchFile.write(
            """
            ---
            name: \(Self.blobPackage)
            dependencies: []
            files:
            - \(Self.blobPackage)/data.bin

            """, to: root + "/packages/\(Self.blobPackage)/spec")
        try BenchFile.write(
            """
            set -e
            cp \(Self.blobPackage)/data.bin "$BOSH_INSTALL_TARGET/data.bin"

            """, to: root + "/packages/\(Self.blobPackage)/packaging")
        try RandomBlob.write(bytes: blobBytes, to: root + "/blobs/\(Self.blobPackage)/data.bin")

        let packages = dag.topNames + [Self.blobPackage]
        try BenchFile.write(
            """
            ---
            name: \(Self.jobName)
            templates:
              ctl.erb: bin/ctl
            packages: [\(packages.map { "\"\($0)\"" }.joined(separator: ", "))]
            properties:
              heavy.greeting: {description: argument passed to every top package's program, default: hello}

            """, to: root + "/jobs/\(Self.jobName)/spec")
        try BenchFile.write(
            """
            check process \(Self.jobName)
              with pidfile /var/vcap/sys/run/\(Self.jobName)/\(Self.jobName).pid
              start program "/var/vcap/jobs/\(Self.jobName)/bin/ctl start"
              stop program "/var/vcap/jobs/\(Self.jobName)/bin/ctl stop"
              group vcap

            """, to: root + "/jobs/\(Self.jobName)/monit")
        try BenchFile.write(
            controlScript(topPackages: dag.topNames), to: root + "/jobs/\(Self.jobName)/templates/ctl.erb")
    }

    /// `bin/ctl start|stop`: start runs every top program (their output names the whole DAG),
    /// checks the blob, then leaves a long `sleep` as the supervised process.
    func controlScript(topPackages: [String]) -> String {
        let run = "/var/vcap/sys/run/\(Self.jobName)", log = "/var/vcap/sys/log/\(Self.jobName)"
        return """
            #!/bin/bash
            set -euo pipefail
            PIDFILE=\(run)/\(Self.jobName).pid
            case "${1:-}" in
              start)
                mkdir -p \(run) \(log)
                for package in \(topPackages.joined(separator: " ")); do
                  /var/vcap/packages/$package/bin/$package <%= p("heavy.greeting").inspect %> >> \(log)/programs.log
                done
                size=$(stat -c %s /var/vcap/packages/\(Self.blobPackage)/data.bin)
                if [ "$size" != \(blobBytes) ]; then
                  echo "the blob has $size bytes, expected \(blobBytes)" >&2
                  exit 1
                fi
                nohup sleep infinity > /dev/null 2>&1 < /dev/null &
                echo $! > "$PIDFILE"
                ;;
              stop)
                if [ -s "$PIDFILE" ]; then kill -TERM "$(cat "$PIDFILE")" 2>/dev/null || true; fi
                rm -f "$PIDFILE"
                ;;
              *)
                echo "usage: ctl start|stop" >&2
                exit 2
                ;;
            esac

            """
    }
}
