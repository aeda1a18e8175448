import AgentProtocol
import DeployerSupport
import Foundation
import Logging

/// Answers `POST /agent`: decodes the request, runs the action (directly, or as a task for the
/// async ones) and encodes `{"value": ...}` or `{"exception": {"message": ...}}` with the real
/// agent's texts (spec agent.md §3–§4, §8).
struct ActionDispatcher: Sendable {
    let context: AgentContext

    /// How an action runs once its arguments are parsed.
    enum Prepared: Sendable {
        /// Synchronous: the value is the answer.
        case now(@Sendable () async throws -> AgentJSON)
        /// Async: answered with a task handle, the value comes from `get_task`.
        case task(@Sendable () async throws -> AgentJSON)
        /// `get_task` itself: answered from the task queue, and never faulted or logged,
        /// since it is the polling of another action.
        case taskStatus(AgentTaskID)
    }

    /// An HTTP answer to the RPC.
    struct Reply: Sendable {
        var status: Int
        var body: Data
    }

    /// Handles one request body.
    func handle(body: Data) async -> Reply {
        let request: RPCRequest
        do {
            request = try JSONDecoder().decode(RPCRequest.self, from: body)
        } catch {
            context.logger.warning("rejected a request body that is not an agent request")
            return Reply(status: 500, body: Data("Unmarshalling JSON payload: invalid request\n".utf8))
        }
        let response = await respond(to: request)
        let data =
            (try? JSONEncoder().encode(response)) ?? Data(#"{"exception":{"message":"encoding the response"}}"#.utf8)
        return Reply(status: 200, body: data)
    }

    func respond(to request: RPCRequest) async -> RPCResponse {
        let method = request.method
        let start = ContinuousClock.now
        // The test switch of docs/local-cloud.md ("Injecting faults"); no plan file, no effect.
        // It never faults get_task, and it is asked before the name is checked, so a plan may
        // name any method.
        let injected = await AgentFaultInjector(layout: context.layout).fault(for: method, context: context)
        guard let action = AgentAction(rawValue: method) else {
            context.logger.info("unknown message \(method)")
            return .exception(message: "unknown message \(method)")
        }
        do {
            var prepared = try prepare(AgentCall(action: action, arguments: request.arguments))
            if let injected {
                switch prepared {
                case .now: prepared = .now { throw injected }
                case .task: prepared = .task { throw injected }
                case .taskStatus: break
                }
            }
            switch prepared {
            case .taskStatus(let id):
                return await taskStatus(id)
            case .now(let work):
                let value = try await work()
                if action != .getState && action != .ping {
                    context.logger.info("action \(method) done in \(ContinuousClock.now - start)")
                }
                return .value(value)
            case .task(let work):
                let logger = context.logger
                let id = await context.tasks.submit {
                    let taskStart = ContinuousClock.now
                    do {
                        let value = try await work()
                        logger.info("task \(method) done in \(ContinuousClock.now - taskStart)")
                        return value
                    } catch {
                        logger.error("task \(method) failed: \(error)")
                        throw error
                    }
                }
                context.logger.info("action \(method) started as task \(id)")
                return .value(try AgentJSON(encoding: AgentTaskHandle(agentTaskID: id)))
            }
        } catch {
            context.logger.error("action \(method) failed: \(error)")
            return .exception(message: "Action Failed \(method): \(error)")
        }
    }

    /// The `get_task` answer: the task's final value, its handle while it runs, or why it failed.
    private func taskStatus(_ id: AgentTaskID) async -> RPCResponse {
        let failed = "Action Failed \(AgentAction.getTask)"
        switch await context.tasks.status(of: id) {
        case nil:
            return .exception(message: "\(failed): Task with id \(id) could not be found")
        case .running:
            return .value(["agent_task_id": .string(id.rawValue), "state": .string(AgentTaskHandle.running)])
        case .done(let value):
            return .value(value)
        case .failed(let message):
            return .exception(message: "\(failed): Task \(id) result: \(message)")
        }
    }
}
