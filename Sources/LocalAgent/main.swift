// The local cloud's agent: `local-agent --settings PATH --vm-dir DIR` (see LocalAgentMain).
import Foundation

let exitCode = await LocalAgentMain.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(exitCode)
