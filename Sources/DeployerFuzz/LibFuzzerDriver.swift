#if DEPLOYER_LIBFUZZER
import FuzzTargets
import Foundation

// SwiftPM links an executable's `main` to this module's `@main` (a linker `--defsym`), which
// hides the `main` of libFuzzer's runtime; so `@main` hands over to libFuzzer through its C
// API. `@_extern(c)` declares that C function with the C calling convention; the fuzz build
// enables it with `-enable-experimental-feature Extern`. The ordinary build never sees it.
@_extern(c, "LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target chosen once at start-up (a global `let` is initialized once, thread-safely).
let selectedTarget: FuzzTarget? = FuzzEnvironment.requestedName.flatMap(FuzzTarget.init(rawValue:))

/// One input (libFuzzer's runtime also refers to this symbol by name). A broken invariant
/// traps, so libFuzzer saves the input like any crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = selectedTarget else { return 0 }
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let broken = target.run(input)
    if !broken.isEmpty {
        fatalError("\(target.rawValue): " + broken.joined(separator: "; "))
    }
    return 0
}

/// Checks the target, then runs libFuzzer with the process's arguments.
enum LibFuzzerDriver {
    static func run() -> Never {
        guard let target = selectedTarget else {
            FileHandle.standardError.write(Data("deployer-fuzz: \(FuzzEnvironment.usage)\n".utf8))
            exit(2)
        }
        var arguments = CommandLine.arguments
        // The target knows how long its inputs sensibly get; an explicit -max_len wins.
        if !arguments.contains(where: { $0.hasPrefix("-max_len=") }) {
            arguments.insert("-max_len=\(target.maxLength)", at: min(1, arguments.count))
        }
        // A C argv that lives as long as the process (libFuzzer keeps pointers into it).
        let argv = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: arguments.count + 1)
        for (index, argument) in arguments.enumerated() { argv[index] = strdup(argument) }
        argv[arguments.count] = nil
        var argc = CInt(arguments.count)
        var argvPointer = argv
        exit(llvmFuzzerRunDriver(&argc, &argvPointer, fuzzerTestOneInput))
    }
}
#endif
