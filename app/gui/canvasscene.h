#pragma once

#include "componentitem.h"
#include "edgeitem.h"
#include "zoneitem.h"

#include "models/analytic/estimate.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>

#include <optional>

class QGraphicsLineItem;
class QSvgRenderer;

namespace scalelab::gui {

class Document;

/// The canvas of one variant: shows the document's components, call edges
/// (with their policies' badges) and zones, and turns gestures into document
/// edits (drop a kind: add, in the zone it lands in; drag: move, into
/// another zone; connect mode: drag from one component to another adds a
/// call; right-click: add a zone, or rename or remove the zone there;
/// double-click a zone's label: rename it).
class CanvasScene : public QGraphicsScene
{
    Q_OBJECT
public:
    enum class Mode { Select, Connect, Pan };
    static constexpr double kGrid = 20.0;
    /// The MIME type a palette drag carries: the kind's name ("service").
    static constexpr const char* kKindMime = "application/x-scalelab-kind";

    explicit CanvasScene(Document* document, QObject* parent = nullptr);

    Document* document() const { return m_doc; }
    void setVariant(const QString& variant);
    QString variant() const { return m_variant; }
    /// The operation whose route a new connection joins.
    void setOperation(const QString& operation) { m_operation = operation; }
    QString operation() const { return m_operation; }
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setSnapToGrid(bool on) { m_snap = on; }
    bool snapToGrid() const { return m_snap; }
    QPointF snapped(QPointF p) const;
    /// No editor background (tint and grid dots): the picture of an export.
    void setPlainBackground(bool on) { m_plain = on; }

    ComponentItem* item(const QString& name) const { return m_items.value(name); }
    QStringList selectedComponents() const;
    void selectComponents(const QStringList& names);
    /// The selected edges as (from, to).
    QList<QPair<QString, QString>> selectedEdges() const;

    /// Live run state by component; an empty hash clears it.
    void setLiveStates(const QHash<QString, LiveState>& states);
    /// Live traffic by connection ("caller->target"); an empty hash clears it.
    void setLiveTraffic(const QHash<QString, EdgeTraffic>& traffic);
    /// The edge from -> to, or nullptr.
    EdgeItem* edge(const QString& from, const QString& to) const;
    /// Marks components hit by a fault (dashed red border) until cleared.
    void setFaulty(const QStringList& names);
    /// Zones in an outage during a run (their areas greyed); empty clears.
    void setZoneOutages(const QStringList& zones);
    QStringList zoneOutages() const { return m_outages; }
    /// A run's fault event (RunPanel::faultEvent): a zone outage's start and end grey and restore its area.
    void faultEvent(const QString& kind, const QString& subject);
    /// The zone and region areas drawn.
    QList<ZoneItem*> zoneItems() const { return m_zones; }
    /// The zone whose area holds `pos` (the innermost), or empty.
    QString zoneAt(QPointF pos) const;
    /// The analytic model's estimate of this variant (AnalyticPanel): a
    /// badge on each saturated or nearly saturated component, a cache's hit
    /// ratio. nullopt clears them.
    void setEstimate(const std::optional<models::analytic::Estimate>& estimate);

    QSvgRenderer* icon(scenarios::ComponentKind kind) const { return m_icons.value(int(kind)); }

signals:
    /// Something the user tried and could not do, with why.
    void message(const QString& text);
    void modeChanged(Mode mode);
    void fileDropped(const QString& path);
    /// A double-click on a zone's label, or Rename zone in the canvas's menu:
    /// the window asks for the new name (Document::renameZone).
    void zoneRenameRequested(const QString& zone);

public slots:
    void rebuild();

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent* event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent* event) override;
    void dropEvent(QGraphicsSceneDragDropEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;

private:
    ComponentItem* componentAt(QPointF pos) const;
    /// The zone area whose label is at `pos`, or nullptr.
    ZoneItem* zoneLabelAt(QPointF pos) const;
    /// A module's live state: its share of its host's cores, failed with its host.
    LiveState moduleState(const QString& module, LiveState state, const QHash<QString, LiveState>& states) const;
    /// Forgets a run's live state and traffic once the study is edited (moves aside).
    void forgetRunIfEdited();
    void rebuildZones();
    void applyModel();

    Document* m_doc;
    QString m_variant;
    QString m_operation;
    Mode m_mode = Mode::Select;
    bool m_snap = true;
    bool m_plain = false;
    QHash<QString, ComponentItem*> m_items;
    QHash<int, QSvgRenderer*> m_icons;
    QHash<QString, LiveState> m_live;
    QHash<QString, EdgeTraffic> m_traffic;
    QList<EdgeItem*> m_edges;
    std::string m_design; ///< the study without its layout, when live state arrived
    QStringList m_faulty;
    QStringList m_outages;
    QList<ZoneItem*> m_zones;
    QHash<QString, ModelState> m_model;
    QGraphicsLineItem* m_rubber = nullptr;
    QString m_connectFrom;
};

} // namespace scalelab::gui
