import AgentClient
import AgentProtocol
import DeployerSupport
import Foundation

/// An agent's response body, decoded as `MbusAgentClient` does, then read as each typed
/// answer the client expects (`get_state`, `get_task`, `compile_package`, `list_disk`).
enum AgentResponseFuzzer {
    static func run(_ input: [UInt8]) {
        let response: RPCResponse
        do {
            response = try JSONDecoder().decode(RPCResponse.self, from: Data(input))
        } catch {
            _ = String(describing: error)
            return
        }
        switch response {
        case .exception(let message):
            _ =
                AgentError(
                    endpoint: "https://127.0.0.1:6868", operation: "fuzz", reason: .agentException(message: message)
                )
                .description
        case .value(let value):
            _ = try? value.jsonString()
            _ = try? value.decode(AgentState.self)
            _ = try? value.decode(AgentTaskHandle.self)
            _ = try? value.decode(CompilePackageResult.self)
            _ = try? value.decode([String].self)
            _ = value["agent_task_id"]?.stringValue
            _ = value["state"]?.stringValue
            _ = value.intValue
        }
    }
}
