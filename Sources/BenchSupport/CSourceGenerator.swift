/// The C program of one generated package: `functions` small hashing functions chained in
/// `main`, enough work for `cc -O2` to take a measurable fraction of a second. The package
/// index changes the constants so no two packages have the same source.
public enum CSourceGenerator {
    /// The source of package `index` (the compiled program prints its name, its dependencies'
    /// tokens and a hash of its argument).
    public static func source(index: Int, functions: Int) -> String {
        var lines = ["#include <stdio.h>", "#include <stddef.h>", ""]
        for f in 0..<functions {
            let salt = index * 1_000 + f
            lines.append(
                """
                static unsigned long f\(f)(const char *s, unsigned long seed) {
                    unsigned long h = seed ^ \(salt)UL;
                    for (size_t k = 0; s[k]; k++) { h = (h * 31UL + (unsigned char)s[k]) ^ (h >> \(f % 7 + 1)); }
                    for (int r = 0; r < \(f % 5 + 2); r++) { h += (h << 3) ^ (h >> 5) ^ (unsigned long)r * \(salt + 3)UL; }
                    return h;
                }
                """)
        }
        lines.append("")
        lines.append("int main(int argc, char **argv) {")
        lines.append("    const char *s = argc > 1 ? argv[1] : \"\";")
        lines.append("    unsigned long h = 0;")
        for f in 0..<functions { lines.append("    h = f\(f)(s, h);") }
        lines.append("    printf(\"%s deps=[%s] hash=%lu\\n\", PACKAGE_NAME, DEPENDENCIES, h);")
        lines.append("    return 0;")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
