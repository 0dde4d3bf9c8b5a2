#include "command.h"
#include "errors.h"

#include "scenarios/studyschema.h"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace scalelab::cli {

namespace {

/// `schema`: the study file's JSON Schema on stdout (the checked-in
/// scenarios/schema/study.schema.json is this text); with --docs FILE, that
/// markdown file's generated field tables brought up to date instead.
class SchemaCommand final : public Command
{
public:
    CLI::App* add(CLI::App& app) override
    {
        auto* schema =
            app.add_subcommand("schema", "Print the study file's JSON Schema (scenarios/schema/study.schema.json)");
        schema->add_option("--docs", m_docs, "Instead, bring the field tables of this markdown file up to date")
            ->type_name("FILE");
        schema->footer("Exit codes: 0 ok, 1 --docs file not written, 2 --docs file unreadable.");
        return schema;
    }

    int run() override
    {
        if (m_docs.empty()) {
            std::fputs(scenarios::studySchema().c_str(), stdout);
            return ExitOk;
        }
        std::ifstream in(m_docs, std::ios::binary);
        if (!in) {
            printError("cannot read '" + m_docs + "': " + std::strerror(errno));
            return ExitBadInput;
        }
        std::ostringstream text;
        text << in.rdbuf();
        in.close();
        const std::string updated = scenarios::withFieldTables(text.str());
        if (updated == text.str())
            return ExitOk;
        std::ofstream out(m_docs, std::ios::binary | std::ios::trunc);
        if (!(out << updated)) {
            printError("cannot write '" + m_docs + "': " + std::strerror(errno));
            return ExitRunFailed;
        }
        return ExitOk;
    }

private:
    std::string m_docs;
};

const CommandRegistration<SchemaCommand> registration(80);

} // namespace

} // namespace scalelab::cli
