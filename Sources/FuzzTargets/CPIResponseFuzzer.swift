import CPIProtocol
import DeployerSupport

/// A CPI's stdout, read as `ExternalCPICloud` reads every answer.
enum CPIResponseFuzzer {
    static func run(_ input: [UInt8]) {
        do {
            let response = try ExternalCPICloud.parse(input, method: .createVM, executable: "/fuzz/cpi")
            if let error = response.error {
                _ = error.description
                _ = error.mappedForBoshCLI(method: "create_vm").description
            }
            // The debug log shows the CPI's log redacted; local-cpi writes responses back out.
            _ = CPIRedactor.redact(response.log)
            _ = response.encodedJSON()
            _ = response.result.jsonText
        } catch {
            _ = error.description
        }
    }
}
