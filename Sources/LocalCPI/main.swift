// The local cloud's CPI: `local-cpi` (one CPI request on stdin) or `local-cpi list` (see LocalCPIMain).
import Foundation

let status = await LocalCPIMain.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(status)
