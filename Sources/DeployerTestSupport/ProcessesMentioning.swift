import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Ids of live processes (other than this one) whose command line mentions `text`: how the
/// end-to-end and reliability tests find agents, jobs and CPIs a run left behind under their
/// fixture's root.
public func processes(mentioning text: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry), pid != getpid(),
            let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
        else { return nil }
        let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return commandLine.contains(text) ? pid : nil
    }
}
