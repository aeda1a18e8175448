import DeployerSupport
import Foundation

/// Picks the relevant files of a logs tarball fetched from a VM and returns their last lines,
/// redacted, for the error of a failed deploy.
///
/// The tarball is untrusted (the VM wrote it), so it is read in memory and never extracted:
/// entry names are only compared and shown; only regular files are read, each streamed while
/// keeping just its last `tailBytes`; a member declared larger than `maxFileBytes` is not read;
/// at most `maxFiles` files are returned; lines lose control characters (no terminal escape
/// from a log line) and are cut at `maxLineLength`; and reading stops at `deadline`.
struct FailureLogReader: Sendable {
    /// Lines shown per file.
    var lineCount = 20
    /// How much of each file's end is kept (the lines are taken from there).
    var tailBytes = 64 * 1024
    /// Members declared larger than this are named but not read.
    var maxFileBytes: Int64 = 256 << 20
    /// Most files returned.
    var maxFiles = 6
    /// Most files returned per job when the jobs are not running (their most recent logs).
    var maxFilesPerJob = 3
    /// Relevant members remembered while reading (the best ones are kept).
    var maxCandidates = 64
    /// Longest line shown; longer ones are cut and end with `…`.
    var maxLineLength = 300
    /// Removes secrets of the manifest and the vars store, and secret-looking values.
    var redactor: Redactor
    /// When to give up reading.
    var deadline: ContinuousClock.Instant?
    /// Reads the tarball (no digest is needed, sha1 is the cheapest).
    var archives: any ArchiveReader = LibArchiveReader(digestAlgorithms: [.sha1])

    /// One relevant member, as read.
    private struct Candidate {
        var rank: Int
        var date: Date
        var name: String
        var window: Data
        var startsMidFile: Bool
        var declaredSize: Int64
    }

    /// The relevant files of `tarball` for `cause` with their last lines; files without a
    /// line are left out.
    /// - Throws: `ArchiveError` for a tarball that cannot be read, `FailureLogError.readTimedOut`
    ///   past the deadline.
    func read(tarball: String, cause: FailureLogCause) throws -> [FailureLogFile] {
        var candidates: [Candidate] = []
        try archives.forEachEntry(in: tarball) { entry, content in
            try checkDeadline()
            let name = entry.normalizedPath
            guard entry.kind == .file, SafeRelativePath.isSafe(name), let rank = cause.relevance(of: name) else {
                return
            }
            var candidate = Candidate(
                rank: rank, date: entry.modificationDate, name: name, window: Data(), startsMidFile: false,
                declaredSize: entry.size)
            if entry.size <= maxFileBytes {
                var read = 0
                try content.forEachBlock { block in
                    try checkDeadline()
                    read += block.count
                    // A header may understate the size (or a sparse member expand): the limit holds anyway.
                    guard read <= maxFileBytes else {
                        throw ArchiveError(
                            tarball: tarball, entry: entry.path, reason: .memberTooLarge(limit: Int(maxFileBytes)))
                    }
                    candidate.window.append(contentsOf: block)
                    if candidate.window.count > 2 * tailBytes {
                        candidate.window = Data(candidate.window.suffix(tailBytes))
                    }
                }
                candidate.startsMidFile = read > tailBytes
                candidate.window = Data(candidate.window.suffix(tailBytes))
            }
            candidates.append(candidate)
            if candidates.count > maxCandidates {
                candidates.sort(by: Self.isBefore)
                candidates.removeLast()
            }
        }
        var perRank: [Int: Int] = [:]
        var files: [FailureLogFile] = []
        for candidate in candidates.sorted(by: Self.isBefore) where files.count < maxFiles {
            if case .notRunning = cause, perRank[candidate.rank, default: 0] >= maxFilesPerJob { continue }
            guard let file = excerpt(candidate) else { continue }
            perRank[candidate.rank, default: 0] += 1
            files.append(file)
        }
        return files
    }

    /// Lower rank first, then the most recently written, then by name.
    private static func isBefore(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.rank != b.rank { return a.rank < b.rank }
        if a.date != b.date { return a.date > b.date }
        return a.name < b.name
    }

    /// The last lines of one candidate, or nil when it has none.
    private func excerpt(_ candidate: Candidate) -> FailureLogFile? {
        let name = Self.sanitize(candidate.name, limit: maxLineLength)
        guard candidate.declaredSize <= maxFileBytes else {
            return FailureLogFile(
                name: name, lines: ["(\(candidate.declaredSize) bytes: too large to read here; see the tarball)"],
                earlierLinesOmitted: true)
        }
        // Redact the whole window before cutting lines, so a secret spread over lines (a PEM
        // block) is recognised whole.
        let text = ProcessRunner.lastLines(Int.max, of: candidate.window, startsMidFile: candidate.startsMidFile)
            .joined(separator: "\n")
        let redacted = Self.redactingOrphanKeyEnd(redactor.redact(text))
        let lines = redacted.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        return FailureLogFile(
            name: name, lines: lines.suffix(lineCount).map { Self.sanitize($0, limit: maxLineLength) },
            earlierLinesOmitted: candidate.startsMidFile || lines.count > lineCount)
    }

    private func checkDeadline() throws {
        if let deadline, ContinuousClock.now >= deadline { throw FailureLogError.readTimedOut }
    }

    /// The window may begin inside a PEM private key whose BEGIN line was cut off: everything
    /// up to its END line is key material.
    static func redactingOrphanKeyEnd(_ text: String) -> String {
        guard let end = text.range(of: #"-----END [A-Z ]*PRIVATE KEY-----"#, options: [.regularExpression, .backwards])
        else { return text }
        return Redactor.placeholder + text[end.upperBound...]
    }

    /// `text` with control characters (C0 but tab, DEL, C1, bidirectional overrides) made `?`,
    /// cut at `limit` characters.
    static func sanitize(_ text: String, limit: Int) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09: out.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: out.append("?")
            default: out.append(scalar)
            }
        }
        let clean = String(out)
        return clean.count > limit ? String(clean.prefix(limit)) + "…" : clean
    }
}
