#pragma once

#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace scalelab::sim {

/// A child process died or could not be started.
class ChildProcessError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Runs job in a forked child process and returns what it returned. SimGrid
/// allows one engine per process and never resets its clock, so every
/// simulation after the first runs this way. Throws ChildProcessError when the
/// child crashes, is killed, or the job throws (its message is passed on).
std::string runInChild(const std::function<std::string()>& job);

/// Runs each job in its own child process, at most `workers` at once (0: one per
/// core), and returns their results in the order of the jobs. `forkGuard`, when
/// given, is held around each fork: a thread of this process that allocates or
/// writes only while holding it can never leave a lock taken in a child (a
/// child whose first allocation waits forever).
std::vector<std::string> runParallel(const std::vector<std::function<std::string()>>& jobs,
                                     unsigned workers = 0, std::mutex* forkGuard = nullptr);

/// Cores available to this process.
unsigned availableCores();

} // namespace scalelab::sim
