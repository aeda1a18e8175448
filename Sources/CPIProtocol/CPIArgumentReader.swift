import DeployerSupport

/// Reads positional request arguments with errors a CPI caller can act on
/// (`InvalidCall`, as the Ruby `bosh_cpi` gem reports bad arguments).
struct CPIArgumentReader {
    let method: CPIMethod
    let arguments: [JSONValue]

    private func invalid(_ index: Int, _ name: String, _ expected: String) -> CPIResponseError {
        CPIResponseError(
            type: .invalidCall,
            message: "Arguments are not correct, details: '\(method.rawValue)' argument \(index + 1) "
                + "('\(name)') must be \(expected)")
    }

    func string(_ index: Int, _ name: String) throws(CPIResponseError) -> String {
        guard index < arguments.count, let value = arguments[index].stringValue else {
            throw invalid(index, name, "a string")
        }
        return value
    }

    /// A CID, named in errors by its kind's argument name (`vm_cid`, ...).
    func cid<Resource: CloudResource>(_ index: Int) throws(CPIResponseError) -> CloudID<Resource> {
        CloudID(try string(index, Resource.argumentName))
    }

    func int(_ index: Int, _ name: String) throws(CPIResponseError) -> Int {
        guard index < arguments.count, let value = arguments[index].intValue else {
            throw invalid(index, name, "an integer")
        }
        return value
    }

    /// `null` when absent.
    func optional(_ index: Int) -> JSONValue {
        index < arguments.count ? arguments[index] : .null
    }

    func stringArray(_ index: Int, _ name: String) throws(CPIResponseError) -> [String] {
        guard index < arguments.count else { return [] }
        if arguments[index].isNull { return [] }
        guard let array = arguments[index].arrayValue else { throw invalid(index, name, "an array of strings") }
        var strings: [String] = []
        for element in array {
            guard let string = element.stringValue else { throw invalid(index, name, "an array of strings") }
            strings.append(string)
        }
        return strings
    }

    func stringMap(_ index: Int, _ name: String) throws(CPIResponseError) -> [String: String] {
        guard index < arguments.count, let object = arguments[index].objectValue else {
            throw invalid(index, name, "an object")
        }
        var map: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case .string(let string): map[key] = string
            case .int(let number): map[key] = String(number)
            case .uint(let number): map[key] = String(number)
            case .bool(let flag): map[key] = String(flag)
            case .double(let number): map[key] = String(number)
            default: throw invalid(index, name, "an object of strings")
            }
        }
        return map
    }
}
