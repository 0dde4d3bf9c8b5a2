#include "runflags.h"
#include "studyloader.h"

#include "simcore/units.h"

namespace scalelab::cli {

CLI::Validator durationValidator(bool positive)
{
    return CLI::Validator(
        [positive](std::string& text) -> std::string {
            const sim::ParsedQuantity q = sim::parseDuration(text);
            if (!q.value)
                return q.error;
            if (positive && *q.value <= 0.0)
                return "must be > 0 (got " + text + ")";
            return {};
        },
        "DURATION");
}

void RunFlags::add(CLI::App* cmd, RunOptions& options)
{
    addStudyArguments(cmd, options.study, options.sets);
    addSettings(cmd);
    cmd->add_option("--max-events", options.maxEvents,
                    "Refuse a study estimated to need more events (component visits) than N, before it runs "
                    "(default: 1e9)")
        ->check(CLI::PositiveNumber)
        ->type_name("N");
    cmd->add_flag("--force", options.force, "Run even above --max-events");
    cmd->add_option("--series", options.series,
                    "With --out: first (the bins of replication 0) or all (also every replication's bins, "
                    "*-all.csv, and their per-bin mean with its 95% interval, *-mean.csv; default: first)")
        ->check(CLI::IsMember({"first", "all"}))
        ->type_name("WHICH");
    m_format = cmd->add_option("--format", options.format, "Summary on stdout: table, json or csv (default: table)")
                   ->check(CLI::IsMember({"table", "json", "csv"}))
                   ->type_name("FORMAT");
}

void RunFlags::addSettings(CLI::App* cmd)
{
    m_seed = cmd->add_option("--seed", m_seedValue, "Random seed (default: the study's run.seed)")->type_name("N");
    m_replications = cmd->add_option("--replications", m_replicationsValue,
                                     "Independent replications (default: the study's run.replications)")
                         ->check(CLI::Range(1, 100000))
                         ->type_name("R");
    m_duration = cmd->add_option("--duration", m_durationText, "Simulated time, e.g. 600s, 15min (default: run.duration)")
                     ->check(durationValidator(true))
                     ->type_name("DURATION");
    m_warmup = cmd->add_option("--warmup", m_warmupText, "Warm-up left out of the figures, e.g. 60s (default: run.warmup)")
                   ->check(durationValidator(false))
                   ->type_name("DURATION");
}

void RunFlags::apply(RunOptions& options) const
{
    if (m_seed->count())
        options.seed = m_seedValue;
    if (m_replications->count())
        options.replications = m_replicationsValue;
    if (m_duration->count())
        options.duration = sim::parseDuration(m_durationText).value;
    if (m_warmup->count())
        options.warmup = sim::parseDuration(m_warmupText).value;
}

void addStudyOrResults(CLI::App& command, std::string& study, std::vector<std::string>& sets, std::string& from,
                       const std::string& fromHelp)
{
    auto* studyOption = command.add_option("STUDY", study, "The study file (YAML)")->type_name("FILE");
    auto* setOption = addSetOption(&command, sets);
    auto* fromOption = command.add_option("--from", from, fromHelp)->type_name("DIR");
    studyOption->excludes(fromOption);
    fromOption->excludes(studyOption);
    // The results were made with the overrides they keep (overrides.txt).
    fromOption->excludes(setOption);
    setOption->excludes(fromOption);
}

} // namespace scalelab::cli
