#include <stdio.h>
#include <unistd.h>

int launch_check(const char *prefix);

/* `launch PROGRAM [ARG...]`: checks that the prefix it was compiled with still holds its
 * files (as Ruby needs its lib/ruby), then runs PROGRAM. Messages go to stderr: stdout
 * carries the CPI's answer. */
int main(int argc, char **argv) {
    if (!launch_check(PREFIX)) {
        fprintf(stderr, "launch: cannot find my files under %s\n", PREFIX);
        return 127;
    }
    if (argc < 2) {
        fprintf(stderr, "launch: usage: launch PROGRAM [ARG...]\n");
        return 2;
    }
    execv(argv[1], argv + 1);
    perror("launch: exec");
    return 126;
}
