#pragma once

#include "scenarios/diagnostic.h"
#include "scenarios/study.h"
#include "scenarios/studyedit.h"
#include "scenarios/studyreader.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QUndoStack>

#include <functional>
#include <optional>
#include <vector>

namespace scalelab::gui {

/// How the calls of a connection are made by the step at its tail.
enum class CallPlacement {
    Sequence, ///< one after the other (`calls`)
    Parallel, ///< at once, waiting for all (`parallel`)
    Miss,     ///< only when the cache at the tail misses (`miss`)
    Pipeline, ///< the next stage once the tail has released its worker (`then`)
};

/// An arrow of the canvas: the calls from -> to in the variant's routes, as
/// the first of them says (an edit sets every one).
struct Connection
{
    QString from;
    QString to;
    QStringList operations;            ///< the routes it is in
    int calls = 0;                     ///< route steps it stands for
    CallPlacement placement = CallPlacement::Sequence;
    std::optional<double> timeout;     ///< s
    std::optional<models::RetryPolicy> retries;
    std::optional<models::BreakerPolicy> breaker;
    std::optional<models::BulkheadPolicy> bulkhead;
    double probability = 1.0;
    bool async = false;                ///< the caller does not wait for the work behind it (a queue, a pipeline stage)
};

/// The study being edited: owns the scenarios::Study, its undo stack, file path
/// and dirty state. Every edit is a QUndoCommand pushed here (a snapshot of the
/// study before and after); views listen to changed() and never edit the study.
class Document : public QObject
{
    Q_OBJECT
public:
    explicit Document(QObject* parent = nullptr);
    ~Document() override;

    const scenarios::Study& study() const { return m_study; }
    const scenarios::Variant* variant(const QString& name) const;
    QUndoStack* undoStack() { return &m_undo; }

    /// The file the study is saved to; empty for an untitled study.
    QString filePath() const { return m_path; }
    bool isDirty() const { return !m_undo.isClean(); }

    /// The reader's diagnostics for the current study (errors and warnings).
    const std::vector<scenarios::Diagnostic>& diagnostics() const { return m_diagnostics; }

    /// Reads a study file, with `overrides` put in first (`scalelab --set`:
    /// the document then differs from the file, unsaved). On failure keeps
    /// the current document and returns the reader's diagnostics in *problems.
    bool load(const QString& path, std::vector<scenarios::Diagnostic>* problems,
              const std::vector<scenarios::Override>& overrides = {});
    /// Replaces the document (a template, a recovered autosave); `path` may be
    /// empty. `explicitValues`: the values set to their default (valueText()).
    void reset(const scenarios::Study& study, const QString& path, bool dirty = false,
               const QHash<QString, QString>& explicitValues = {});
    /// Saves atomically to `path` (scenarios::saveStudy) and marks the document clean.
    bool saveAs(const QString& path, QString* error);
    /// The study as the file would hold it.
    QString text() const;

    /// Where a component sits on the canvas (the variant's layout).
    QPointF position(const QString& variant, const QString& component) const;

