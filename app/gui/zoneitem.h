#pragma once

#include "scenarios/study.h"

#include <QFont>
#include <QGraphicsRectItem>
#include <QHash>
#include <QRectF>
#include <QString>

#include <vector>

namespace scalelab::gui {

/// A labelled area of the canvas: a zone (its components inside it) or a
/// region (its zones inside it). Drawn behind the connections and the
/// components; a zone in an outage during a run is greyed.
class ZoneItem : public QGraphicsRectItem
{
public:
    enum { Type = UserType + 3 };
    enum class Level { Zone, Region };
    ZoneItem(Level level, const QString& name, const QString& label, const QRectF& rect, bool labelAtBottom = false);
    int type() const override { return Type; }
    Level level() const { return m_level; }
    QString name() const { return m_name; }
    QString label() const { return m_label; }
    /// Where the label is drawn (scene units): at the area's top left, or its
    /// bottom left for a band below another (its top is the line shared with it).
    QRectF labelRect() const;
    /// The label's font.
    static QFont labelFont();
    /// A zone outage in progress (a run's fault): the area greyed.
    void setOutage(bool on);
    bool outage() const { return m_outage; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    Level m_level;
    QString m_name;
    QString m_label;
    bool m_labelAtBottom = false;
    bool m_outage = false;
};

/// The ink of a zone's area: its dashed border and its label.
QColor zoneInk();

/// One area to draw.
struct ZoneArea
{
    ZoneItem::Level level = ZoneItem::Level::Zone;
    QString name;
    QString label; ///< "zone eu-1a (eu)", "region eu"
    QRectF rect;
    double z = -10.0;
    bool labelAtBottom = false; ///< a band below another: its label at its bottom left
};

/// The study's zones as areas around their components' boxes (`boxes`, by
/// component name, in scene units; which zones a component is drawn in:
/// drawnZones). Where the boxes stand as autoLayout puts them (each zone's
/// components in a band of its own, those spread over zones across the line
/// between bands, those in no zone outside them), one band per zone, as
/// wide as the drawing: no two areas overlap. Otherwise (a user's own
/// arrangement) areas around clusters of each zone's components, a zone
/// whose components are spread among others' in several areas rather than
/// one covering a component outside it. A zone without components: an empty
/// area right of the drawing, to drag components into. With more than one
/// region, each region an area around its zones.
std::vector<ZoneArea> zoneAreas(const scenarios::Study& study, const scenarios::Variant& variant,
                                const QHash<QString, QRectF>& boxes);

} // namespace scalelab::gui
