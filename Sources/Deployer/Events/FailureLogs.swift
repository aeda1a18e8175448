/// The end of the logs of a job that made a command fail, fetched from its VM's agent
/// (issue 15 item 5: a failed deploy explains itself). The operator sees why a script or a
/// process failed under the error, without logging into the VM; the whole tarball is kept at
/// `tarball` for anything the last lines do not show.
///
/// Every line is already redacted (`FailureLogReader`), sanitized of terminal control
/// characters and cut to a readable length: the VM wrote it, so it is untrusted text.
public struct FailureLogs: Sendable, Hashable {
    /// The instance whose logs these are, e.g. `notes/0`.
    public var instance: String
    /// What failed, e.g. `pre-start failed on job 'db'` or `job 'db' is not running`.
    public var reason: String
    /// Where the whole logs tarball was kept (`$DEPLOYER_HOME/logs/...`).
    public var tarball: String
    /// The relevant files, most relevant first (a failed script's stderr before its stdout).
    public var files: [FailureLogFile]

    /// Creates the logs of a failure.
    public init(instance: String, reason: String, tarball: String, files: [FailureLogFile]) {
        self.instance = instance
        self.reason = reason
        self.tarball = tarball
        self.files = files
    }

    /// The text shown under the error: a header naming the reason and the tarball, then each
    /// file's name and its last lines, indented.
    public var explanation: String {
        var text = "Logs of instance '\(instance)' (\(reason)); all of them are in '\(tarball)'"
        guard !files.isEmpty else { return text + ". None of the job's log files has a line to show." }
        text += ":"
        for file in files {
            text += "\n  \(file.name)\(file.earlierLinesOmitted ? " (last \(file.lines.count) lines)" : ""):"
            for line in file.lines { text += "\n    " + line }
        }
        return text
    }
}

/// The last lines of one log file inside the fetched tarball.
public struct FailureLogFile: Sendable, Hashable {
    /// The file's path inside the tarball, e.g. `db/pre-start.stderr.log`.
    public var name: String
    /// Its last lines, oldest first.
    public var lines: [String]
    /// Whether the file has lines before these.
    public var earlierLinesOmitted: Bool

    /// Creates one file's excerpt.
    public init(name: String, lines: [String], earlierLinesOmitted: Bool) {
        self.name = name
        self.lines = lines
        self.earlierLinesOmitted = earlierLinesOmitted
    }
}
