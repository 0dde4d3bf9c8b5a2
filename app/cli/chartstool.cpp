#include "chartstool.h"

#include "errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace scalelab::cli {

std::optional<std::string> chartsTool(bool quiet)
{
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path tool = self.parent_path() / "scalelab-charts";
    if (ec || ::access(tool.c_str(), X_OK) != 0) {
        if (!quiet)
            printError("cannot render the charts: '" + tool.string() + "' is missing or not executable",
                       "charts are drawn by scalelab-charts from scalelab-cli's folder: build it (target "
                       "scalelab-charts) or install it there");
        return std::nullopt;
    }
    return tool.string();
}

int runProgram(const std::vector<std::string>& argv)
{
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = 0;
    if (const int error = ::posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ); error != 0) {
        printError("cannot start '" + argv[0] + "': " + std::strerror(error));
        return -1;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            printError("lost '" + argv[0] + "': " + std::strerror(errno));
            return -1;
        }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    printError("'" + argv[0] + "' crashed (signal " + std::to_string(WTERMSIG(status)) + ")",
               "report it with the study attached");
    return -1;
}

} // namespace scalelab::cli
