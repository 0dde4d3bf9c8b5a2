#include "commands.h"
#include "errors.h"

#include "scenarios/studyreader.h"

#include <cstdio>

namespace scalelab::cli {

int runValidate(const std::string& path)
{
    const scenarios::LoadResult result = scenarios::readStudy(path);
    std::fputs(result.report().c_str(), stderr);
    return result.ok() ? ExitOk : ExitBadInput;
}

} // namespace scalelab::cli
