#include "sweepdialog.h"

#include "document.h"
#include "theme.h"
#include "run/sweeppanel.h"

#include "scenarios/sweep.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace scalelab::gui {

namespace {

/// "250ms" -> (250, "ms"); "4" -> (4, ""); nullopt for what is not a number with a unit.
std::optional<std::pair<double, QString>> numberAndUnit(const QString& text)
{
    static const QRegularExpression re(R"(^\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z%]*)\s*$)");
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return std::pair{m.captured(1).toDouble(), m.captured(2)};
}

QString number(double v) { return QString::number(v, 'g', 12); }

/// "1:05", "1:02:05": a wall time.
QString clock(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    return s >= 3600 ? QString("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                     : QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

} // namespace

SweepDialog::SweepDialog(Document* document, const scenarios::DocPath& path, const QString& label,
                         const QString& current, QWidget* parent)
    : QDialog(parent), m_doc(document), m_path(path), m_pace(SweepPanel::measuredPace())
{
    setWindowTitle(tr("Sweep %1").arg(label));
    const std::string joined = scenarios::joinPath(path);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("<b>%1</b><br>takes each value in turn; <tt>scalelab-cli sweep</tt> runs every "
                                "variant at each point, and the Sweep view plots them.")
                                 .arg(QString::fromStdString(joined).toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    m_mode = new QComboBox(this);
    m_mode->setObjectName("mode");
    m_mode->addItem(tr("a list of values"), int(Mode::List));
    m_mode->addItem(tr("a range with a step"), int(Mode::Step));
    m_mode->addItem(tr("a range of N points"), int(Mode::Points));
    m_mode->addItem(tr("a log range of N points"), int(Mode::LogPoints));
    m_values = new QLineEdit(this);
    m_values->setObjectName("values");
    m_values->setPlaceholderText(tr("2, 4, 8   or   250ms, 500ms   or   round_robin, least_connections"));
    m_from = new QLineEdit(this);
    m_from->setObjectName("from");
    m_to = new QLineEdit(this);
    m_to->setObjectName("to");
    m_step = new QLineEdit(this);
    m_step->setObjectName("step");
    m_points = new QSpinBox(this);
    m_points->setObjectName("points");
    m_points->setRange(2, 1000);
    m_points->setValue(4);
    m_unit = new QLineEdit(this);
    m_unit->setObjectName("unit");
    m_unit->setPlaceholderText(tr("none (ms, s, %: appended to each value)"));
    m_name = new QLineEdit(this);
    m_name->setObjectName("name");
    m_name->setToolTip(tr("The parameter's column in the results and the plots' axis"));
    m_keepOthers = new QCheckBox(this);
    m_keepOthers->setObjectName("keepOthers");
    m_keepOthers->setChecked(true);
    form->addRow(tr("Values as"), m_mode);
    form->addRow(tr("Values"), m_values);
    form->addRow(tr("From"), m_from);
    form->addRow(tr("To"), m_to);
    form->addRow(tr("Step"), m_step);
    form->addRow(tr("Points"), m_points);
    form->addRow(tr("Unit"), m_unit);
    form->addRow(tr("Column"), m_name);
    form->addRow(QString(), m_keepOthers);
    layout->addLayout(form);

    m_preview = new QLabel(this);
    m_preview->setObjectName("preview");
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runs = new QLabel(this);
    m_runs->setObjectName("runs");
    m_runs->setWordWrap(true);
    m_estimate = new QLabel(this);
    m_estimate->setObjectName("estimate");
    m_estimate->setWordWrap(true);
    m_problem = new QLabel(this);
    m_problem->setObjectName("problem");
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: %1;").arg(theme::errorInk().name()));
    for (QLabel* l : {m_preview, m_runs, m_estimate, m_problem})
        layout->addWidget(l);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add to the sweep"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SweepDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SweepDialog::reject);

    // The column: the last two keys (app.instances, rate.0.rps -> 0.rps reads badly: keep the key then).
    const bool component = path.size() >= 5 && path[0] == "variants" && path[2] == "components";
    m_name->setText(QString::fromStdString(component ? path[3] + "." + path.back() : path.back()));

    // Start from what the section has for this field, else from its value.
    const auto* sweep = m_doc->study().sweep ? &*m_doc->study().sweep : nullptr;
    const scenarios::SweepParameter* existing = nullptr;
    int others = 0;
    if (sweep)
        for (const auto& p : sweep->parameters) {
            if (p.set == std::vector<std::string>{joined})
                existing = &p;
            else
                ++others;
        }
    if (existing) {
        if (!existing->name.empty())
            m_name->setText(QString::fromStdString(existing->name));
        if (!existing->values.empty()) {
            QStringList values;
            for (const auto& v : existing->values)
                values << QString::fromStdString(v);
            m_values->setText(values.join(", "));
            m_mode->setCurrentIndex(int(Mode::List));
        } else {
            m_from->setText(existing->from ? number(*existing->from) : QString());
            m_to->setText(existing->to ? number(*existing->to) : QString());
            m_step->setText(existing->step ? number(*existing->step) : QString());
            m_points->setValue(existing->points.value_or(4));
            m_unit->setText(QString::fromStdString(existing->unit));
            m_mode->setCurrentIndex(existing->step                                         ? int(Mode::Step)
                                    : existing->spacing == scenarios::SweepSpacing::Log ? int(Mode::LogPoints)
                                                                                        : int(Mode::Points));
        }
    } else if (const auto n = numberAndUnit(current); n && n->first > 0) {
        // A number: a range from it to four times it, in steps of it (2, 4, 6, 8).
        m_values->setText(current.trimmed());
        m_from->setText(number(n->first));
        m_to->setText(number(n->first * 4));
        m_step->setText(number(n->first));
        m_unit->setText(n->second);
        m_mode->setCurrentIndex(int(Mode::Step));
    } else {
        m_values->setText(current.trimmed());
        m_mode->setCurrentIndex(int(Mode::List));
    }
    m_keepOthers->setText(tr("Combine with the sweep's %n other parameter(s) (every combination)", nullptr, others));
    m_keepOthers->setHidden(others == 0);

    const auto rows = [form](QWidget* field, bool visible) { form->setRowVisible(field, visible); };
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this, rows] {
        const auto mode = Mode(m_mode->currentData().toInt());
        rows(m_values, mode == Mode::List);
        rows(m_from, mode != Mode::List);
        rows(m_to, mode != Mode::List);
        rows(m_step, mode == Mode::Step);
        rows(m_points, mode == Mode::Points || mode == Mode::LogPoints);
        rows(m_unit, mode != Mode::List);
        updatePreview();
    });
    for (QLineEdit* e : {m_values, m_from, m_to, m_step, m_unit, m_name})
        connect(e, &QLineEdit::textChanged, this, &SweepDialog::updatePreview);
    connect(m_points, &QSpinBox::valueChanged, this, &SweepDialog::updatePreview);
    connect(m_keepOthers, &QCheckBox::toggled, this, &SweepDialog::updatePreview);
    emit m_mode->currentIndexChanged(m_mode->currentIndex());
    setMinimumWidth(520);
}

scenarios::SweepParameter SweepDialog::parameter() const
{
    scenarios::SweepParameter p;
    p.set = {scenarios::joinPath(m_path)};
    p.name = m_name->text().trimmed().toStdString();
    if (p.name == p.set.front())
        p.name.clear();
    const auto mode = Mode(m_mode->currentData().toInt());
    if (mode == Mode::List) {
        for (const QString& v : m_values->text().split(','))
            if (!v.trimmed().isEmpty())
                p.values.push_back(v.trimmed().toStdString());
        return p;
    }
    const auto read = [](const QLineEdit* e) {
        bool ok = false;
        const double v = e->text().trimmed().toDouble(&ok);
        return ok ? std::optional<double>(v) : std::nullopt;
    };
    p.from = read(m_from);
    p.to = read(m_to);
    if (mode == Mode::Step)
        p.step = read(m_step);
    else
        p.points = m_points->value();
    p.spacing = mode == Mode::LogPoints ? scenarios::SweepSpacing::Log : scenarios::SweepSpacing::Linear;
    p.unit = m_unit->text().trimmed().toStdString();
    return p;
}

QString SweepDialog::problem() const
{
    const scenarios::SweepParameter p = parameter();
    const auto mode = Mode(m_mode->currentData().toInt());
    if (mode == Mode::List && p.values.empty())
        return tr("give the values, separated by commas");
    if (mode != Mode::List) {
        using Field = std::pair<const QLineEdit*, const char*>;
        for (const auto& [edit, what] : {Field{m_from, "from"}, Field{m_to, "to"}, Field{m_step, "step"}})
            if ((edit != m_step || mode == Mode::Step) && !edit->text().trimmed().isEmpty()) {
                bool ok = false;
                edit->text().trimmed().toDouble(&ok);
                if (!ok)
                    return tr("%1 must be a number (got '%2'); put a unit under Unit")
                        .arg(QString::fromLatin1(what), edit->text().trimmed());
            }
    }
    return m_doc->sweepParameterProblem(p);
}

void SweepDialog::setPace(std::optional<double> pace)
{
    m_pace = pace;
    updatePreview();
}

void SweepDialog::updatePreview()
{
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
    if (!why.isEmpty()) {
        m_preview->setText(tr("Values: -"));
        m_runs->clear();
        m_estimate->clear();
        return;
    }
    const scenarios::SweepParameter p = parameter();
    const std::vector<std::string> values = scenarios::sweepValues(p);
    QStringList shown;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i == 12 && values.size() > 14) {
            shown << "…" << QString::fromStdString(values.back());
            break;
        }
        shown << QString::fromStdString(values[i]);
    }
    m_preview->setText(tr("Values (%1): %2").arg(values.size()).arg(shown.join(", ")));

    // The points with the other parameters, as scalelab-cli sweep expands them.
    const scenarios::Study& study = m_doc->study();
    scenarios::Sweep sweep = study.sweep ? *study.sweep : scenarios::Sweep{};
    auto& list = sweep.parameters;
    if (!m_keepOthers->isChecked())
        list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& q) { return q.set != p.set; }), list.end());
    const auto same = std::find_if(list.begin(), list.end(), [&](const auto& q) { return q.set == p.set; });
    if (same != list.end())
        *same = p;
    else
        list.push_back(p);
    const std::size_t points = scenarios::expandSweep(sweep).size();
    const std::size_t variants = study.variants.size();
    const int replications = study.run.until ? study.run.until->min : study.run.replications;
    const std::size_t runs = points * variants * std::size_t(replications);
    m_runs->setText(tr("%1 points x %2 variants x %3%4 replications = <b>%5 runs</b> of %6 s simulated")
                        .arg(points)
                        .arg(variants)
                        .arg(study.run.until ? tr("at least ") : QString())
                        .arg(replications)
                        .arg(runs)
                        .arg(study.run.duration));
    if (m_pace)
        m_estimate->setText(tr("About %1 at the last sweep's pace on this machine (%2 simulated s a second); "
                               "points already done are not run again")
                                .arg(clock(double(runs) * study.run.duration / *m_pace))
                                .arg(*m_pace, 0, 'f', 0));
    else
        m_estimate->setText(tr("No time estimate yet: the first sweep run here measures the pace"));
}

bool SweepDialog::apply(QString* error)
{
    return m_doc->setSweepParameter(parameter(), m_keepOthers->isChecked(), error);
}

void SweepDialog::accept()
{
    QString why;
    if (!apply(&why)) {
        m_problem->setText(why);
        m_problem->setVisible(true);
        return;
    }
    QDialog::accept();
}

} // namespace scalelab::gui
