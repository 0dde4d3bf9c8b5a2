#include "simcore/subprocess.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <poll.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace scalelab::sim {

namespace {

struct Child
{
    pid_t pid = -1;
    int fd = -1;
    std::size_t job = 0;
    std::string output;
};

void writeAll(int fd, const std::string& data)
{
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        done += static_cast<std::size_t>(n);
    }
}

// The child writes one status byte ('0' ok, '1' the job threw) then its text.
Child spawn(const std::function<std::string()>& job, std::size_t index)
{
    // Unwritten stdio buffers would be written twice, by the parent and the child.
    std::fflush(nullptr);
    const pid_t parent = ::getpid();
    int fds[2];
    if (::pipe(fds) != 0)
        throw ChildProcessError(std::string("pipe failed: ") + std::strerror(errno));
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        throw ChildProcessError(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
#ifdef __linux__
        // A replication is worth nothing without its parent: killed with it,
        // however the parent ends (SIGKILL included), and at once if it already
        // ended before this line.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1);
#endif
        ::close(fds[0]);
        std::string payload;
        try {
            payload = "0" + job();
        } catch (const std::exception& e) {
            payload = std::string("1") + e.what();
        } catch (...) {
            payload = "1unknown exception";
        }
        writeAll(fds[1], payload);
        ::close(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    return Child{pid, fds[0], index, {}};
}

std::string finish(Child& child)
{
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status))
        throw ChildProcessError("simulation process killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                                strsignal(WTERMSIG(status)) + ")");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw ChildProcessError("simulation process exited with status " + std::to_string(WEXITSTATUS(status)));
    if (child.output.empty())
        throw ChildProcessError("simulation process returned nothing");
    if (child.output[0] == '1')
        throw ChildProcessError(child.output.substr(1));
    return child.output.substr(1);
}

} // namespace

unsigned availableCores()
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
    const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<unsigned>(n) : 1U;
}

std::string runInChild(const std::function<std::string()>& job)
{
    return runParallel({job}, 1).front();
}

std::vector<std::string> runParallel(const std::vector<std::function<std::string()>>& jobs, unsigned workers,
                                     std::mutex* forkGuard)
{
    if (workers == 0)
        workers = availableCores();
    std::vector<std::string> results(jobs.size());
    std::vector<Child> running;
    std::size_t next = 0;
    std::string firstError;
    while (next < jobs.size() || !running.empty()) {
        while (next < jobs.size() && running.size() < workers) {
            std::unique_lock<std::mutex> guard;
            if (forkGuard)
                guard = std::unique_lock(*forkGuard);
            running.push_back(spawn(jobs[next], next));
            ++next;
        }
        std::vector<pollfd> fds;
        for (const Child& c : running)
            fds.push_back({c.fd, POLLIN, 0});
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            throw ChildProcessError(std::string("poll failed: ") + std::strerror(errno));
        }
        for (std::size_t i = running.size(); i-- > 0;) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[65536];
            const ssize_t n = ::read(running[i].fd, buf, sizeof buf);
            if (n > 0) {
                running[i].output.append(buf, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            ::close(running[i].fd);
            try {
                results[running[i].job] = finish(running[i]);
            } catch (const ChildProcessError& e) {
                if (firstError.empty())
                    firstError = e.what();
            }
            running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    if (!firstError.empty())
        throw ChildProcessError(firstError);
    return results;
}

} // namespace scalelab::sim
