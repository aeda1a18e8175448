import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation

/// A rendered job `sleeper` as bosh-cli would upload it: a monit file, a ctl script starting
/// a long-running program that writes its own pid file, and a pre-start script. Every path
/// says `/var/vcap/...`; the agent rewrites it to the VM directory.
enum SleeperJob {
    static let monit = """
        check process sleeper
          with pidfile /var/vcap/sys/run/sleeper/sleeper.pid
          start program "/var/vcap/jobs/sleeper/bin/ctl start"
          stop program "/var/vcap/jobs/sleeper/bin/ctl stop"
          group vcap

        """

    static let ctl = """
        #!/bin/sh
        PIDFILE=/var/vcap/sys/run/sleeper/sleeper.pid
        case "$1" in
          start)
            mkdir -p /var/vcap/sys/run/sleeper
            nohup /bin/sh -c 'echo $$ > '"$PIDFILE"'; exec sleep 300' > /dev/null 2>&1 &
            # Wait for the program to write its pid file, as monit would poll it.
            for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$PIDFILE" ] && break; sleep 0.1; done
            ;;
          stop)
            kill "$(cat $PIDFILE)"
            rm -f "$PIDFILE"
            ;;
        esac

        """

    static let preStart = """
        #!/bin/sh
        echo "pre-start ran with GREETING=$GREETING" > /var/vcap/sys/log/sleeper/pre-start.marker

        """

    /// Uploads the rendered templates archive (sha256 digest, as bosh-cli computes it).
    static func upload(to agent: AgentHarness, scratch: TemporaryDirectory) async throws -> BlobReference {
        let tarball = try TestFiles.tarball(
            ["sleeper/monit": monit, "sleeper/bin/ctl": ctl, "sleeper/bin/pre-start": preStart],
            executables: ["sleeper/bin/ctl", "sleeper/bin/pre-start"], in: scratch)
        return try await agent.blobstore().upload(file: tarball, algorithm: .sha256).reference
    }

    /// A full apply spec with the job and one package.
    static func spec(archive: BlobReference, packages: [String: PackageReference] = [:]) -> ApplySpec {
        ApplySpec(
            deployment: "local-demo", name: "sleeper", packages: packages,
            networks: ["default": NetworkSpec(type: "manual", ip: "127.0.0.1", default: ["dns", "gateway"])],
            job: JobSpec(name: "sleeper", templates: [PackageReference(name: "sleeper", version: "fp-sleeper-1")]),
            renderedTemplatesArchive: archive)
    }

    /// The pid the job's program wrote, under the VM directory.
    static func pid(in agent: AgentHarness) -> Int32? {
        AgentHarness.pid(inFile: agent.vmDir + "/sys/run/sleeper/sleeper.pid")
    }

    /// Polls `get_state` until `job_state` is `expected` (at most 10 s).
    static func waitForJobState(_ expected: String, client: MbusAgentClient) async throws -> AgentState {
        var state = try await client.getState()
        let deadline = ContinuousClock.now + .seconds(10)
        while state.jobState != expected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            state = try await client.getState()
        }
        return state
    }
}
