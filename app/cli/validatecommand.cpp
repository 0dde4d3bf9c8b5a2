#include "command.h"
#include "errors.h"
#include "studyloader.h"
#include "cli/parityreport.h"

#include "scenarios/studyreader.h"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace scalelab::cli {

namespace {

/// `validate STUDY`: the study's diagnostics on stderr; 0 when it has no error.
class ValidateCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* validate = app.add_subcommand("validate", "Check a study file: its diagnostics on stderr, nothing is run");
        addStudyArguments(validate, m_path, m_sets);
        validate->footer("Exit codes: 0 valid (warnings allowed), 2 errors. A valid study with faults: what each "
                         "fault hits in each variant (the fault parity table) on stdout.");
        return validate;
    }

    int run() override
    {
        const scenarios::LoadResult result = scenarios::readStudy(m_path, overridesOf(m_sets));
        std::fputs(result.report().c_str(), stderr);
        if (!result.ok())
            return ExitBadInput;
        printParityTable(stdout, *result.study);
        return ExitOk;
    }

private:
    std::string m_path;
    std::vector<std::string> m_sets;
};

const CommandRegistration<ValidateCommand> registration(10);

} // namespace

} // namespace scalelab::cli
