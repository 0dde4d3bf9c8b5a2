#pragma once

#include "scenarios/study.h"

#include <QGraphicsObject>
#include <QList>

#include <optional>

class QSvgRenderer;

namespace scalelab::gui {

class EdgeItem;

/// What a run shows on a component (the latest stream frame).
struct LiveState
{
    double utilization = 0.0; ///< 0..1
    double queue = 0.0;       ///< waiting visits
    int instances = 0;        ///< serving instances
    int down = 0;             ///< instances down
    bool failed = false;      ///< every instance down, or in a fault
    /// A module: its host's cores busy with its work (time-averaged); -1 for
    /// other kinds. The canvas turns it into `utilization`, the share of the
    /// host's cores, and names the host.
    double moduleCores = -1.0;
    QString host;             ///< a module's host, set by the canvas
};

/// What the analytic model says of a component while editing (at the
/// workload's peak rate, scenarios::analyzeVariant).
struct ModelState
{
    double utilization = 0.0; ///< the highest of CPU, workers and disk; >= 1 (+inf: a full worker pool): saturated
    double load = 0.0;        ///< the highest of them linear in the rate (the rate over the saturation rate)
    double hitRatio = -1.0;   ///< caches: the hit ratio the model uses; else -1
};

/// A component on the canvas: icon, name, kind; during a run, filled by
/// utilization with its queue, instances and down state. Shows the document,
/// never edits it (the scene turns drags into document edits).
class ComponentItem : public QGraphicsObject
{
    Q_OBJECT
public:
    enum { Type = UserType + 1 };
    static constexpr double kWidth = 180.0;
    static constexpr double kHeight = 64.0;

    ComponentItem(const scenarios::Component& component, QSvgRenderer* icon);
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    QString name() const { return m_name; }
    scenarios::ComponentKind kind() const { return m_kind; }
    void setLive(const std::optional<LiveState>& state);
    const std::optional<LiveState>& live() const { return m_live; }
    /// The model's figures shown as a badge until a run's state replaces them.
    void setModel(const std::optional<ModelState>& state);
    const std::optional<ModelState>& model() const { return m_model; }
    /// The badge's text ("saturated 1.30x at peak", "85% at peak", "hit 80%"), empty when none.
    QString modelBadge() const;
    void setFaulty(bool faulty);
    bool faulty() const { return m_faulty; }
    void addEdge(EdgeItem* edge) { m_edges << edge; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

private:
    QString m_name;
    QString m_detail;
    scenarios::ComponentKind m_kind;
    QSvgRenderer* m_icon;
    std::optional<LiveState> m_live;
    std::optional<ModelState> m_model;
    bool m_faulty = false;
    QList<EdgeItem*> m_edges;
};

/// Green (idle) to amber to red (saturated) for a utilization in 0..1.
QColor utilizationColor(double utilization);

} // namespace scalelab::gui
