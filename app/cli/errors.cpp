#include "errors.h"

#include <cstdio>

namespace scalelab::cli {

namespace {

std::string& lastMessage()
{
    static std::string message;
    return message;
}

} // namespace

const std::string& lastError() { return lastMessage(); }

void printError(std::string_view message, std::string_view hint)
{
    lastMessage() = message;
    std::fprintf(stderr, "scalelab-cli: error: %.*s\n", int(message.size()), message.data());
    if (!hint.empty())
        std::fprintf(stderr, "scalelab-cli: hint: %.*s\n", int(hint.size()), hint.data());
    std::fflush(stderr);
}

} // namespace scalelab::cli
