#include "commands.h"
#include "errors.h"

#include "scenarios/studyschema.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace scalelab::cli {

int runSchema(const std::string& docs)
{
    if (docs.empty()) {
        std::fputs(scenarios::studySchema().c_str(), stdout);
        return ExitOk;
    }
    std::ifstream in(docs, std::ios::binary);
    if (!in) {
        printError("cannot read '" + docs + "': " + std::strerror(errno));
        return ExitBadInput;
    }
    std::ostringstream text;
    text << in.rdbuf();
    in.close();
    const std::string updated = scenarios::withFieldTables(text.str());
    if (updated != text.str()) {
        std::ofstream out(docs, std::ios::binary | std::ios::trunc);
        if (!(out << updated)) {
            printError("cannot write '" + docs + "': " + std::strerror(errno));
            return ExitRunFailed;
        }
    }
    return ExitOk;
}

} // namespace scalelab::cli