    // Edits (each one undo step). Names are variant and component names.
    /// Adds a component of `kind` at `pos` with a fresh name (service1, ...); returns it.
    /// With a `zone`, a kind that runs on machines is put in it.
    QString addComponent(const QString& variant, scenarios::ComponentKind kind, QPointF pos, const QString& zone = {});
    /// Adds copies of `components` (renamed when taken) shifted by `offset`; returns their names.
    QStringList pasteComponents(const QString& variant, const std::vector<scenarios::Component>& components,
                                const QHash<QString, QPointF>& positions, QPointF offset);
    /// Removes components, the calls to them and their layout; a route whose
    /// entry is removed is removed too.
    void removeComponents(const QString& variant, const QStringList& names);
    /// Moves components (new centres); consecutive moves of the same set merge.
    void moveComponents(const QString& variant, const QHash<QString, QPointF>& positions);
    /// A connection is a call edge: `to` becomes the last call of every step at
    /// `from` in the route of `operation` (a route [from, to] when the operation
    /// has none yet). Fails, with the reason, when `from` is not on that route.
    bool connect(const QString& variant, const QString& from, const QString& to, const QString& operation,
                 QString* error);
    /// Removes every call from `from` to `to` (and what it calls) in the variant's routes.
    void disconnect(const QString& variant, const QString& from, const QString& to);
    /// Makes every call of the connection from -> to in sequence, in
    /// parallel or on a cache miss (Pipeline is not offered: a stage is
    /// where the route goes on, not a kind of call). Rejected, with why,
    /// when the result is invalid (a miss path from a component that is
    /// no cache-aside cache).
    bool setCallPlacement(const QString& variant, const QString& from, const QString& to, CallPlacement placement,
                          QString* error);
    /// Gives every call of the connection a policy ("retries", "breaker",
    /// "bulkhead") with its defaults, or takes it away.
    bool setCallPolicy(const QString& variant, const QString& from, const QString& to, const QString& policy, bool on,
                       QString* error);
    /// Adds a zone (zone1, zone2, ...) in the region of the last one; returns its name.
    QString addZone();
    /// Moves components and sets the zones of some (`zones`: component ->
    /// its zones, comma-separated), as one undo step.
    void moveIntoZones(const QString& variant, const QHash<QString, QPointF>& positions,
                       const QHash<QString, QString>& zones);
    /// Sets the value at `path` from the text the file would hold ("20ms"; empty:
    /// the default). Rejected, with the reader's message, when the result is invalid.
    bool setValueText(const scenarios::DocPath& path, const QString& text, QString* error);
    /// "Sweep this...": adds a parameter to the study's sweep: section (made
    /// if missing) that sets `path` to each of `values` (as the file writes
    /// them). False, with the first bad value and the file's message for it
    /// in *error, when a value is not one the field takes.
    bool addSweepParameter(const scenarios::DocPath& path, const QStringList& values, QString* error);
    /// What is wrong with `parameter` for this study (how it gives its
    /// values, or the first value its paths refuse, with the file's message
    /// for it), or empty.
    QString sweepParameterProblem(const scenarios::SweepParameter& parameter) const;
    /// "Sweep this...": puts `parameter` in the sweep: section (made if
    /// missing), in place of a parameter that sets the same paths; with
    /// `keepOthers` false the other parameters go. False, with
    /// sweepParameterProblem() in *error, when it is not valid.
    bool setSweepParameter(const scenarios::SweepParameter& parameter, bool keepOthers, QString* error);
    bool setValueTexts(const std::vector<std::pair<scenarios::DocPath, std::string>>& edits, const QString& label,
                       QString* error);
    /// Any other change of the study, as one undo step; rejected, with the
    /// reader's message, when it adds an error.
    bool edit(const QString& label, const std::function<void(scenarios::Study&)>& change, QString* error);
    /// Renames a component everywhere it is named (scenarios::renameComponent:
    /// calls at every depth, hosts, consumers, layout, faults of every type).
    bool renameComponent(const QString& variant, const QString& from, const QString& to, QString* error);
    /// Adds a copy of a variant (a design alternative); returns its name.
    QString duplicateVariant(const QString& variant);
    /// Adds a variant taken from another study (a template), renamed when taken.
    QString addVariant(const scenarios::Variant& variant);
    bool removeVariant(const QString& variant, QString* error);
    /// Renames a variant everywhere the study names it (scenarios::renameVariant:
    /// the variant, the faults' only: lists, the sweep's paths). Refuses, with
    /// the reason, an empty name, one with characters a name cannot hold, or a
    /// name another variant has.
    bool renameVariant(const QString& from, const QString& to, QString* error);
    /// Renames a zone everywhere the study names it (scenarios::renameZone:
    /// network.zones, the components' zone lists, the faults, the sweep's
    /// paths); one undo step. Refuses an empty, malformed or taken name.
    bool renameZone(const QString& from, const QString& to, QString* error);
    /// Removes a zone (scenarios::removeZone: a component only there falls
    /// to the study's first remaining zone); one undo step. Refuses, naming
    /// them, while faults name the zone.
    bool removeZone(const QString& zone, QString* error);

    /// The text at `path` as the file holds it; empty when the key is left to
    /// its default. A value set to its default (typed in the editor, or
    /// written in the file read) is that text all the same: it is set.
    QString valueText(const scenarios::DocPath& path) const;
    /// Whether the key at `path` is set to the very value it has by default.
    bool isSetToDefault(const scenarios::DocPath& path) const;

    /// The edges drawn on the canvas: the union of the variant's call edges (from, to).
    static std::vector<std::pair<std::string, std::string>> edges(const scenarios::Variant& variant);
    /// The connections drawn on the canvas, in the order of edges().
    static std::vector<Connection> connections(const scenarios::Variant& variant);
    /// The zone a component is in on the canvas: its first zone, the study's
    /// first zone when it names none; empty for kinds without machines or a
    /// study without zones.
    static QString zoneOf(const scenarios::Study& study, const scenarios::Component& component);

signals:
    /// The study changed (an edit, an undo, a load).
    void changed();
    void filePathChanged(const QString& path);
    void dirtyChanged(bool dirty);

private:
    friend class StudyCommand;
    void apply(const scenarios::Study& study);
    void commit(scenarios::Study after, const QString& label, int mergeId = -1, const QStringList& mergeKey = {},
                std::optional<QHash<QString, QString>> explicitAfter = std::nullopt);
    void revalidate();
    void fillLayout(scenarios::Study& study) const;
    scenarios::Variant* mutableVariant(scenarios::Study& study, const QString& name) const;

    scenarios::Study m_study;
    QHash<QString, QString> m_explicit; // joined path -> text, for values set to their default
    std::vector<scenarios::Diagnostic> m_diagnostics;
    QUndoStack m_undo;
    QString m_path;
};

/// A unique name: `base` if free, else base1, base2, ...
QString uniqueName(const QString& base, const QStringList& taken);

} // namespace scalelab::gui
