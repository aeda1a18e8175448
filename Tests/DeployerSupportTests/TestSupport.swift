import Foundation

/// Runs a tool and returns its standard output.
func runTool(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self)
}

/// The first word of `sha1sum`/`sha256sum` output for a file.
func toolDigest(_ tool: String, _ path: String) throws -> String {
    let output = try runTool("/usr/bin/\(tool)", [path])
    return String(output.split(separator: " ").first ?? "")
}
